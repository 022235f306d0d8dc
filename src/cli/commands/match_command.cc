#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli_context.h"
#include "cli/linkage_inputs.h"
#include "cli/reports.h"
#include "common/csv_writer.h"
#include "common/file_util.h"
#include "common/progress.h"
#include "common/stopwatch.h"
#include "linkage/candidate_json.h"
#include "linkage/matcher.h"
#include "linkage/model.h"

namespace taxgate::cli {
namespace {

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

void RegisterMatch(CLI::App& app, Action* run) {
  struct Opts {
    std::string records, requests, out, model, explain, model_out, db;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "match",
      "Linkage alone (no policy, no disclosure, nothing audited): the best "
      "candidate of each request, for tuning and evaluation");
  auto* records = cmd->add_option("--records", o->records, "records.csv");
  auto* db = cmd->add_option(
      "--db", o->db,
      "a store instead of --records: its match index is mapped from the "
      "file `load` keeps (built and kept when missing or stale); nothing is "
      "written to the store");
  records->excludes(db);
  cmd->add_option("--requests", o->requests, "requests.csv")->required();
  cmd->add_option("--out", o->out, "matches.csv to write")->required();
  cmd->add_option("--model", o->model,
                  "model JSON (default: trained by EM on these files)");
  cmd->add_option("--explain", o->explain,
                  "also write per-field weights of every request's "
                  "candidates as JSON lines to this file");
  cmd->add_option("--threads", o->threads,
                  "threads for index building, training and matching (0 = "
                  "cores; the answers are the same on any number)");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      auto t0 = std::chrono::steady_clock::now();
      if (o->records.empty() == o->db.empty()) {
        return Fail(Status::InvalidArgument(
            "match: give the store's rows with --records FILE or a store "
            "with --db"));
      }
      ThreadPool pool(o->threads);
      auto in = ReadLinkageInputs(o->records, o->requests,
                                  {.model_path = o->model}, &pool, o->db);
      if (!in.ok()) return Fail(in.status());
      double t_index = SecondsSince(t0);
      auto t1 = std::chrono::steady_clock::now();
      linkage::Model model = linkage::DefaultModel();
      if (in->rules->model) {
        model = *in->rules->model;
      } else {
        linkage::TrainOptions train;
        train.pool = &pool;
        auto m = linkage::Train(*in->index, in->queries, model, train);
        if (!m.ok()) return Fail(m.status());
        model = std::move(m).value();
      }
      double t_train = SecondsSince(t1);
      auto t2 = std::chrono::steady_clock::now();
      const size_t n = in->queries.size();
      std::vector<linkage::MatchResult> results(n);
      pool.ForEach(
          n,
          [&](size_t i) {
            results[i] =
                in->index->Match(in->queries[i], model, !o->explain.empty());
          },
          4);
      double t_match = SecondsSince(t2);
      CsvWriter w(o->out);
      w.WriteRow({"request_id", "record_id", "match_probability",
                  "match_weight", "decision"});
      std::map<std::string, int64_t> counts;
      uint64_t pairs = 0;
      std::string explain;
      for (size_t i = 0; i < n; ++i) {
        const auto& r = results[i];
        pairs += r.pairs_compared;
        const char* d = linkage::MatchDecisionName(r.decision);
        ++counts[d];
        if (r.best) {
          w.WriteRow({in->requests[i].request_id, r.best->record_id,
                      Fixed(r.best->probability, 6),
                      Fixed(r.best->match_weight, 4), d});
        } else {
          w.WriteRow({in->requests[i].request_id, "", "", "", d});
        }
        if (!o->explain.empty()) {
          nlohmann::json j = {{"request_id", in->requests[i].request_id},
                              {"decision", d},
                              {"reason", r.reason_code}};
          j["candidates"] = linkage::CandidatesJson(r.candidates);
          explain += j.dump() + "\n";
        }
      }
      Status s = w.Close();
      if (!s.ok()) return Fail(s);
      if (!o->explain.empty()) {
        Status e = WriteOutputFile(o->explain, explain);
        if (!e.ok()) return Fail(e);
      }
      auto estimate = EstimateErrors(o->out);
      if (!estimate.ok()) return Fail(estimate.status());
      if (*json) {
        nlohmann::json j = {{"requests", n},
                            {"records", in->index->size()},
                            {"decisions", counts},
                            {"pairs_scored", pairs},
                            {"seconds",
                             {{"read_and_index", t_index},
                              {"train", t_train},
                              {"match", t_match}}},
                            {"estimated_errors", EstimateJson(*estimate)},
                            {"out", o->out}};
        if (in->index_report) j["match_index"] = IndexJson(*in->index_report);
        std::cout << j.dump() << "\n";
        return kExitOk;
      }
      std::cout << "match: " << n << " requests against " << in->index->size()
                << " records: match " << counts["match"] << ", possible "
                << counts["possible"] << ", no_match " << counts["no_match"]
                << "\n"
                << "  read+index " << Fixed(t_index, 2) << " s, train "
                << Fixed(t_train, 2) << " s, match " << Fixed(t_match, 2)
                << " s (" << Fixed(n / std::max(t_match, 1e-9), 0)
                << " requests/s, " << pairs << " pairs scored)\n";
      if (in->index_report) {
        std::cout << "  " << IndexLine(*in->index_report) << "\n";
      }
      std::cout << "  " << EstimateLine(*estimate) << "\n";
      std::cout << "wrote " << o->out << "\n";
      return kExitOk;
    };
  });
}

void RegisterTrain(CLI::App& app, Action* run) {
  struct Opts {
    std::string records, requests, out;
    double target_precision = 0.999;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "train",
      "Estimate the linkage model without labels (u from random store "
      "pairs, m and lambda by EM on the requests' candidate pairs) and write "
      "it as JSON that people can read, edit and pass to match or process "
      "with --model");
  cmd->add_option("--records", o->records, "records.csv")->required();
  cmd->add_option("--requests", o->requests, "requests.csv")->required();
  cmd->add_option("--out", o->out, "model JSON to write")->required();
  cmd->add_option("--target-precision", o->target_precision,
                  "share of right answers wanted among matches; a match "
                  "needs at least this posterior probability")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.999999));
  cmd->add_option("--threads", o->threads,
                  "threads (0 = cores; the model is the same on any number)");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      auto t0 = std::chrono::steady_clock::now();
      ThreadPool pool(o->threads);
      auto in = ReadLinkageInputs(o->records, o->requests, {}, &pool);
      if (!in.ok()) return Fail(in.status());
      linkage::Model start = linkage::DefaultModel();
      start.target_precision = o->target_precision;
      start.match_threshold = o->target_precision;
      linkage::TrainReport rep;
      linkage::TrainOptions train;
      train.pool = &pool;
      auto progress = std::make_unique<TerminalProgress>("train");
      train.progress = progress->Fn();
      auto m = linkage::Train(*in->index, in->queries, start, train, &rep);
      progress.reset();
      if (!m.ok()) return Fail(m.status());
      Status s = WriteOutputFile(o->out, linkage::ModelToJson(*m));
      if (!s.ok()) return Fail(s);
      if (*json) {
        std::cout
            << nlohmann::json{{"requests", in->queries.size()},
                              {"records", in->index->size()},
                              {"seconds", SecondsSince(t0)},
                              {"u_pairs", rep.u_pairs},
                              {"em_pairs", rep.em_pairs},
                              {"em_requests", rep.em_requests},
                              {"em_patterns", rep.em_patterns},
                              {"em_iterations", rep.em_iterations},
                              {"em_converged", rep.em_converged},
                              {"lambda", m->lambda},
                              {"match_threshold", m->match_threshold},
                              {"target_precision", m->target_precision},
                              {"predicted_matches", rep.predicted_matches},
                              {"predicted_possible", rep.predicted_possible},
                              {"estimated_precision", rep.estimated_precision},
                              {"expected_false_matches",
                               rep.expected_false_matches},
                              {"out", o->out}}
                   .dump()
            << "\n";
        return kExitOk;
      }
      std::cout << "train: " << in->queries.size() << " requests against "
                << in->index->size() << " records in "
                << Fixed(SecondsSince(t0), 2) << " s\n"
                << "  u from " << rep.u_pairs
                << " random store pairs; m and lambda "
                << "by EM on " << rep.em_pairs << " candidate pairs of "
                << rep.em_requests << " requests (" << rep.em_patterns
                << " patterns, " << rep.em_iterations << " iterations, "
                << (rep.em_converged ? "converged" : "NOT converged") << ")\n"
                << "  lambda " << m->lambda << ", match threshold "
                << Fixed(m->match_threshold, 6) << " (target precision "
                << Fixed(m->target_precision, 6) << ")\n"
                << "  the model expects, on these requests: "
                << rep.predicted_matches << " matches (estimated precision "
                << Fixed(rep.estimated_precision, 6) << ", "
                << Fixed(rep.expected_false_matches, 2) << " expected false), "
                << rep.predicted_possible << " to review\n"
                << "wrote " << o->out << "\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
