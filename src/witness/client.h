// Talking to witnesses over HTTP(S) (cpp-httplib): the transport the log
// side uses, behind a small interface so tests can route requests to an
// in-process Witness.
#ifndef TAXGATE_WITNESS_CLIENT_H_
#define TAXGATE_WITNESS_CLIENT_H_

#include <functional>
#include <string>

namespace taxgate::witness {

// An HTTP answer, or `error` (non-empty, status 0) when none came: the
// witness could not be reached, or timed out.
struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string error;
};

struct Transport {
  // POST `body` (text/plain) to `url`.
  std::function<HttpReply(const std::string& url, const std::string& body)>
      post;
  // GET `url`.
  std::function<HttpReply(const std::string& url)> get;
};

// The real one: a fresh connection per request, `timeout_ms` to connect
// and the same to read and write. URLs are http:// or https:// (system CA
// certificates).
Transport HttpTransport(int timeout_ms = 5000);

}  // namespace taxgate::witness

#endif  // TAXGATE_WITNESS_CLIENT_H_
