// An open-loop load client for `taxgate serve` (bench/serve.sh drives it).
//
// Debian's wrk cannot present a client certificate and waits for each
// answer before sending the next request (closed loop), so a slow server
// slows the load down and hides its own latency (coordinated omission).
// Here request i is due at start + i / rate whatever the server does; a
// pool of workers, each with one keep-alive mutual-TLS connection per
// agency, sends each request when it is due, and its latency is measured
// from when it was due, not from when a worker got to it. The requests are
// a synth batch's signed rows, one per POST, each with its signer's
// agency's certificate.
//
// Usage: taxgate_serve_load --port P --certs DIR --requests requests.csv
//          --officials officials.csv --rate R --count N [--skip K]
//          [--workers W]
// Prints one line of figures ("rate=... sent=... p50_ms=...") and the
// answers by kind.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/csv_reader.h"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

struct Item {
  std::string agency;
  std::string body;
};

std::string Arg(int argc, char** argv, const std::string& name,
                const std::string& def = "") {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  if (def.empty()) {
    std::fprintf(stderr, "serve_load: %s is required\n", name.c_str());
    std::exit(2);
  }
  return def;
}

std::vector<std::vector<std::string>> ReadCsv(
    const std::string& path, std::vector<std::string>* header) {
  auto reader = taxgate::CsvReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "serve_load: %s\n", reader.status().message().c_str());
    std::exit(1);
  }
  *header = (*reader)->header();
  std::vector<std::vector<std::string>> rows;
  taxgate::CsvRow row;
  while (true) {
    auto more = (*reader)->Next(&row);
    if (!more.ok() || !*more) break;
    rows.push_back(row.fields);
  }
  return rows;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  // A connection the server closed must fail a request, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  const int port = std::atoi(Arg(argc, argv, "--port").c_str());
  const std::string certs = Arg(argc, argv, "--certs");
  const double rate = std::atof(Arg(argc, argv, "--rate").c_str());
  const size_t count = std::strtoul(Arg(argc, argv, "--count").c_str(), 0, 10);
  const size_t skip =
      std::strtoul(Arg(argc, argv, "--skip", "0").c_str(), 0, 10);
  const int workers = std::atoi(Arg(argc, argv, "--workers", "64").c_str());

  std::vector<std::string> oh;
  std::map<std::string, std::string> agency_of;
  for (const auto& r : ReadCsv(Arg(argc, argv, "--officials"), &oh)) {
    std::map<std::string, std::string> m;
    for (size_t c = 0; c < oh.size() && c < r.size(); ++c) m[oh[c]] = r[c];
    agency_of[m["official_id"]] = m["agency"];
  }
  std::vector<std::string> rh;
  std::vector<Item> items;
  for (const auto& r : ReadCsv(Arg(argc, argv, "--requests"), &rh)) {
    Json j = Json::object();
    std::string signer;
    for (size_t c = 0; c < rh.size() && c < r.size(); ++c) {
      j[rh[c]] = r[c];
      if (rh[c] == "signed_by") signer = r[c];
    }
    // A signer the registry does not know (synth writes some on purpose)
    // is sent with the official's agency, else the first agency's
    // certificate: the service then refuses it as the law says.
    std::string agency = agency_of[signer];
    if (agency.empty()) agency = agency_of[j.value("official_id", "")];
    if (agency.empty() && !agency_of.empty())
      agency = agency_of.begin()->second;
    items.push_back({agency, j.dump()});
  }
  if (skip + count > items.size()) {
    std::fprintf(stderr,
                 "serve_load: want %zu requests from %zu, file has %zu\n",
                 count, skip, items.size());
    return 1;
  }

  std::atomic<size_t> next{0};
  std::mutex mu;
  std::vector<double> latencies;
  std::map<std::string, int64_t> outcomes;
  int64_t errors = 0;
  const auto start = Clock::now() + std::chrono::milliseconds(200);
  auto due = [&](size_t i) {
    return start + std::chrono::nanoseconds(static_cast<int64_t>(
                       1e9 * static_cast<double>(i) / rate));
  };
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      std::map<std::string, std::unique_ptr<httplib::SSLClient>> clients;
      std::vector<double> mine;
      std::map<std::string, int64_t> seen;
      int64_t failed = 0;
      while (true) {
        size_t i = next++;
        if (i >= count) break;
        const Item& item = items[skip + i];
        auto& cli = clients[item.agency];
        if (!cli) {
          cli = std::make_unique<httplib::SSLClient>(
              "127.0.0.1", port, certs + "/" + item.agency + ".pem",
              certs + "/" + item.agency + ".key");
          cli->set_ca_cert_path((certs + "/ca.pem").c_str());
          cli->enable_server_certificate_verification(true);
          cli->set_keep_alive(true);
          cli->set_tcp_nodelay(true);
          cli->set_read_timeout(30, 0);
        }
        std::this_thread::sleep_until(due(i));
        auto res = cli->Post("/v1/requests", item.body, "application/json");
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - due(i))
                .count();
        mine.push_back(ms);
        if (!res || res->status != 200) {
          // A refusal (403: a request naming another agency's official,
          // which synth writes on purpose) is an answer, not a failure.
          if (!res || res->status >= 500 || res->status == 429) ++failed;
          ++seen[res ? "http_" + std::to_string(res->status)
                     : "no_answer_" + httplib::to_string(res.error())];
          continue;
        }
        Json j = Json::parse(res->body, nullptr, false);
        if (j.is_object() && j.contains("answers") && !j["answers"].empty()) {
          ++seen[j["answers"][0].value("answer", "?")];
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      for (auto& [k, v] : seen) outcomes[k] += v;
      errors += failed;
    });
  }
  for (auto& t : pool) t.join();
  const double secs =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "rate=%.0f sent=%zu seconds=%.1f achieved=%.0f errors=%lld p50_ms=%.2f "
      "p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f\n",
      rate, latencies.size(), secs,
      static_cast<double>(latencies.size()) / secs,
      static_cast<long long>(errors), Percentile(latencies, 0.5),
      Percentile(latencies, 0.9), Percentile(latencies, 0.99),
      Percentile(latencies, 0.999),
      latencies.empty()
          ? 0
          : *std::max_element(latencies.begin(), latencies.end()));
  std::printf("answers:");
  for (auto& [k, v] : outcomes)
    std::printf(" %s=%lld", k.c_str(), static_cast<long long>(v));
  std::printf("\n");
  return errors == 0 ? 0 : 1;
}
