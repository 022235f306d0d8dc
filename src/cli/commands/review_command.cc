// `taxgate review list|decide`: the requests waiting for a person, with
// their evidence, and a reviewer's decision on one (pipeline/review.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "pipeline/processor.h"
#include "pipeline/review.h"

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
      auto store = storage::OpenDatabase(*db);
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
      "Settle one request in review: disclose a candidate shown, no_record, "
      "or reject; audited with the reviewer's name and reason");
  auto r = std::make_shared<pipeline::ReviewDecision>();
  auto reviewer = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  decide
      ->add_option("--requests", r->requests_path,
                   "the batch file the request came in")
      ->required();
  decide->add_option("--request", r->request_id, "request id")->required();
  decide->add_option("--position", r->position,
                     "its position in the batch, when the id occurs twice");
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
  decide->add_option("--policy", r->policy_path, "policy file");
  decide->add_option("--out", *out,
                     "rewrite the batch's output files in this folder");
  decide->add_option("--db", *db, "store")->capture_default_str();
  decide->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      pipeline::OperatorContext ctx = store->OperatorContext();
      if (!reviewer->empty()) ctx.operator_name = *reviewer;
      auto d = pipeline::DecideReview(ctx, *r);
      if (!d.ok()) return Fail(d.status());
      std::cout << "review decide: " << d->request_id << " is now "
                << d->decision << " (" << d->reasons << "), decided by "
                << ctx.operator_name << "; response leaf " << d->leaf_index
                << "\n";
      if (!out->empty()) {
        auto written = pipeline::WriteBatchOutputs(
            store->db.get(), *store->ledger, d->batch_id, *out);
        if (!written.ok()) return Fail(written.status());
        for (const auto& f : *written) std::cout << "  wrote " << f << "\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
