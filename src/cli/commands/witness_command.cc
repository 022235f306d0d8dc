// `taxgate witness serve|key`: an outside witness of taxgate audit logs
// (C2SP tlog-witness over HTTP; docs/witnesses.md). The protocol is
// witness::Witness; this file only binds it to cpp-httplib.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <ctime>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/witness_hook.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "pipeline/keys.h"
#include "witness/protocol.h"
#include "witness/state.h"
#include "witness/witness.h"

namespace taxgate::cli {
namespace {

constexpr size_t kMaxBody = 64 * 1024;

// The logs to witness: every verifier key of the --log files and the
// --log-key options, grouped by origin.
Result<std::vector<witness::WitnessedLog>> Logs(
    const std::vector<std::string>& files,
    const std::vector<std::string>& keys) {
  std::vector<audit::NoteVerifier> all;
  for (const auto& f : files) {
    auto text = ReadFile(f);
    if (!text.ok()) return Status::NotFound(f + ": cannot read the log keys");
    TG_ASSIGN_OR_RETURN(auto v, pipeline::ParseVerifierList(*text, f));
    all.insert(all.end(), v.begin(), v.end());
  }
  for (const auto& k : keys) {
    auto v = audit::ParseNoteVerifier(k);
    if (!v.ok()) {
      return Status::InvalidArgument("--log-key '" + k +
                                     "': " + v.status().message());
    }
    all.push_back(*v);
  }
  if (all.empty()) {
    return Status::InvalidArgument(
        "no log to witness: give --log FILE (a log's "
        "checkpoint-verifiers.txt) or --log-key KEY");
  }
  return witness::LogsFromVerifiers(all);
}

int Serve(const std::string& state, const std::string& name,
          const std::string& listen, const std::vector<std::string>& log_files,
          const std::vector<std::string>& log_keys) {
  std::string host;
  int port = 0;
  if (Status s = ParseListen(listen, &host, &port); !s.ok()) return Fail(s);
  auto logs = Logs(log_files, log_keys);
  if (!logs.ok()) return Fail(logs.status());
  auto home = witness::WitnessHome::Open(state, name, /*lock=*/true);
  if (!home.ok()) return Fail(home.status());
  witness::Witness w((*home)->key(), *logs, (*home)->store(),
                     [] { return static_cast<uint64_t>(std::time(nullptr)); });

  // SIGINT and SIGTERM stop the server from a thread of their own (every
  // thread, the server's too, inherits the blocked mask).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.set_payload_max_length(kMaxBody);
  std::mutex out_mu;
  auto log_line = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(out_mu);
    std::cout << line << std::endl;
  };
  auto reply = [&](httplib::Response& res, const witness::Response& r,
                   const std::string& what) {
    res.status = r.status;
    res.set_content(r.body, r.content_type.c_str());
    log_line(what + " " + std::to_string(r.status) + " " + r.summary);
  };
  server.Post("/add-checkpoint",
              [&](const httplib::Request& req, httplib::Response& res) {
                reply(res, w.AddCheckpoint(req.body), "add-checkpoint");
              });
  server.Get(R"(/([0-9a-fA-F]{64})/checkpoint)",
             [&](const httplib::Request& req, httplib::Response& res) {
               reply(res, w.GetCheckpoint(req.matches[1].str()), "checkpoint");
             });
  if (port == 0) {
    port = server.bind_to_any_port(host);
  } else if (!server.bind_to_port(host, port)) {
    port = -1;
  }
  if (port < 0) {
    return Fail(Status::Unavailable("--listen " + listen +
                                    ": cannot listen there (address in use?)"));
  }
  std::string logs_named;
  for (const auto& l : *logs) logs_named += " " + l.origin;
  log_line("taxgate witness " + (*home)->key().key.ToString() +
           " listening on http://" + host + ":" + std::to_string(port) +
           " for" + logs_named);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  bool ok = server.listen_after_bind();
  // The server stopped: by a signal (the stopper is done), or on its own
  // (wake the stopper so it can be joined).
  if (!server.is_running()) pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  log_line("taxgate witness: stopped");
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

void RegisterWitness(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "witness",
      "An outside witness of audit logs (C2SP tlog-witness): cosigns a "
      "log's checkpoints only while they extend what it saw");
  cmd->require_subcommand(1);
  auto state = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();

  auto* serve = cmd->add_subcommand(
      "serve", "Serve add-checkpoint over HTTP until SIGINT or SIGTERM");
  auto listen = std::make_shared<std::string>("127.0.0.1:8443");
  auto log_files = std::make_shared<std::vector<std::string>>();
  auto log_keys = std::make_shared<std::vector<std::string>>();
  serve
      ->add_option("--state", *state,
                   "the witness's folder: its key and what it cosigned "
                   "(made 0700 at first run)")
      ->required();
  serve->add_option("--listen", *listen, "HOST:PORT (port 0: any free one)")
      ->capture_default_str();
  serve->add_option("--log", *log_files,
                    "a file of a witnessed log's verifier keys, one a line "
                    "(the log's <db>.keys/checkpoint-verifiers.txt); "
                    "repeatable");
  serve->add_option("--log-key", *log_keys,
                    "a witnessed log's verifier key; repeatable");
  serve->add_option("--name", *name,
                    "the witness's key name at first run (default "
                    "taxgate-witness/<random>)");
  serve->callback([=] {
    *run = [=] { return Serve(*state, *name, *listen, *log_files, *log_keys); };
  });

  auto* key = cmd->add_subcommand(
      "key",
      "Print the witness's verifier key (for the log operator's witnesses "
      "file), making the state folder and key at first use");
  key->add_option("--state", *state, "the witness's folder")->required();
  key->add_option("--name", *name, "the key name at first use");
  key->callback([=] {
    *run = [=] {
      auto home = witness::WitnessHome::Open(*state, *name, /*lock=*/false);
      if (!home.ok()) return Fail(home.status());
      std::cout << (*home)->key().key.ToString() << "\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
