// taxgate serve: the HTTPS API (docs/api.md) over one store.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/cli_context.h"
#include "common/strings.h"
#include "pipeline/processor.h"
#include "pipeline/witnesses.h"
#include "ruleset/ruleset.h"
#include "service/console.h"
#include "service/http_server.h"
#include "service/service.h"

namespace taxgate::cli {
void RegisterServe(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "serve",
      "The HTTPS API for agencies (docs/api.md): signed requests in, answers "
      "and receipts out, over mutual TLS. Runs until SIGINT or SIGTERM.");
  auto rules = std::make_shared<ruleset::RulesetOptions>();
  auto db = std::make_shared<std::string>("taxgate.db");
  auto listen = std::make_shared<std::string>();
  auto http = std::make_shared<service::HttpOptions>();
  auto threads = std::make_shared<int>(0);
  auto witnesses = std::make_shared<std::string>();
  auto metrics_listen = std::make_shared<std::string>();
  auto console_listen = std::make_shared<std::string>();
  auto console = std::make_shared<service::ConsoleOptions>();
  cmd->add_option("--db", *db, "store")->capture_default_str();
  cmd->add_option("--listen", *listen,
                  "HOST:PORT to listen on (port 0: a free one, printed)")
      ->required();
  cmd->add_option("--cert", http->cert, "the server's certificate chain (PEM)")
      ->required();
  cmd->add_option("--key", http->key, "the server's private key (PEM)")
      ->required();
  cmd->add_option("--client-ca", http->client_ca,
                  "CA certificates (PEM) that agencies' client certificates "
                  "must chain to; a certificate's subject CN is its agency")
      ->required();
  cmd->add_option(
      "--policy", rules->policy_path,
      "policy file (default: the installed etc/taxgate/policy.toml)");
  cmd->add_option("--model", rules->model_path,
                  "linkage model JSON (taxgate train; default: u from the "
                  "store, m from the default model)");
  cmd->add_option("--connections", http->threads, "connections served at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--metrics-listen", *metrics_listen,
                  "HOST:PORT for the operator's plain-HTTP /metrics and "
                  "/healthz (keep it on loopback or a monitoring network: "
                  "metrics move as requests are decided)");
  cmd->add_option("--witnesses", *witnesses,
                  "witnesses file (docs/witnesses.md): every few seconds the "
                  "latest checkpoint goes to them and their cosignatures are "
                  "stored; one down is a warning, never a stop");
  cmd->add_option("--console", *console_listen,
                  "HOST:PORT for the review console (HTTPS with the same "
                  "certificate, no client certificate: officers log in; "
                  "docs/console.md; users with taxgate users)");
  cmd->add_option("--console-idle-minutes", console->idle_minutes,
                  "a console session ends after this long unused")
      ->capture_default_str()
      ->check(CLI::Range(1, 240));
  cmd->add_option("--console-lockout", console->max_failures,
                  "failed logins in a row that lock a console user")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  cmd->add_option("--console-lockout-minutes", console->lockout_minutes,
                  "how long such a lock lasts (taxgate users unlock lifts it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", *threads,
                  "threads for building the index and matching (0 = cores)");
  cmd->callback([=] {
    *run = [=] {
      service::HttpOptions o = *http;
      if (Status s = ParseListen(*listen, &o.host, &o.port); !s.ok()) {
        return Fail(s);
      }
      if (!metrics_listen->empty()) {
        Status s = ParseListen(*metrics_listen, &o.metrics_host,
                               &o.metrics_port, "--metrics-listen");
        if (!s.ok()) return Fail(s);
      }
      service::ConsoleOptions co = *console;
      if (!console_listen->empty()) {
        Status s =
            ParseListen(*console_listen, &co.host, &co.port, "--console");
        if (!s.ok()) return Fail(s);
      }
      // SIGINT/SIGTERM stop the server from a thread of its own (a signal
      // handler may not stop it); every thread started after this inherits
      // the blocked mask.
      sigset_t signals;
      sigemptyset(&signals);
      sigaddset(&signals, SIGINT);
      sigaddset(&signals, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &signals, nullptr);
      // A client that hangs up mid-answer must not end the server.
      signal(SIGPIPE, SIG_IGN);

      auto loaded = ruleset::LoadRuleset(*rules);
      if (!loaded.ok()) return Fail(loaded.status());
      std::vector<witness::WitnessEndpoint> endpoints;
      if (!witnesses->empty()) {
        auto w = pipeline::LoadWitnesses(*witnesses);
        if (!w.ok()) return Fail(w.status());
        endpoints = std::move(*w);
      }
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      // The witnesses get a connection of their own: a witness slow to
      // answer never holds up a request.
      std::unique_ptr<storage::Database> cosign_db;
      if (!endpoints.empty()) {
        auto d = storage::OpenDatabase(*db);
        if (!d.ok()) return Fail(d.status());
        cosign_db = std::move(*d);
      }
      ThreadPool pool(*threads);
      auto matching = pipeline::PrepareStoreMatching(
          **loaded, store->db.get(), store->key,
          record_store::IndexPath(store->keys_dir), &pool);
      if (!matching.ok()) return Fail(matching.status());
      const size_t records = matching->index->size();
      const std::string model = matching->model.version;
      service::ServiceOptions so;
      so.key = store->key;
      so.index_path = record_store::IndexPath(store->keys_dir);
      so.operator_name = "taxgate-serve/" + OperatorName();
      so.pool = &pool;
      service::Service svc(**loaded, store->db.get(), &*store->ledger,
                           std::move(*matching), so);
      o.on_listening = [&](int port, int metrics_port) {
        std::cout << "taxgate serve: listening on https://" << o.host << ":"
                  << port << " (" << records << " records, model " << model
                  << ", policy " << (*loaded)->policy->version << ")"
                  << std::endl;
        if (metrics_port >= 0) {
          std::cout << "taxgate serve: metrics on http://" << o.metrics_host
                    << ":" << metrics_port << "/metrics" << std::endl;
        }
      };
      service::HttpServer server(&svc, *(*loaded)->policy, o);
      // The console writes through a store connection and ledger of its own.
      std::optional<Store> console_store;
      std::unique_ptr<service::Console> console_server;
      if (!console_listen->empty()) {
        auto cs = OpenStore(*db);
        if (!cs.ok()) return Fail(cs.status());
        console_store = std::move(*cs);
        co.cert = o.cert;
        co.key = o.key;
        co.witnesses = endpoints;
        co.on_listening = [&](int port) {
          std::cout << "taxgate serve: review console on https://" << co.host
                    << ":" << port << "/" << std::endl;
        };
        service::ConsoleStore where{
            console_store->db.get(), &*console_store->ledger,
            console_store->key, console_store->keys_dir,
            record_store::IndexPath(console_store->keys_dir)};
        console_server = std::make_unique<service::Console>(&svc, **loaded,
                                                            where, &pool, co);
      }
      std::thread console_thread;
      Status console_status;
      if (console_server) {
        console_thread = std::thread([&] {
          console_status = console_server->Run();
          if (!console_status.ok()) server.Stop();
        });
      }
      std::thread waiter([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != 0) server.Stop();
      });
      std::atomic<bool> done{false};
      std::thread cosigner([&] {
        while (!done && cosign_db) {
          auto report =
              pipeline::CollectCosignatures(cosign_db.get(), endpoints);
          if (!report.ok()) {
            Warn({"witnesses: " + report.status().message()});
          } else {
            Warn(report->Warnings());
          }
          for (int i = 0; i < 50 && !done; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          }
        }
      });
      Status s = server.Run();
      if (console_server) {
        console_server->Stop();
        console_thread.join();
        if (s.ok()) s = console_status;
      }
      done = true;
      cosigner.join();
      if (cosign_db) {
        // The last checkpoints signed before the stop go out too.
        auto report = pipeline::CollectCosignatures(cosign_db.get(), endpoints);
        if (!report.ok()) {
          Warn({"witnesses: " + report.status().message()});
        } else {
          Warn(report->Warnings());
        }
      }
      // Wake the waiter if the server stopped on its own.
      pthread_kill(waiter.native_handle(), SIGTERM);
      waiter.join();
      if (!s.ok()) return Fail(s);
      std::cout << "taxgate serve: stopped" << std::endl;
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
