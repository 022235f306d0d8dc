// `taxgate review list|decide`: the requests waiting for a person, with
// their evidence, and a reviewer's decision on one (pipeline/review.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "cli/reports.h"
#include "common/file_util.h"
#include "pipeline/processor.h"
#include "pipeline/review.h"
#include "ruleset/ruleset.h"

namespace taxgate::cli {

void RegisterReview(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "review",
      "Requests waiting for a person, and a reviewer's decision (audited)");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");
  auto json = std::make_shared<bool>(false);

  auto* list = cmd->add_subcommand(
      "list",
      "Every request in review: its codes and, for a matching review, each "
      "candidate with its per-field weights (the evidence)");
  list->add_option("--db", *db, "store")->capture_default_str();
  list->add_flag("--json", *json, "one JSON object per request");
  list->callback([=] {
    *run = [=] {
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto pending = (*store)->ReadPendingReviews();
      if (!pending.ok()) return Fail(pending.status());
      for (const auto& d : *pending) {
        nlohmann::json evidence = nlohmann::json::parse(
            d.evidence_json.empty() ? "{}" : d.evidence_json, nullptr, false);
        if (*json) {
          std::cout << nlohmann::json{{"batch", d.batch_id},
                                      {"position", d.position},
                                      {"request_id", d.request_id},
                                      {"agency", d.agency},
                                      {"reasons", d.reasons},
                                      {"evidence", evidence}}
                           .dump()
                    << "\n";
          continue;
        }
        std::cout << d.request_id << " (batch " << d.batch_id.substr(0, 12)
                  << ", position " << d.position << ", " << d.agency
                  << "): " << d.reasons << "\n";
        if (!evidence.is_object()) continue;
        for (const auto& c : evidence.value("candidates", nlohmann::json())) {
          std::cout << "  candidate " << c.value("record_id", "")
                    << ": probability " << c.value("probability", 0.0)
                    << ", weight " << c.value("match_weight", 0.0) << "\n   ";
          for (const auto& w : c.value("weights", nlohmann::json())) {
            char buf[96];
            std::snprintf(buf, sizeof buf, " %s=%s(%+.1f)",
                          w.value("field", "").c_str(),
                          w.value("level", "").c_str(), w.value("weight", 0.0));
            std::cout << buf;
          }
          std::cout << "\n";
        }
      }
      if (!*json) {
        std::cout << pending->size() << " requests waiting for review\n";
      }
      return kExitOk;
    };
  });

  auto* decide = cmd->add_subcommand(
      "decide",
      "Settle one request in review (or, with --all-matching, every open "
      "matching review of a batch): disclose a candidate shown, no_record, "
      "or reject; audited with the reviewer's name and reason. Then the "
      "batch's answers are released if every eligible request is settled");
  auto r = std::make_shared<pipeline::ReviewDecision>();
  auto reviewer = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto policy = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  auto threads = std::make_shared<int>(0);
  auto all = std::make_shared<bool>(false);
  decide
      ->add_option("--requests", r->requests_path,
                   "the batch file the request came in")
      ->required();
  auto* one = decide->add_option("--request", r->request_id, "request id");
  auto* every = decide->add_flag(
      "--all-matching", *all,
      "every open matching review of the batch (action no_record or reject "
      "only: a disclosure is confirmed one request at a time)");
  one->excludes(every);
  decide
      ->add_option("--position", r->position,
                   "its position in the batch (0-based), when the id "
                   "occurs twice")
      ->check(NonNegative());
  decide->add_option("--action", r->action, "disclose, no_record or reject")
      ->required()
      ->check(CLI::IsMember({"disclose", "no_record", "reject"}));
  decide->add_option("--record", r->record_id,
                     "disclose: the candidate record confirmed (default: "
                     "the best)");
  decide
      ->add_option("--reason", r->reason,
                   "reason code, e.g. identity_confirmed, "
                   "identity_not_confirmed, request_unlawful")
      ->required();
  decide->add_option("--note", r->note,
                     "free text (kept only as a keyed digest)");
  decide->add_option("--reviewer", *reviewer,
                     "who decides (default $TAXGATE_OPERATOR or $USER)");
  decide->add_option("--policy", *policy,
                     "policy file (the one the batch was decided under)");
  decide->add_option("--model", *model,
                     "the model file the batch was processed with, if it "
                     "was given one (part of the ruleset it was decided "
                     "under)");
  decide->add_option("--threads", *threads,
                     "threads for rebuilding the match index (0 = cores)");
  decide->add_option("--out", *out,
                     "rewrite the batch's output files in this folder");
  decide->add_option("--db", *db, "store")->capture_default_str();
  decide->add_flag("--json", *json,
                   "one JSON object per request settled or proposed, then "
                   "one for the batch");
  decide->callback([=] {
    *run = [=] {
      if (r->request_id.empty() && !*all) {
        return Fail(Status::InvalidArgument(
            "review decide: give --request ID, or --all-matching"));
      }
      if (*all && r->action == "disclose") {
        return Fail(Status::InvalidArgument(
            "review decide --all-matching: a disclosure is confirmed one "
            "request at a time (--request ID --action disclose)"));
      }
      auto rules =
          ruleset::LoadRuleset({.policy_path = *policy, .model_path = *model});
      if (!rules.ok()) return Fail(rules.status());
      if (!out->empty()) {
        if (Status s = MakeOutputDir(*out); !s.ok()) return Fail(s);
      }
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      pipeline::OperatorContext ctx = store->OperatorContext();
      if (!reviewer->empty()) ctx.operator_name = *reviewer;
      std::vector<pipeline::ReviewDecision> todo;
      if (*all) {
        auto batch_id = pipeline::FileDigest(r->requests_path);
        if (!batch_id.ok()) return Fail(batch_id.status());
        auto rows = store->db->ReadDecisions(*batch_id);
        if (!rows.ok()) return Fail(rows.status());
        for (const auto& d : *rows) {
          if (d.decision != domain::Outcome::kReview ||
              d.match_decision.empty()) {
            continue;
          }
          pipeline::ReviewDecision each = *r;
          each.request_id = d.request_id;
          each.position = d.position;
          todo.push_back(std::move(each));
        }
      } else {
        todo.push_back(*r);
      }
      std::string batch_id;
      ThreadPool pool(*threads);
      for (const auto& each : todo) {
        auto d = pipeline::DecideReview(ctx, **rules, each, &pool);
        if (!d.ok()) return Fail(d.status());
        batch_id = d->batch_id;
        if (*json) {
          nlohmann::json j{{"request_id", d->request_id},
                           {"by", ctx.operator_name},
                           {"proposed", pipeline::IsProposal(*d)},
                           {"decision", domain::OutcomeName(d->decision)},
                           {"reasons", d->reasons}};
          if (!pipeline::IsProposal(*d)) j["decision_leaf"] = d->decision_leaf;
          std::cout << j.dump() << "\n";
          continue;
        }
        if (pipeline::IsProposal(*d)) {
          std::cout << "review decide: disclosure of " << d->request_id
                    << " proposed by " << ctx.operator_name
                    << "; under the two-person rule another reviewer "
                       "confirms it (the same command, --action disclose)\n";
          continue;
        }
        std::cout << "review decide: " << d->request_id << " is now "
                  << domain::OutcomeName(d->decision) << " (" << d->reasons
                  << "), decided by " << ctx.operator_name << "; decision leaf "
                  << d->decision_leaf << "\n";
      }
      if (todo.empty() && !*json) {
        std::cout << "review decide: no open matching review in "
                  << r->requests_path << "\n";
      }
      auto answers =
          pipeline::AnswerBatchFile(ctx, **rules, r->requests_path, TodayUtc());
      if (!answers.ok()) return Fail(answers.status());
      if (*json) {
        std::cout << nlohmann::json{{"batch", r->requests_path},
                                    {"answered", answers->answered},
                                    {"open_reviews", answers->open_reviews}}
                         .dump()
                  << "\n";
      } else if (answers->answered > 0) {
        std::cout << "  the batch is settled: " << answers->answered
                  << " answers released together\n";
      } else if (answers->open_reviews > 0) {
        std::cout << "  answers still held: " << answers->open_reviews
                  << " matching reviews of the batch are open\n";
      }
      if (!out->empty()) {
        if (batch_id.empty()) {
          auto digest = pipeline::FileDigest(r->requests_path);
          if (!digest.ok()) return Fail(digest.status());
          batch_id = *digest;
        }
        auto written = pipeline::WriteBatchOutputs(
            store->db.get(), *store->ledger, batch_id, *out);
        if (!written.ok()) return Fail(written.status());
        // The report follows the outputs it is drawn from.
        if (auto rs = WriteBatchReport(
                *out, "taxgate: batch " + batch_id.substr(0, 16), {});
            !rs.ok()) {
          return Fail(rs.status());
        }
        written->push_back(*out + "/report.html");
        if (!*json) {
          for (const auto& f : *written) std::cout << "  wrote " << f << "\n";
        }
      }
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
