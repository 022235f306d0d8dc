#include "witness/client.h"

#include <httplib.h>

namespace taxgate::witness {
namespace {

// Splits "scheme://host:port/path" into "scheme://host:port" and "/path".
void SplitUrl(const std::string& url, std::string* base, std::string* path) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) {
    *base = url;
    *path = "/";
  } else {
    *base = url.substr(0, slash);
    *path = url.substr(slash);
  }
}

HttpReply Send(const std::string& url, const std::string* body,
               int timeout_ms) {
  std::string base, path;
  SplitUrl(url, &base, &path);
  HttpReply reply;
  httplib::Client client(base);
  if (!client.is_valid()) {
    reply.error = "cannot use URL " + url;
    return reply;
  }
  const time_t sec = timeout_ms / 1000;
  const time_t usec = (timeout_ms % 1000) * 1000;
  client.set_connection_timeout(sec, usec);
  client.set_read_timeout(sec, usec);
  client.set_write_timeout(sec, usec);
  httplib::Result res =
      body ? client.Post(path, *body, "text/plain") : client.Get(path);
  if (!res) {
    reply.error = url + ": " + httplib::to_string(res.error());
    return reply;
  }
  reply.status = res->status;
  reply.content_type = res->get_header_value("Content-Type");
  reply.body = res->body;
  return reply;
}

}  // namespace

Transport HttpTransport(int timeout_ms) {
  Transport t;
  t.post = [timeout_ms](const std::string& url, const std::string& body) {
    return Send(url, &body, timeout_ms);
  };
  t.get = [timeout_ms](const std::string& url) {
    return Send(url, nullptr, timeout_ms);
  };
  return t;
}

}  // namespace taxgate::witness
