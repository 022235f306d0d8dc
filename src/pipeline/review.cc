#include "pipeline/review.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/date.h"
#include "common/strings.h"
#include "disclosure/agency_answer.h"
#include "disclosure/audit_entry.h"
#include "intake/readers.h"
#include "pipeline/answers.h"
#include "pipeline/registry.h"
#include "pipeline/release.h"
#include "pipeline/review_requests.h"
#include "policy/request_rules.h"
#include "policy/rule_codes.h"
#include "record_store/record_store.h"
#include "text/text.h"

namespace taxgate::pipeline {
namespace {

using Json = nlohmann::json;

bool ValidReason(const std::string& r) {
  if (r.empty() || r.size() > 64) return false;
  for (char c : r) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

// The candidates' record ids of a matching review's evidence, best first.
std::vector<std::string> CandidateIds(const std::string& evidence_json) {
  std::vector<std::string> out;
  Json j = Json::parse(evidence_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  for (const auto& c : j.value("candidates", Json::array())) {
    if (c.contains("record_id") && c["record_id"].is_string()) {
      out.push_back(c["record_id"].get<std::string>());
    }
  }
  return out;
}

// The decision row of `rd`'s request, waiting for review.
Result<storage::DecisionRow> FindInReview(
    const std::vector<storage::DecisionRow>& rows, const ReviewDecision& rd) {
  const storage::DecisionRow* found = nullptr;
  std::string seen_decision;
  int in_review = 0;
  for (const auto& d : rows) {
    if (!rd.request_id.empty() && d.request_id != rd.request_id) continue;
    if (rd.position >= 0 && d.position != rd.position) continue;
    if (d.decision == domain::Outcome::kReview) {
      if (!found) found = &d;
      ++in_review;
    } else {
      seen_decision = domain::OutcomeName(d.decision);
    }
  }
  if (in_review > 1) {
    return Status::InvalidArgument(
        "review: request id " + rd.request_id + " is in review " +
        std::to_string(in_review) +
        " times in this batch (by different agencies or as duplicates): "
        "give --position (taxgate review list shows it)");
  }
  if (!found) {
    const std::string which = rd.request_id.empty()
                                  ? "at position " + std::to_string(rd.position)
                                  : rd.request_id;
    return Status::NotFound(
        "review: request " + which + " of " +
        (rd.requests_path.empty() ? "batch " + rd.batch_id.substr(0, 12)
                                  : rd.requests_path) +
        (seen_decision.empty()
             ? " is not in a processed batch"
             : " is not waiting for review (its decision is " + seen_decision +
                   ")"));
  }
  return *found;
}

// The rules that may have broken since the request was decided, checked
// again before anything goes out: a court order may have put the agency
// under a hold, or an official may have left.
Result<std::vector<std::string>> BrokenSince(storage::Database* db,
                                             const domain::Request& request) {
  TG_ASSIGN_OR_RETURN(auto holds, db->ReadFlags(storage::kFlagLegalHold));
  const Date today = TodayUtc();
  TG_ASSIGN_OR_RETURN(Registry registry, Registry::ForDecisions(db, today));
  std::vector<std::string> broken;
  const std::string agency = policy::AgencyOf(request, registry.Lookup());
  if (std::any_of(holds.begin(), holds.end(), [&](const storage::Flag& f) {
        return text::AgencyCode(f.key) == agency;
      })) {
    broken.push_back(policy::kLegalHold);
  }
  if (policy::RequesterNotAuthorized(request, registry.Lookup(), today)) {
    broken.push_back(policy::kRequesterNotAuthorized);
  }
  return broken;
}

// The candidate the reviewer confirms (the best when none is named), with
// its probability and weight as the evidence shows them. The evidence was
// written by taxgate, but the store may have been altered: nothing in it is
// trusted to have the right type.
struct Confirmed {
  std::string record_id;
  double probability = 0, match_weight = 0;
};
Result<Confirmed> ConfirmedCandidate(const storage::DecisionRow& d,
                                     const ReviewDecision& rd) {
  std::vector<std::string> candidates = CandidateIds(d.evidence_json);
  Confirmed out;
  out.record_id = rd.record_id.empty() && !candidates.empty() ? candidates[0]
                                                              : rd.record_id;
  auto pick = std::find(candidates.begin(), candidates.end(), out.record_id);
  if (pick == candidates.end()) {
    return Status::InvalidArgument("review: record '" + out.record_id +
                                   "' was not among the candidates "
                                   "shown for request " +
                                   rd.request_id + " (taxgate review list)");
  }
  Json evidence = Json::parse(d.evidence_json, nullptr, false);
  const Json& chosen =
      evidence["candidates"][static_cast<size_t>(pick - candidates.begin())];
  auto number = [&](const char* key) {
    return chosen.is_object() && chosen.contains(key) && chosen[key].is_number()
               ? chosen[key].get<double>()
               : 0.0;
  };
  out.probability = number("probability");
  out.match_weight = number("match_weight");
  return out;
}

// What goes out for the confirmed record's taxpayer (release.h).
Result<Release> ReleaseToTaxpayer(const OperatorContext& ctx,
                                  const ruleset::Ruleset& rules,
                                  const domain::Request& request,
                                  const std::string& record_id,
                                  ThreadPool* pool) {
  TG_ASSIGN_OR_RETURN(
      auto index, record_store::OpenMatchIndex(
                      ctx.db, rules.tables,
                      {ctx.key, rules.tables_digest, ctx.index_path}, pool));
  const size_t at = index->FindRecord(record_id);
  if (at == index->size()) {
    return Status::NotFound("review: record " + record_id +
                            " is no longer in the store");
  }
  TG_ASSIGN_OR_RETURN(
      auto taxpayer, record_store::ReadIndexedRows(ctx.db, *index, ctx.key,
                                                   index->TaxpayerRecords(at)));
  TG_ASSIGN_OR_RETURN(auto flags, ctx.db->ReadFlags(storage::kFlagWithheldI6));
  std::set<std::string> withheld;
  for (const auto& f : flags) withheld.insert(f.key);
  return ReleaseFor(request, taxpayer, withheld, *rules.policy, ctx.key);
}

// The first half of a disclosure under the two-person rule: a `review`
// entry (propose_disclose) and the sealed proposal, the request still in
// review.
Result<storage::DecisionRow> Propose(const OperatorContext& ctx,
                                     const std::string& batch_id,
                                     const storage::DecisionRow& d,
                                     const ReviewDecision& rd,
                                     const std::string& record_id) {
  disclosure::EntryContext c{batch_id, d.position, ctx.time, ctx.key};
  disclosure::Actor reviewer{"reviewer", "", "", "", ctx.operator_name};
  Proposal p{ctx.operator_name, record_id, rd.reason, ctx.time, -1};
  p.leaf = ctx.ledger->Stage(
      disclosure::ReviewEntry(c, reviewer, d.request_id, kProposeDisclose,
                              rd.reason, rd.note, record_id));
  storage::WriteSet ws;
  ws.meta.push_back(SealedProposal(ctx.key, batch_id, d.position, p));
  TG_RETURN_IF_ERROR(ctx.ledger->Commit(std::move(ws)));
  return d;
}

}  // namespace

Result<storage::DecisionRow> DecideReview(const OperatorContext& ctx,
                                          const ruleset::Ruleset& rules,
                                          const ReviewDecision& rd,
                                          ThreadPool* pool) {
  storage::Database* db = ctx.db;
  if (rd.action != "disclose" && rd.action != "no_record" &&
      rd.action != "reject") {
    return Status::InvalidArgument("review: action '" + rd.action +
                                   "', want disclose, no_record or reject");
  }
  if (!ValidReason(rd.reason)) {
    return Status::InvalidArgument(
        "review: --reason '" + rd.reason +
        "': want a reason code of lower-case letters and '_' "
        "(identity_confirmed, identity_not_confirmed, request_unlawful...)");
  }
  std::string batch_id = rd.batch_id;
  std::vector<domain::Request> from_file;
  if (!rd.requests_path.empty()) {
    TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(rd.requests_path));
    from_file = std::move(read.rows);
    TG_ASSIGN_OR_RETURN(batch_id, FileDigest(rd.requests_path));
  } else if (batch_id.empty() || rd.position < 0) {
    return Status::InvalidArgument(
        "review: name the batch file, or the batch id and position");
  }
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadDecisions(batch_id));
  TG_ASSIGN_OR_RETURN(storage::DecisionRow d, FindInReview(rows, rd));
  domain::Request stored;
  if (rd.requests_path.empty()) {
    TG_ASSIGN_OR_RETURN(stored,
                        StoredReviewRequest(db, ctx.key, batch_id, d.position));
    if (stored.request_id != d.request_id) {
      return Status::DataLoss("review: the request kept for position " +
                              std::to_string(d.position) +
                              " is not the one decided there");
    }
  } else if (d.position < 0 ||
             static_cast<size_t>(d.position) >= from_file.size()) {
    return Status::DataLoss(
        "review: the batch file no longer matches its "
        "stored decisions");
  }
  const domain::Request& request =
      rd.requests_path.empty() ? stored : from_file[d.position];
  TG_ASSIGN_OR_RETURN(std::optional<Proposal> proposal,
                      StoredProposal(db, ctx.key, batch_id, d.position));
  std::vector<std::string> codes;
  for (const auto& c : Split(d.reasons, ';')) {
    if (!c.empty()) codes.push_back(c);
  }
  const bool law_open =
      std::any_of(codes.begin(), codes.end(),
                  [](const std::string& c) { return policy::IsRuleCode(c); });
  const bool matching = std::any_of(codes.begin(), codes.end(), IsMatchingCode);
  if (rd.action != "reject" && (!matching || law_open)) {
    return Status::InvalidArgument(
        "review: " + rd.action + " settles a matching review, but request " +
        rd.request_id + " is in review for " + d.reasons +
        ": a rule of law is open, so it can only be rejected (the agency may "
        "send a corrected request, or counsel may amend the policy file)");
  }

  std::string confirmed, proposed_by;
  std::vector<std::string> reasons = codes;
  if (rd.action == "reject") {
    d.decision = domain::Outcome::kRejected;
    reasons.push_back(kReviewRejected);
  } else if (rd.action == "no_record") {
    d.decision = domain::Outcome::kNoRecord;
    reasons.push_back(kReviewNotConfirmed);
  } else {
    // A row of a store made before schema 4 has no ruleset digest: its
    // policy version must be the one given, at least.
    const bool same = d.ruleset_digest.empty()
                          ? d.policy_version == rules.policy->version
                          : d.ruleset_digest == rules.digest;
    if (!same) {
      return Status::FailedPrecondition(
          "review: request " + rd.request_id + " was decided under policy " +
          d.policy_version + " and ruleset " +
          (d.ruleset_digest.empty() ? "(not recorded)"
                                    : d.ruleset_digest.substr(0, 12)) +
          ", not the one given (" + rules.policy->version + ", ruleset " +
          rules.ShortDigest() +
          "): pass the policy file (--policy) and model file (--model) the "
          "batch was processed with, and its data folder, so the same rules "
          "and release profile apply");
    }
    TG_ASSIGN_OR_RETURN(Confirmed pick, ConfirmedCandidate(d, rd));
    if (rules.policy->two_person_disclosure) {
      if (!proposal) {
        return Propose(ctx, batch_id, d, rd, pick.record_id);
      }
      if (!rd.may_confirm) {
        return Status::PermissionDenied(
            "review: " + proposal->by +
            " proposed this disclosure; a supervisor confirms it");
      }
      if (proposal->by == ctx.operator_name) {
        return Status::PermissionDenied(
            "review: the two-person rule: " + ctx.operator_name +
            " proposed this disclosure and cannot also confirm it; another "
            "reviewer must");
      }
      if (proposal->record_id != pick.record_id) {
        return Status::InvalidArgument(
            "review: " + proposal->by + " proposed another candidate (" +
            proposal->record_id +
            "): confirm that one, or answer no_record or reject");
      }
      proposed_by = proposal->by;
    }
    TG_ASSIGN_OR_RETURN(std::vector<std::string> now_broken,
                        BrokenSince(db, request));
    confirmed = pick.record_id;
    d.record_id = pick.record_id;
    d.match_probability = pick.probability;
    d.match_weight = pick.match_weight;
    reasons.push_back(kReviewConfirmed);
    if (!now_broken.empty()) {
      d.decision = domain::Outcome::kRejected;
      reasons.insert(reasons.end(), now_broken.begin(), now_broken.end());
    } else {
      TG_ASSIGN_OR_RETURN(
          Release rel, ReleaseToTaxpayer(ctx, rules, request, confirmed, pool));
      d.decision = rel.decision;
      reasons.insert(reasons.end(), rel.codes.begin(), rel.codes.end());
      d.disclosure_json = rel.disclosure_json;
      d.taxpayer_digest = rel.taxpayer_digest;
      d.release_profile = rel.profile;
    }
  }
  std::sort(reasons.begin(), reasons.end());
  d.reasons = Join(reasons, ";");
  disclosure::EntryContext c{batch_id, d.position, ctx.time, ctx.key};
  disclosure::Actor reviewer{"reviewer", "", "", "", ctx.operator_name};
  disclosure::Actor system{"system", "", "", "", "taxgate"};
  ctx.ledger->Stage(disclosure::ReviewEntry(c, reviewer, request.request_id,
                                            rd.action, rd.reason, rd.note,
                                            confirmed, proposed_by));
  d.decision_leaf = ctx.ledger->Stage(disclosure::DecisionEntry(
      c, system, request.request_id, d.decision, reasons));
  if (matching) {
    // A matching review settles an eligible request: its answer is released
    // with the rest of its batch (answers.h).
    d.leaf_index = -1;
  } else {
    d.leaf_index = ctx.ledger->Stage(disclosure::ResponseEntry(
        c, system, request.request_id,
        disclosure::AnswerForAgency(d.decision, reasons)));
  }
  storage::WriteSet ws;
  ws.reviewed.push_back(d);
  if (proposal) {
    ws.meta.push_back(
        SealedProposal(ctx.key, batch_id, d.position, std::nullopt));
  }
  // Settled: the copy of the request kept for the reviewer (the person's
  // name and address) is no longer kept.
  ws.meta.push_back(ReviewRequestRemoval(batch_id, d.position));
  TG_RETURN_IF_ERROR(ctx.ledger->Commit(std::move(ws)));
  return d;
}

}  // namespace taxgate::pipeline
