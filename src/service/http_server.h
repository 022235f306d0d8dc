// HttpServer: the Service on HTTPS with mutual TLS (docs/api.md,
// docs/openapi.yaml).
//
//   POST /v1/requests                       one request or a batch
//   GET  /v1/requests/{agency}/{id}         its answer once released
//   GET  /v1/audit/checkpoint               the latest signed checkpoint
//   GET  /v1/audit/proof/{leaf}?size=N      inclusion proof
//   GET  /v1/audit/consistency?from=M&to=N  consistency proof
//   GET  /healthz                           the store answers
// and on the operator's own listener (--metrics-listen), plain HTTP:
//   GET  /metrics                           Prometheus text
//   GET  /healthz
//
// Who is asking: the /v1 routes need a client certificate that chains to
// the operator's CA and is in date; its subject CN is the agency code. The
// handshake lets any certificate (or none) through so that a refusal is
// answered (401) and audited (`api_refused`), not a bare reset. /healthz
// needs no certificate (it says nothing of any request).
// Each agency's requests are rate-limited (policy [service]); over the
// limit: 429, audited once per minute per agency with the count refused.
#ifndef TAXGATE_SERVICE_HTTP_SERVER_H_
#define TAXGATE_SERVICE_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "service/service.h"

namespace taxgate::service {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8443;
  std::string cert;       // server certificate chain (PEM)
  std::string key;        // its private key (PEM)
  std::string client_ca;  // CA certificates agencies' certificates chain to
  int threads = 8;        // connections served at once
  // The operator's plain-HTTP listener for /metrics and /healthz (port -1:
  // none; 0: a free one). Keep it off the agencies' network.
  std::string metrics_host = "127.0.0.1";
  int metrics_port = -1;
  // Called once the ports are bound, before serving (e.g. to print them;
  // metrics_port -1 when there is none).
  std::function<void(int port, int metrics_port)> on_listening;
};

class HttpServer {
 public:
  HttpServer(Service* service, const policy::Policy& policy,
             HttpOptions options);
  ~HttpServer();

  // Binds and serves until Stop(). Errors: InvalidArgument when the
  // certificate, key or CA cannot be loaded; Unavailable when the address
  // cannot be bound.
  Status Run();
  // The port bound (after Run started; useful with port 0).
  int port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The HTTP status of a Status (STYLE.md: errors mapped to the outside world
// in one place).
int HttpStatusOf(const Status& s);

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_HTTP_SERVER_H_
