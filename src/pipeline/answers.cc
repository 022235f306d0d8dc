#include "pipeline/answers.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/strings.h"
#include "disclosure/agency_answer.h"
#include "disclosure/audit_entry.h"
#include "pipeline/registry.h"
#include "pipeline/review.h"
#include "pipeline/review_requests.h"
#include "policy/request_rules.h"
#include "policy/rule_codes.h"
#include "text/text.h"

namespace taxgate::pipeline {
namespace {

using Json = nlohmann::json;

constexpr size_t kChunk = 512;

std::vector<std::string> Codes(const std::string& reasons) {
  std::vector<std::string> out;
  for (auto& c : Split(reasons, ';')) {
    if (!c.empty()) out.push_back(std::move(c));
  }
  return out;
}

// The fields of a released answer, names with source and tax year.
std::vector<disclosure::FieldProvenance> Provenance(
    const std::string& disclosure_json) {
  std::vector<disclosure::FieldProvenance> out;
  Json j = Json::parse(disclosure_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("fields") || !j["fields"].is_object()) {
    return out;
  }
  for (const auto& [name, f] : j["fields"].items()) {
    if (!f.is_object()) continue;
    out.push_back({name, f.value("source", ""), f.value("tax_year", 0)});
  }
  return out;
}

bool IsOpenMatchingReview(const storage::DecisionRow& d) {
  return d.decision == domain::Outcome::kReview && !d.match_decision.empty();
}

}  // namespace

bool IsMatchingCode(const std::string& c) {
  return c == "AMBIGUOUS" || c == "LOW_CONFIDENCE";
}

Result<AnswerSummary> AnswerBatch(const OperatorContext& ctx,
                                  const std::string& batch_id,
                                  const std::vector<domain::Request>& requests,
                                  const policy::Policy& pol,
                                  const Date& today) {
  storage::Database* db = ctx.db;
  AnswerSummary summary;
  TG_ASSIGN_OR_RETURN(auto batch, db->FindBatch(batch_id));
  if (!batch) return summary;
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadDecisions(batch_id));
  const disclosure::Actor system{"system", "", "", "", "taxgate"};

  // 1. The review deadline.
  auto received = ParseIsoDate(batch->received_at.substr(0, 10));
  Date start = received ? *received : today;
  Date deadline = Date::FromDays(start.ToDays() + pol.review_deadline_days);
  summary.deadline = deadline.ToString();
  if (!(today < deadline)) {
    std::vector<storage::DecisionRow> expired;
    for (const auto& d : rows) {
      if (IsOpenMatchingReview(d)) expired.push_back(d);
    }
    for (size_t begin = 0; begin < expired.size(); begin += kChunk) {
      size_t end = std::min(expired.size(), begin + kChunk);
      storage::WriteSet ws;
      for (size_t k = begin; k < end; ++k) {
        storage::DecisionRow d = expired[k];
        disclosure::EntryContext c{batch_id, d.position, ctx.time, ctx.key};
        std::vector<std::string> reasons = Codes(d.reasons);
        reasons.push_back(kReviewExpired);
        std::sort(reasons.begin(), reasons.end());
        ctx.ledger->Stage(
            disclosure::ReviewEntry(c, system, d.request_id, "no_record",
                                    "review_deadline_passed", "", ""));
        d.decision = domain::Outcome::kNoRecord;
        d.reasons = Join(reasons, ";");
        d.decision_leaf = ctx.ledger->Stage(disclosure::DecisionEntry(
            c, system, d.request_id, d.decision, reasons));
        d.leaf_index = -1;
        // Settled: its proposal (if any) and the copy kept for the reviewer
        // go (review_requests.h).
        ws.meta.push_back(
            SealedProposal(ctx.key, batch_id, d.position, std::nullopt));
        ws.meta.push_back(ReviewRequestRemoval(batch_id, d.position));
        ws.reviewed.push_back(std::move(d));
      }
      TG_RETURN_IF_ERROR(ctx.ledger->Commit(std::move(ws)));
      summary.expired += static_cast<int64_t>(end - begin);
    }
    if (!expired.empty()) {
      TG_ASSIGN_OR_RETURN(rows, db->ReadDecisions(batch_id));
    }
  }

  // 2. Hold every answer while a matching review is open.
  std::vector<const storage::DecisionRow*> waiting;
  for (const auto& d : rows) {
    if (IsOpenMatchingReview(d)) ++summary.open_reviews;
    if (d.leaf_index < 0) waiting.push_back(&d);
  }
  if (summary.open_reviews > 0) {
    summary.held = static_cast<int64_t>(waiting.size());
    return summary;
  }
  if (waiting.empty()) return summary;

  // What may have changed since the decisions: holds, officials, (i)(6).
  TG_ASSIGN_OR_RETURN(Registry reg, Registry::ForDecisions(db, today));
  TG_ASSIGN_OR_RETURN(auto hold_flags, db->ReadFlags(storage::kFlagLegalHold));
  std::set<std::string> holds;
  for (const auto& f : hold_flags) holds.insert(text::AgencyCode(f.key));
  for (const auto& a : pol.agencies_on_hold) holds.insert(text::AgencyCode(a));
  TG_ASSIGN_OR_RETURN(auto i6, db->ReadFlags(storage::kFlagWithheldI6));
  std::set<std::string> withheld;
  for (const auto& f : i6) {
    withheld.insert(f.key);  // disclosure::WithheldTinKey
  }

  for (size_t begin = 0; begin < waiting.size(); begin += kChunk) {
    size_t end = std::min(waiting.size(), begin + kChunk);
    // Staged again on the log as it is when another command committed
    // meanwhile (Ledger::CommitRetrying).
    auto build = [&]() -> Result<storage::WriteSet> {
      storage::WriteSet ws;
      for (size_t k = begin; k < end; ++k) {
        storage::DecisionRow d = *waiting[k];
        disclosure::EntryContext c{batch_id, d.position, ctx.time, ctx.key};
        std::vector<std::string> reasons = Codes(d.reasons);
        // What changed since the decision stops every held answer alike,
        // matched or not: were only disclosures stopped, a request refused
        // for a hold would tell that its person had matched a taxpayer.
        std::vector<std::string> now_broken;
        const domain::Request* r =
            d.position >= 0 && static_cast<size_t>(d.position) < requests.size()
                ? &requests[d.position]
                : nullptr;
        if (holds.count(text::AgencyCode(d.agency)) > 0) {
          now_broken.push_back(policy::kLegalHold);
        }
        if (r == nullptr ||
            policy::RequesterNotAuthorized(*r, reg.Lookup(), today)) {
          now_broken.push_back(policy::kRequesterNotAuthorized);
        }
        const bool disclosed = d.decision == domain::Outcome::kDisclosed;
        const bool withhold =
            disclosed && withheld.count(d.taxpayer_digest) > 0;
        if (!now_broken.empty() || withhold) {
          reasons.insert(reasons.end(), now_broken.begin(), now_broken.end());
          if (withhold) reasons.push_back(policy::kWithheldI6);
          std::sort(reasons.begin(), reasons.end());
          reasons.erase(std::unique(reasons.begin(), reasons.end()),
                        reasons.end());
          d.decision = domain::Outcome::kRejected;
          d.decision_leaf = ctx.ledger->Stage(disclosure::DecisionEntry(
              c, system, d.request_id, d.decision, reasons));
        } else if (disclosed) {
          ctx.ledger->Stage(disclosure::DisclosureEntry(
              c, system, d.request_id, d.disclosure_json,
              Provenance(d.disclosure_json), d.release_profile,
              d.taxpayer_digest));
        }
        d.reasons = Join(reasons, ";");
        disclosure::AgencyAnswer answer =
            disclosure::AnswerForAgency(d.decision, reasons);
        d.leaf_index = ctx.ledger->Stage(
            disclosure::ResponseEntry(c, system, d.request_id, answer));
        ws.answered.push_back(std::move(d));
      }
      return ws;
    };
    TG_RETURN_IF_ERROR(ctx.ledger->CommitRetrying(build));
    summary.answered += static_cast<int64_t>(end - begin);
  }
  return summary;
}

}  // namespace taxgate::pipeline
