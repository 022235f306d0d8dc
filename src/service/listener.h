// The listeners of `taxgate serve` (the API, the metrics, the console):
// how many connections each serves at once and where it is bound.
#ifndef TAXGATE_SERVICE_LISTENER_H_
#define TAXGATE_SERVICE_LISTENER_H_

#include <httplib.h>

#include <string>

namespace taxgate::service {

// Serves `server` on `threads` connections at once (at least one) and binds
// it to host:port (port 0: a free one). Returns the port bound, or -1 when
// the address cannot be bound.
int BindListener(httplib::Server* server, const std::string& host, int port,
                 int threads);

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_LISTENER_H_
