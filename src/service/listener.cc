#include "service/listener.h"

#include <algorithm>

namespace taxgate::service {

int BindListener(httplib::Server* server, const std::string& host, int port,
                 int threads) {
  const size_t n = static_cast<size_t>(std::max(1, threads));
  server->new_task_queue = [n] { return new httplib::ThreadPool(n); };
  if (port == 0) return server->bind_to_any_port(host.c_str());
  return server->bind_to_port(host.c_str(), port) ? port : -1;
}

}  // namespace taxgate::service
