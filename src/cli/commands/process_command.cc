#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "cli/reports.h"
#include "common/file_util.h"
#include "common/progress.h"
#include "pipeline/processor.h"
#include "ruleset/ruleset.h"

namespace taxgate::cli {

void PrintAnswers(const std::map<std::string, int64_t>& by_answer,
                  const pipeline::AnswerSummary& a) {
  std::cout << "  answers to the agency (response.csv):";
  for (const char* k : {"disclosed", "no_record", "rejected", "pending"}) {
    auto it = by_answer.find(k);
    std::cout << " " << k << " " << (it == by_answer.end() ? 0 : it->second);
  }
  std::cout << "\n";
  if (a.expired > 0) {
    std::cout << "  " << a.expired
              << " matching reviews passed their deadline and were answered "
                 "no_record\n";
  }
  if (a.open_reviews > 0) {
    std::cout << "  held: " << a.held << " answers wait for " << a.open_reviews
              << " matching reviews (taxgate review list; review decide). "
                 "They are released together once every one is settled, "
                 "and by "
              << a.deadline
              << " at the latest (an open review is then answered no_record: "
                 "taxgate release)\n";
  }
}

void RegisterProcess(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "process",
      "The whole pipeline: policy, match, disclosure, audit. Resumable: run "
      "the same command again after a crash and it finishes the batch "
      "without deciding anything twice.");
  auto o = std::make_shared<pipeline::ProcessOptions>();
  auto rules = std::make_shared<ruleset::RulesetOptions>();
  auto db = std::make_shared<std::string>("taxgate.db");
  auto as_of = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto threads = std::make_shared<int>(0);
  auto truth = std::make_shared<TruthFiles>();
  cmd->add_option("--requests", o->requests_path, "requests.csv")->required();
  cmd->add_option("--officials", o->officials_path,
                  "officials.csv, imported into the registry first");
  cmd->add_option("--out", o->out_dir, "output folder")->required();
  cmd->add_option("--db", *db, "store")->capture_default_str();
  cmd->add_option("--as-of", *as_of,
                  "evaluate the rules on this date (YYYY-MM-DD; default "
                  "today). Only forward in time: not in the future, not "
                  "before the latest date the store has decided with; a "
                  "re-run keeps the batch's first date");
  cmd->add_option(
      "--policy", rules->policy_path,
      "policy file (default: the installed etc/taxgate/policy.toml)");
  cmd->add_option("--model", rules->model_path,
                  "linkage model JSON (default: trained by EM, no labels)");
  cmd->add_option("--threads", *threads,
                  "threads for the rules, index building, training and "
                  "matching (0 = cores; the decisions are the same on any "
                  "number)");
  cmd->add_option("--chunk-size", o->chunk_size,
                  "requests decided per transaction (each commit writes "
                  "their decisions, audit entries and a signed checkpoint)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  auto* truth_opt = cmd->add_option(
      "--truth", truth->truth,
      "truth.csv (synthetic or benchmark data): report.html adds precision, "
      "recall and the precision-recall curve");
  auto* records_truth_opt =
      cmd->add_option("--records-truth", truth->records_truth,
                      "records_truth.csv, with --truth");
  truth_opt->needs(records_truth_opt);
  records_truth_opt->needs(truth_opt);
  cmd->add_flag("--json", *json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      auto t0 = std::chrono::steady_clock::now();
      auto date = ParseAsOf(*as_of);
      if (!date.ok()) return Fail(date.status());
      // The rules and the output folder first: a bad policy or data file,
      // or an output folder that must not be written, changes nothing.
      auto loaded = ruleset::LoadRuleset(*rules);
      if (!loaded.ok()) return Fail(loaded.status());
      if (Status s = MakeOutputDir(o->out_dir); !s.ok()) return Fail(s);
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      ThreadPool pool(*threads);
      pipeline::ProcessOptions opts = *o;
      opts.pool = &pool;
      opts.as_of = *date;
      opts.today = TodayUtc();
      opts.key = store->key;
      opts.index_path = record_store::IndexPath(store->keys_dir);
      opts.operator_name = OperatorName();
      auto progress = std::make_unique<TerminalProgress>("process");
      opts.progress = progress->Fn();
      auto s = pipeline::ProcessBatch(**loaded, opts, store->db.get(),
                                      &*store->ledger);
      progress.reset();  // clears the line
      if (!s.ok()) return Fail(s.status());
      Warn(s->messages);
      if (s->index) Warn(s->index->warnings);
      // The report a person reads, from the outputs just written.
      auto estimate = WriteBatchReport(
          opts.out_dir, "taxgate: batch " + s->batch_id.substr(0, 16), *truth);
      if (!estimate.ok()) return Fail(estimate.status());
      s->outputs.push_back(opts.out_dir + "/report.html");
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count();
      if (*json) {
        nlohmann::json j = {{"batch_id", s->batch_id},
                            {"policy_version", s->policy_version},
                            {"ruleset_digest", s->ruleset_digest},
                            {"model_version", s->model_version},
                            {"model_digest", s->model_digest},
                            {"as_of", s->as_of.ToString()},
                            {"requests", s->requests},
                            {"rows_rejected", s->rows_rejected},
                            {"already_decided", s->already_decided},
                            {"decided_now", s->decided_now},
                            {"decisions", s->by_decision},
                            {"answers", s->by_answer},
                            {"open_matching_reviews", s->answers.open_reviews},
                            {"review_deadline", s->answers.deadline},
                            {"audit_tree_size", s->audit_size},
                            {"audit_root_hex", s->audit_root_hex},
                            {"outputs", s->outputs},
                            {"estimated_errors", EstimateJson(*estimate)},
                            {"seconds", secs}};
        if (s->index) j["match_index"] = IndexJson(*s->index);
        j["phase_seconds"] = nlohmann::json::object();
        for (const auto& [phase, secs] : s->phase_seconds) {
          j["phase_seconds"][phase] = secs;
        }
        std::cout << j.dump() << "\n";
        return kExitOk;
      }
      std::cout << "process: batch " << s->batch_id.substr(0, 16) << "… ("
                << s->requests << " requests, as of " << s->as_of.ToString()
                << ", policy " << s->policy_version << ", ruleset "
                << s->ruleset_digest.substr(0, 12) << ")\n";
      if (s->already_decided > 0) {
        std::cout << "  resumed: " << s->already_decided
                  << " requests were decided by an earlier run\n";
      }
      for (const char* d : {"disclosed", "no_record", "review", "rejected"}) {
        auto it = s->by_decision.find(d);
        std::cout << "  " << d << ": "
                  << (it == s->by_decision.end() ? 0 : it->second) << "\n";
      }
      if (s->rows_rejected) {
        std::cout << "  malformed rows not decided: " << s->rows_rejected
                  << " (see warnings above)\n";
      }
      if (s->index) std::cout << "  " << IndexLine(*s->index) << "\n";
      PrintAnswers(s->by_answer, s->answers);
      std::cout << "  " << EstimateLine(*estimate) << "\n";
      std::cout << "  audit log: " << s->audit_size << " entries, root "
                << s->audit_root_hex << "\n"
                << "  time: " << secs << " s\n";
      for (const auto& f : s->outputs) std::cout << "  wrote " << f << "\n";
      return kExitOk;
    };
  });
}

void RegisterPolicy(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand("policy", "The statute rules");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand(
      "check",
      "The statute rules alone, as a dry run: no record is looked at, "
      "nothing is written to the store");
  struct Opts {
    std::string requests, officials, db = "taxgate.db", out, as_of, policy;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  check->add_option("--requests", o->requests, "requests.csv")->required();
  check->add_option("--officials", o->officials,
                    "officials.csv (default: the store's registry)");
  check
      ->add_option("--db", o->db,
                   "store (read for the registry and "
                   "history)")
      ->capture_default_str();
  check->add_option("--out", o->out, "decisions.csv to write")->required();
  check->add_option("--as-of", o->as_of, "date of evaluation (YYYY-MM-DD)");
  check->add_option("--policy", o->policy, "policy file");
  check->add_option("--threads", o->threads,
                    "threads for counting near-copies of reasons (0 = cores; "
                    "the decisions are the same on any number)");
  auto json = std::make_shared<bool>(false);
  check->add_flag("--json", *json, "print the summary as one JSON object");
  check->callback([=] {
    *run = [=] {
      auto date = ParseAsOf(o->as_of);
      if (!date.ok()) return Fail(date.status());
      auto loaded = ruleset::LoadRuleset({.policy_path = o->policy});
      if (!loaded.ok()) return Fail(loaded.status());
      // A dry run never creates a store or a key: read one only if present.
      std::unique_ptr<storage::Database> db;
      std::string key;
      if (FILE* f = std::fopen(o->db.c_str(), "r")) {
        std::fclose(f);
        auto store = OpenStore(o->db);
        if (!store.ok()) return Fail(store.status());
        db = std::move(store->db);
        key = store->key;
      }
      ThreadPool pool(o->threads);
      auto r = pipeline::CheckPolicy(**loaded, o->requests, o->officials, *date,
                                     key, db.get(), &pool);
      if (!r.ok()) return Fail(r.status());
      Warn(r->warnings);
      for (const auto& rej : r->rejected) {
        std::cerr << "taxgate: rejected: " << rej.message << "\n";
      }
      Status s = pipeline::WritePolicyDecisions(*r, o->out);
      if (!s.ok()) return Fail(s);
      std::map<std::string, int> counts;
      for (const auto& e : r->evaluations)
        ++counts[domain::OutcomeName(e.outcome)];
      if (*json) {
        std::cout << nlohmann::json{{"requests", r->requests.size()},
                                    {"as_of", date->ToString()},
                                    {"policy_version", r->policy_version},
                                    {"outcomes", counts},
                                    {"rows_rejected", r->rejected.size()},
                                    {"out", o->out}}
                         .dump()
                  << "\n";
        return kExitOk;
      }
      std::cout << "policy check: " << r->requests.size() << " requests as of "
                << date->ToString() << " (policy " << r->policy_version
                << "): eligible " << counts["eligible"] << ", review "
                << counts["review"] << ", rejected " << counts["rejected"]
                << "\nwrote " << o->out << "\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
