#include "service/http_server.h"

#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <thread>

#include "common/date.h"
#include "common/strings.h"
#include "service/listener.h"
#include "service/rate_limiter.h"
#include "service/tls.h"
#include "text/text.h"

namespace taxgate::service {

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAborted:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

double NowSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

const char kJson[] = "application/json";

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void SendError(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  SendJson(res, status,
           Json{{"error", {{"code", code}, {"message", message}}}});
}

void SendStatus(httplib::Response& res, const Status& s) {
  SendError(res, HttpStatusOf(s), StatusCodeName(s.code()), s.message());
}

std::optional<int64_t> QueryInt(const httplib::Request& req,
                                const std::string& name) {
  if (!req.has_param(name.c_str())) return std::nullopt;
  return ParseInt(req.get_param_value(name.c_str()));
}

}  // namespace

struct HttpServer::Impl {
  Service* service;
  const policy::Policy& policy;
  HttpOptions options;
  std::unique_ptr<httplib::SSLServer> server;
  RateLimiter limiter;
  std::atomic<int> bound_port{0};
  std::atomic<bool> stopping{false};
  std::mutex sweep_mu;
  std::condition_variable sweep_cv;

  // Metrics (GET /metrics).
  std::shared_ptr<prometheus::Registry> registry =
      std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& answers =
      prometheus::BuildCounter()
          .Name("taxgate_answers_total")
          .Help("Answers given at POST /v1/requests, by answer and rule code")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& http =
      prometheus::BuildCounter()
          .Name("taxgate_http_requests_total")
          .Help("HTTP requests by route and status")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& refusals =
      prometheus::BuildCounter()
          .Name("taxgate_refusals_total")
          .Help("Calls refused at the door (certificate, agency, rate)")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency =
      prometheus::BuildHistogram()
          .Name("taxgate_request_duration_seconds")
          .Help("Time to answer, by route")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& probability =
      prometheus::BuildHistogram()
          .Name("taxgate_match_probability")
          .Help("Match probability of the best candidate of matched requests")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& queue =
      prometheus::BuildGauge()
          .Name("taxgate_review_queue")
          .Help("Matching reviews waiting for a person")
          .Register(*registry);

  Impl(Service* s, const policy::Policy& p, HttpOptions o)
      : service(s),
        policy(p),
        options(std::move(o)),
        limiter([&p](const std::string& agency) {
          auto it = p.service_agency_requests_per_minute.find(agency);
          return it != p.service_agency_requests_per_minute.end()
                     ? it->second
                     : p.service_requests_per_minute;
        }) {}

  void Count(const std::string& route, int status) {
    http.Add({{"route", route}, {"status", std::to_string(status)}})
        .Increment();
  }

  // Refusals are audited once a minute per (agency or peer, reason): the
  // first of the minute with the count of the minute before, so a flood
  // of refused calls cannot flood the log.
  std::mutex refuse_mu;
  std::map<std::string, std::pair<int64_t, int64_t>> refused;  // minute, n

  void Refuse(const std::string& agency, const std::string& reason,
              std::vector<std::pair<std::string, std::string>> facts,
              const std::string& who) {
    refusals.Add({{"reason", reason}}).Increment();
    const int64_t minute = static_cast<int64_t>(
        std::chrono::duration_cast<std::chrono::minutes>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    int64_t before = 0;
    {
      std::lock_guard<std::mutex> lock(refuse_mu);
      auto& [last_minute, n] = refused[who + '\x1f' + reason];
      const bool first = last_minute != minute;
      if (first) {
        before = n;
        last_minute = minute;
        n = 0;
      }
      ++n;
      if (!first) return;
    }
    facts.emplace_back("refused_in_previous_minute", std::to_string(before));
    Status s = service->AuditRefusal(agency, reason, facts);
    if (!s.ok()) {
      std::cerr << "taxgate serve: could not audit a refusal: " << s.message()
                << "\n";
    }
  }

  // The caller's agency, or nullopt after answering 401 (audited).
  std::optional<std::string> Authenticate(const httplib::Request& req,
                                          httplib::Response& res,
                                          const std::string& route) {
    ClientIdentity id = IdentifyClient(req.ssl);
    if (id.verified) return text::AgencyCode(id.agency);
    // An unverified certificate's CN is only a claim: the refusal is the
    // peer's, not that agency's.
    Refuse("UNKNOWN", "client_certificate",
           {{"problem", id.problem},
            {"claimed_cn", id.agency},
            {"certificate_sha256", id.fingerprint_hex},
            {"remote_addr", req.remote_addr}},
           req.remote_addr + '\x1f' + id.problem);
    SendError(res, 401, "UNAUTHENTICATED", id.problem);
    Count(route, 401);
    return std::nullopt;
  }

  bool WithinRate(const std::string& agency, size_t cost) {
    if (limiter.Take(agency, static_cast<double>(cost), NowSeconds())) {
      return true;
    }
    Refuse(agency, "rate_limit", {}, agency);
    return false;
  }

  // 429 for an agency over its rate (GETs cost one token each too).
  bool RateLimited(const std::string& agency, size_t cost,
                   httplib::Response& res, const std::string& route) {
    if (WithinRate(agency, cost)) return false;
    SendError(res, 429, "RESOURCE_EXHAUSTED",
              "agency " + agency +
                  " is over its rate limit (policy [service]); try again "
                  "later");
    Count(route, 429);
    return true;
  }

  void Routes() {
    auto& svr = *server;
    svr.set_payload_max_length(16 << 20);
    // Agencies keep their connections: a TLS handshake per request would
    // cost more than the request.
    svr.set_keep_alive_max_count(100000);
    svr.set_keep_alive_timeout(30);
    // An answer is a few small writes: without TCP_NODELAY each waits for
    // the client's delayed ACK (~40 ms).
    svr.set_tcp_nodelay(true);
    svr.Post("/v1/requests", [this](const httplib::Request& req,
                                    httplib::Response& res) {
      const double start = NowSeconds();
      const std::string route = "POST /v1/requests";
      auto agency = Authenticate(req, res, route);
      if (!agency) return;
      // Parsed once: a body that is not JSON still costs a token.
      auto parsed = Service::ParseBody(req.body);
      const size_t cost = parsed.ok() ? Service::RequestCount(*parsed) : 1;
      if (RateLimited(*agency, cost, res, route)) return;
      if (!parsed.ok()) {
        SendStatus(res, parsed.status());
        Count(route, res.status);
        return;
      }
      auto out = service->Submit(*agency, *parsed, TodayUtc());
      if (!out.ok() && out.status().code() == StatusCode::kPermissionDenied) {
        refusals.Add({{"reason", "official_of_another_agency"}}).Increment();
      }
      if (!out.ok()) {
        SendStatus(res, out.status());
        Count(route, res.status);
        return;
      }
      for (const auto& a : out->stats) {
        if (a.reasons.empty()) {
          answers.Add({{"answer", a.answer}, {"code", ""}}).Increment();
        }
        for (const auto& c : a.reasons) {
          answers.Add({{"answer", a.answer}, {"code", c}}).Increment();
        }
        if (a.match_probability) {
          probability
              .Add({},
                   prometheus::Histogram::BucketBoundaries{
                       0.01, 0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999})
              .Observe(*a.match_probability);
        }
      }
      SendJson(res, 200, out->body);
      Count(route, 200);
      latency
          .Add({{"route", route}},
               prometheus::Histogram::BucketBoundaries{
                   0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2})
          .Observe(NowSeconds() - start);
    });
    svr.Get(R"(/v1/requests/([^/]+)/([^/]+))",
            [this](const httplib::Request& req, httplib::Response& res) {
              const std::string route = "GET /v1/requests";
              auto agency = Authenticate(req, res, route);
              if (!agency) return;
              if (RateLimited(*agency, 1, res, route)) return;
              const std::string asked = text::AgencyCode(req.matches[1].str());
              if (asked != *agency) {
                Refuse(*agency, "answer_of_another_agency",
                       {{"asked_for", asked}}, *agency);
                SendError(res, 403, "PERMISSION_DENIED",
                          "a client of agency " + *agency +
                              " may read only its own agency's answers");
                Count(route, 403);
                return;
              }
              auto a =
                  service->Answer(*agency, req.matches[2].str(), TodayUtc());
              if (!a.ok()) {
                SendStatus(res, a.status());
              } else {
                SendJson(res, 200, *a);
              }
              Count(route, res.status);
            });
    auto audit_route = [this](const std::string& route, auto fn) {
      return [this, route, fn](const httplib::Request& req,
                               httplib::Response& res) {
        auto agency = Authenticate(req, res, route);
        if (!agency) return;
        if (RateLimited(*agency, 1, res, route)) return;
        Result<Json> j = fn(req);
        if (!j.ok()) {
          SendStatus(res, j.status());
        } else {
          SendJson(res, 200, *j);
        }
        Count(route, res.status);
      };
    };
    svr.Get("/v1/audit/checkpoint",
            audit_route("GET /v1/audit/checkpoint",
                        [this](const httplib::Request&) {
                          return service->Checkpoint();
                        }));
    svr.Get(R"(/v1/audit/proof/(\d+))",
            audit_route("GET /v1/audit/proof",
                        [this](const httplib::Request& req) -> Result<Json> {
                          auto leaf = ParseInt(req.matches[1].str());
                          auto size = QueryInt(req, "size");
                          if (!leaf || (req.has_param("size") && !size)) {
                            return Status::InvalidArgument(
                                "want /v1/audit/proof/LEAF?size=N, whole "
                                "numbers");
                          }
                          return service->Proof(*leaf, size.value_or(-1));
                        }));
    svr.Get("/v1/audit/consistency",
            audit_route("GET /v1/audit/consistency",
                        [this](const httplib::Request& req) -> Result<Json> {
                          auto from = QueryInt(req, "from");
                          auto to = QueryInt(req, "to");
                          if (!from || (req.has_param("to") && !to)) {
                            return Status::InvalidArgument(
                                "want /v1/audit/consistency?from=M&to=N, "
                                "whole numbers");
                          }
                          return service->Consistency(*from, to.value_or(-1));
                        }));
    svr.Get(
        "/healthz", [this](const httplib::Request&, httplib::Response& res) {
          Status s = service->Health();
          if (s.ok()) {
            SendJson(res, 200, Json{{"status", "ok"}});
          } else {
            SendJson(res, 503,
                     Json{{"status", "unavailable"}, {"message", s.message()}});
          }
          Count("GET /healthz", res.status);
        });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        SendError(res, res.status, "NOT_FOUND",
                  "no such route (docs/api.md lists them)");
      }
    });
  }

  // The operator's listener: /metrics (and /healthz), plain HTTP on an
  // address the operator keeps to itself (loopback, a monitoring
  // network): the match-probability histogram and the review queue move
  // as requests are decided, which an agency must not watch.
  std::unique_ptr<httplib::Server> metrics_server;
  void MetricsRoutes() {
    auto& svr = *metrics_server;
    svr.Get("/metrics",
            [this](const httplib::Request&, httplib::Response& res) {
              auto q = service->ReviewQueueSize();
              if (q.ok()) queue.Add({}).Set(static_cast<double>(*q));
              prometheus::TextSerializer text;
              res.set_content(text.Serialize(registry->Collect()),
                              "text/plain; version=0.0.4");
              Count("GET /metrics", 200);
            });
    svr.Get("/healthz",
            [this](const httplib::Request&, httplib::Response& res) {
              Status s = service->Health();
              SendJson(res, s.ok() ? 200 : 503,
                       Json{{"status", s.ok() ? "ok" : "unavailable"}});
            });
  }

  // Releases the answers whose window has closed, every few seconds.
  void Sweep() {
    std::unique_lock<std::mutex> lock(sweep_mu);
    while (!stopping) {
      sweep_cv.wait_for(lock, std::chrono::seconds(5));
      if (stopping) break;
      auto r = service->ReleaseDue(TodayUtc());
      if (!r.ok()) {
        std::cerr << "taxgate serve: release: " << r.status().message() << "\n";
      }
    }
  }
};

HttpServer::HttpServer(Service* service, const policy::Policy& policy,
                       HttpOptions options)
    : impl_(std::make_unique<Impl>(service, policy, std::move(options))) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Run() {
  const HttpOptions& o = impl_->options;
  std::string problem;
  impl_->server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
    if (!UseServerCertificate(&ctx, o.cert, o.key, &problem)) return false;
    if (SSL_CTX_load_verify_locations(&ctx, o.client_ca.c_str(), nullptr) !=
        1) {
      problem = o.client_ca + ": not a PEM file of CA certificates";
      return false;
    }
    SSL_CTX_set_client_CA_list(&ctx,
                               SSL_load_client_CA_file(o.client_ca.c_str()));
    // Verified against the CA, but the handshake goes on whatever the
    // result: the route answers and audits the refusal (IdentifyClient).
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER,
                       [](int, X509_STORE_CTX*) { return 1; });
    // No session resumption: every connection shows and verifies its
    // certificate afresh (a resumed session would carry an old result).
    static const unsigned char kContext[] = "taxgate-serve";
    SSL_CTX_set_session_id_context(&ctx, kContext, sizeof kContext - 1);
    SSL_CTX_set_session_cache_mode(&ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(&ctx, SSL_OP_NO_TICKET);
    return true;
  });
  if (!impl_->server->is_valid()) {
    return Status::InvalidArgument("serve: TLS setup failed: " +
                                   (problem.empty() ? "OpenSSL refused the "
                                                      "context"
                                                    : problem));
  }
  impl_->Routes();
  const int port = BindListener(impl_->server.get(), o.host, o.port, o.threads);
  if (port < 0) {
    return Status::Unavailable("serve: cannot listen on " + o.host + ":" +
                               std::to_string(o.port) +
                               " (in use, or not an address of this host)");
  }
  impl_->bound_port = port;
  int metrics_port = -1;
  std::thread metrics;
  if (o.metrics_port >= 0) {
    impl_->metrics_server = std::make_unique<httplib::Server>();
    impl_->MetricsRoutes();
    metrics_port = BindListener(impl_->metrics_server.get(), o.metrics_host,
                                o.metrics_port, 2);
    if (metrics_port < 0) {
      return Status::Unavailable("serve: cannot listen on " + o.metrics_host +
                                 ":" + std::to_string(o.metrics_port) +
                                 " for metrics");
    }
    metrics =
        std::thread([this] { impl_->metrics_server->listen_after_bind(); });
  }
  if (o.on_listening) o.on_listening(port, metrics_port);
  std::thread sweeper([this] { impl_->Sweep(); });
  const bool ok = impl_->server->listen_after_bind();
  impl_->stopping = true;
  if (impl_->metrics_server) impl_->metrics_server->stop();
  if (metrics.joinable()) metrics.join();
  impl_->sweep_cv.notify_all();
  sweeper.join();
  if (!ok && !impl_->stopping) {
    return Status::Unavailable("serve: the listener stopped");
  }
  return Status::Ok();
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::Stop() {
  impl_->stopping = true;
  impl_->sweep_cv.notify_all();
  if (impl_->server) impl_->server->stop();
  if (impl_->metrics_server) impl_->metrics_server->stop();
}

}  // namespace taxgate::service
