#include "pipeline/processor.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/csv_writer.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "disclosure/agency_answer.h"
#include "disclosure/audit_entry.h"
#include "disclosure/field_selector.h"
#include "linkage/matcher.h"
#include "linkage/model.h"
#include "pipeline/checkpoints.h"
#include "pipeline/operator_actions.h"
#include "pipeline/release.h"
#include "policy/boilerplate.h"
#include "record_store/record_store.h"

namespace taxgate::pipeline {
namespace {

using Json = nlohmann::json;

std::string FormatProbability(std::optional<double> p) {
  if (!p) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", *p);
  return buf;
}

std::string FormatWeight(std::optional<double> w) {
  if (!w) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *w);
  return buf;
}

std::string BaseName(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The registry as a lookup, from the store or from a file (dry runs).
struct Registry {
  std::unordered_map<std::string, domain::Official> by_id;
  policy::OfficialLookup Lookup() const {
    return [this](const std::string& id) -> const domain::Official* {
      auto it = by_id.find(id);
      return it == by_id.end() ? nullptr : &it->second;
    };
  }
  std::string AgencyOf(const domain::Request& r) const {
    for (const auto* id : {&r.official_id, &r.signed_by}) {
      auto it = by_id.find(*id);
      if (it != by_id.end()) return it->second.agency;
    }
    return "UNKNOWN";
  }
};

Result<policy::Policy> LoadPolicyFrom(const std::string& path) {
  return path.empty() ? policy::LoadDefaultPolicy() : policy::LoadPolicy(path);
}

// The keyed digest of a request's normalized reason, as the store keeps it
// (REASON_NOT_SPECIFIC across batches); "" when the reason is missing.
std::string ReasonDigest(const std::string& key, const domain::Request& r) {
  if (policy::ReasonIsMissing(r.reason, r.person)) return "";
  return disclosure::KeyedDigest(key,
                                 policy::NormalizeReason(r.reason, r.person));
}

// Builds the policy's view of the past from the decisions of other batches:
//  - duplicates (request ids per agency, same official + matter + person)
//    over the whole history, whatever the as-of date: a request already
//    answered is never answered again;
//  - the engagement count over the engagement window and the boilerplate
//    count over the boilerplate window, both ending on `as_of` (decisions
//    dated after it do not count, so a decision can be reproduced later).
// The store keeps only keyed digests of subjects and reasons: this batch's
// subjects and reasons are digested and looked up.
Result<policy::History> BuildHistory(storage::Database* db,
                                     const std::string& batch_id,
                                     const std::vector<domain::Request>& batch,
                                     const policy::OfficialLookup& officials,
                                     const policy::Policy& pol,
                                     const Date& as_of,
                                     const std::string& key) {
  const std::string today = as_of.ToString();
  const std::string engaged_since =
      Date::FromDays(as_of.ToDays() - pol.engagement_window_days).ToString();
  const std::string reasons_since =
      Date::FromDays(as_of.ToDays() - pol.boilerplate_window_days).ToString();
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadHistory("", batch_id));
  policy::History h;
  std::unordered_map<std::string, std::string> subject_digests;
  // agency '\x1f' reason digest -> earlier requests within the window
  std::unordered_map<std::string, int> reason_counts;
  for (const auto& row : rows) {
    h.earlier_request_ids.emplace(
        row.agency + '\x1f' + row.request_id,
        row.request_id + " (batch " + row.batch_id.substr(0, 12) + ", " +
            row.decided_on + ", " + row.decision + ")");
    if (!row.subject_key.empty()) {
      subject_digests.emplace(row.subject_key, row.request_id);
    }
    if (row.decided_on > today) continue;
    if (!row.case_number.empty() && row.decided_on >= engaged_since) {
      h.cases_by_official[row.official_id].insert(row.case_number);
    }
    if (!row.reason_digest.empty() && row.decided_on >= reasons_since) {
      ++reason_counts[row.agency + '\x1f' + row.reason_digest];
    }
  }
  TG_ASSIGN_OR_RETURN(auto holds, db->ReadFlags(storage::kFlagLegalHold));
  for (const auto& f : holds) h.agencies_on_hold.insert(f.key);
  for (const auto& r : batch) {
    std::string raw = policy::SubjectKey(r);
    auto it = subject_digests.find(disclosure::KeyedDigest(key, raw));
    if (it != subject_digests.end())
      h.earlier_subjects.emplace(raw, it->second);
    std::string digest = ReasonDigest(key, r);
    if (digest.empty() || reason_counts.empty()) continue;
    std::string agency = policy::AgencyOf(r, officials);
    auto c = reason_counts.find(agency + '\x1f' + digest);
    if (c != reason_counts.end()) {
      h.recent_reasons[agency][policy::NormalizeReason(r.reason, r.person)] =
          c->second;
    }
  }
  return h;
}

Result<Registry> RegistryFromStore(storage::Database* db) {
  TG_ASSIGN_OR_RETURN(auto officials, db->ReadOfficials());
  Registry reg;
  for (auto& o : officials) reg.by_id[o.official_id] = std::move(o);
  return reg;
}

std::vector<std::string> Messages(
    const std::vector<intake::RowRejection>& rejected,
    const std::vector<std::string>& warnings) {
  std::vector<std::string> out = warnings;
  for (const auto& r : rejected) out.push_back(r.message);
  return out;
}

// The reviewer's evidence for a match sent to review: each candidate with
// its probability, weight and per-field weights (levels, never values).
std::string EvidenceJson(const linkage::MatchResult& m) {
  Json cands = Json::array();
  for (const auto& c : m.candidates) {
    Json weights = Json::array();
    for (const auto& w : c.weights) {
      weights.push_back(
          {{"field", w.field}, {"level", w.Label()}, {"weight", w.weight}});
    }
    cands.push_back({{"record_id", c.record_id},
                     {"probability", c.probability},
                     {"match_weight", c.match_weight},
                     {"weights", std::move(weights)}});
  }
  return Json{{"reason", m.reason_code}, {"candidates", std::move(cands)}}
      .dump();
}

// The last leaves of a request, in order: ... disclosure (when disclosed),
// decision, response. DecisionRow::leaf_index is the response leaf.
constexpr int64_t kDecisionLeafBeforeResponse = 1;
constexpr int64_t kDisclosureLeafBeforeResponse = 2;

// Writes the batch's outputs from the store (so a resumed run writes the same
// files as an uninterrupted one):
//   internal, for operators and auditors: decisions.csv, matches.csv;
//   the agency's answer: response.csv (every request, with its receipt),
//   disclosures.jsonl (what was released) and checkpoint.txt (the signed
//   checkpoint the receipts name).
Status WriteOutputs(const std::string& out_dir, storage::Database* db,
                    const std::string& batch_id, const Ledger& ledger,
                    ProcessSummary* summary) {
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadDecisions(batch_id));
  TG_RETURN_IF_ERROR(MakeDirs(out_dir));
  CsvWriter decisions(out_dir + "/decisions.csv");
  decisions.WriteRow({"request_id", "decision", "reasons", "record_id",
                      "match_probability", "policy_version"});
  CsvWriter matches(out_dir + "/matches.csv");
  matches.WriteRow({"request_id", "record_id", "match_probability",
                    "match_weight", "decision"});
  CsvWriter response(out_dir + "/response.csv");
  response.WriteRow({"request_id", "answer", "reasons", "response_leaf",
                     "tree_size", "root_hash_hex"});
  std::string jsonl;
  // The receipt: the latest signed checkpoint, which the ledger signed with
  // the commit of this batch's last leaves (so it covers all of them).
  TG_ASSIGN_OR_RETURN(auto checkpoint, LatestCheckpoint(db));
  const int64_t receipt_size =
      checkpoint ? checkpoint->tree_size : ledger.size();
  const std::string root_hex =
      ToHex(checkpoint ? checkpoint->root : ledger.root());
  const std::string tree_size = std::to_string(receipt_size);
  summary->by_decision.clear();
  for (const auto& d : rows) {
    ++summary->by_decision[d.decision];
    decisions.WriteRow({d.request_id, d.decision, d.reasons, d.record_id,
                        FormatProbability(d.match_probability),
                        d.policy_version});
    if (!d.match_decision.empty()) {
      matches.WriteRow({d.request_id, d.record_id,
                        FormatProbability(d.match_probability),
                        FormatWeight(d.match_weight), d.match_decision});
    }
    disclosure::AgencyAnswer answer =
        disclosure::AnswerForAgency(d.decision, Split(d.reasons, ';'));
    response.WriteRow({d.request_id, answer.answer, Join(answer.reasons, ";"),
                       std::to_string(d.leaf_index), tree_size, root_hex});
    if (!d.disclosure_json.empty()) {
      Json line = Json::parse(d.disclosure_json);
      // Receipt: where this answer is in the audit log.
      line["audit"] = {
          {"disclosure_leaf", d.leaf_index - kDisclosureLeafBeforeResponse},
          {"decision_leaf", d.leaf_index - kDecisionLeafBeforeResponse},
          {"response_leaf", d.leaf_index},
          {"tree_size", receipt_size},
          {"root_hash_hex", root_hex}};
      if (checkpoint) line["audit"]["checkpoint"] = checkpoint->note;
      jsonl += line.dump(-1, ' ', false) + "\n";
    }
  }
  TG_RETURN_IF_ERROR(decisions.Close());
  TG_RETURN_IF_ERROR(matches.Close());
  TG_RETURN_IF_ERROR(response.Close());
  TG_RETURN_IF_ERROR(
      WriteFileAtomically(out_dir + "/disclosures.jsonl", jsonl));
  summary->outputs = {out_dir + "/decisions.csv", out_dir + "/matches.csv",
                      out_dir + "/response.csv",
                      out_dir + "/disclosures.jsonl"};
  if (checkpoint) {
    TG_RETURN_IF_ERROR(
        WriteFileAtomically(out_dir + "/checkpoint.txt", checkpoint->note));
    summary->outputs.push_back(out_dir + "/checkpoint.txt");
  }
  return Status::Ok();
}

}  // namespace

// The JSON released to the agency for one request (without receipts).
std::string DisclosureJson(const domain::Request& r,
                           const disclosure::Selection& sel) {
  Json fields = Json::object();
  for (const auto& f : sel.fields) {
    Json value = Json::object();
    for (const auto& [k, v] : f.parts) value[k] = v;
    fields[f.name] = {{"value", std::move(value)},
                      {"source", domain::SourceName(f.source)},
                      {"tax_year", f.tax_year}};
  }
  Json j = {{"request_id", r.request_id},
            {"case_number", r.case_number},
            {"fields", std::move(fields)}};
  return j.dump(-1, ' ', true);
}

Result<std::vector<std::string>> WriteBatchOutputs(storage::Database* db,
                                                   const Ledger& ledger,
                                                   const std::string& batch_id,
                                                   const std::string& out_dir) {
  ProcessSummary summary;
  TG_RETURN_IF_ERROR(WriteOutputs(out_dir, db, batch_id, ledger, &summary));
  return summary.outputs;
}

Result<PolicyCheckResult> CheckPolicy(const std::string& requests_path,
                                      const std::string& officials_path,
                                      const std::string& policy_path,
                                      const Date& as_of, const std::string& key,
                                      storage::Database* db) {
  TG_ASSIGN_OR_RETURN(auto pol, LoadPolicyFrom(policy_path));
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(requests_path));
  Registry reg;
  PolicyCheckResult out;
  if (!officials_path.empty()) {
    TG_ASSIGN_OR_RETURN(auto officials, intake::ReadOfficials(officials_path));
    for (auto& o : officials.rows) reg.by_id[o.official_id] = std::move(o);
    for (auto& w : Messages(officials.rejected, officials.warnings)) {
      out.warnings.push_back(w);
    }
  } else if (db) {
    TG_ASSIGN_OR_RETURN(reg, RegistryFromStore(db));
  }
  policy::History history;
  if (db) {
    TG_ASSIGN_OR_RETURN(std::string batch_id, FileDigest(requests_path));
    TG_ASSIGN_OR_RETURN(history, BuildHistory(db, batch_id, read.rows,
                                              reg.Lookup(), pol, as_of, key));
  }
  out.evaluations =
      policy::EvaluateBatch(pol, read.rows, reg.Lookup(), history, as_of);
  out.requests = std::move(read.rows);
  out.rejected = std::move(read.rejected);
  for (auto& w : read.warnings) out.warnings.push_back(std::move(w));
  out.policy_version = pol.version;
  return out;
}

Status WritePolicyDecisions(const PolicyCheckResult& r,
                            const std::string& path) {
  CsvWriter w(path);
  w.WriteRow({"request_id", "decision", "reasons", "record_id",
              "match_probability", "policy_version"});
  for (size_t i = 0; i < r.requests.size(); ++i) {
    w.WriteRow({r.requests[i].request_id,
                domain::OutcomeName(r.evaluations[i].outcome),
                Join(r.evaluations[i].codes, ";"), "", "", r.policy_version});
  }
  return w.Close();
}

Result<ProcessSummary> ProcessBatch(const ProcessOptions& o,
                                    storage::Database* db, Ledger* ledger) {
  ProcessSummary summary;
  TG_ASSIGN_OR_RETURN(auto pol, LoadPolicyFrom(o.policy_path));
  summary.policy_version = pol.version;
  // Read everything before writing anything: bad input changes nothing.
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(o.requests_path));
  std::optional<intake::ReadResult<domain::Official>> officials;
  if (!o.officials_path.empty()) {
    TG_ASSIGN_OR_RETURN(officials, intake::ReadOfficials(o.officials_path));
  }
  TG_ASSIGN_OR_RETURN(summary.batch_id, FileDigest(o.requests_path));
  summary.requests = static_cast<int64_t>(read.rows.size());
  summary.rows_rejected = static_cast<int64_t>(read.rejected.size());
  summary.messages = Messages(read.rejected, read.warnings);

  OperatorContext op{db, ledger, o.key, o.operator_name, NowIso8601()};
  if (!o.officials_path.empty()) {
    TG_ASSIGN_OR_RETURN(auto imported, ImportOfficials(op, o.officials_path));
    for (auto& m : Messages(imported.rejected, imported.warnings)) {
      summary.messages.push_back(m);
    }
  }
  TG_ASSIGN_OR_RETURN(Registry reg, RegistryFromStore(db));

  // Resume: positions decided by an earlier run of this very file.
  TG_ASSIGN_OR_RETURN(auto existing_batch, db->FindBatch(summary.batch_id));
  TG_ASSIGN_OR_RETURN(auto done_rows, db->ReadDecisions(summary.batch_id));
  std::vector<bool> done(read.rows.size(), false);
  for (const auto& d : done_rows) {
    if (d.position >= 0 && d.position < summary.requests) {
      done[d.position] = true;
    }
  }
  summary.already_decided = static_cast<int64_t>(done_rows.size());

  TG_ASSIGN_OR_RETURN(
      auto history, BuildHistory(db, summary.batch_id, read.rows, reg.Lookup(),
                                 pol, o.as_of, o.key));
  std::vector<policy::Evaluation> evals =
      policy::EvaluateBatch(pol, read.rows, reg.Lookup(), history, o.as_of);

  // Match index and model, only when a lawful request still needs them.
  std::vector<size_t> todo;
  std::vector<domain::PersonQuery> eligible_queries;
  for (size_t i = 0; i < read.rows.size(); ++i) {
    if (evals[i].outcome == domain::Outcome::kEligible) {
      eligible_queries.push_back(read.rows[i].person);
    }
    if (!done[i]) todo.push_back(i);
  }
  std::optional<linkage::MatchIndex> index;
  linkage::Model model = linkage::DefaultModel();
  bool need_match = std::any_of(todo.begin(), todo.end(), [&](size_t i) {
    return evals[i].outcome == domain::Outcome::kEligible;
  });
  if (need_match) {
    TG_ASSIGN_OR_RETURN(auto built, record_store::LoadMatchIndex(db));
    index.emplace(std::move(built));
    if (!o.model_path.empty()) {
      TG_ASSIGN_OR_RETURN(model, linkage::LoadModel(o.model_path));
    } else {
      TG_ASSIGN_OR_RETURN(model,
                          linkage::Train(*index, eligible_queries, model));
    }
  }
  summary.model_version = model.version;

  std::set<std::string> withheld;
  if (need_match) {
    TG_ASSIGN_OR_RETURN(auto flags, db->ReadFlags(storage::kFlagWithheldI6));
    for (const auto& f : flags) withheld.insert(f.key);
  }

  storage::BatchRow batch_row{summary.batch_id, BaseName(o.requests_path),
                              summary.requests, op.time};
  bool batch_stored = existing_batch.has_value();
  if (!batch_stored) {
    disclosure::EntryContext c{summary.batch_id, -1, op.time, o.key};
    disclosure::Actor a{"operator", "", "", "", o.operator_name};
    std::string lines;
    for (const auto& r : read.rejected) {
      lines += (lines.empty() ? "" : ";") + std::to_string(r.line);
    }
    ledger->Stage(disclosure::OperatorEntry(
        c, a, "receive_batch",
        {{"file", BaseName(o.requests_path)},
         {"requests", std::to_string(summary.requests)},
         {"rows_rejected", std::to_string(summary.rows_rejected)},
         {"rejected_lines", lines}}));
  }

  const int threads = o.threads > 0
                          ? o.threads
                          : std::max(1u, std::thread::hardware_concurrency());
  const std::string as_of = o.as_of.ToString();
  for (size_t begin = 0; begin < todo.size() || !batch_stored;
       begin += o.chunk_size) {
    size_t end = std::min(todo.size(), begin + o.chunk_size);
    // Match the chunk's lawful requests in parallel (Match is const).
    std::vector<std::optional<linkage::MatchResult>> results(end - begin);
    if (index) {
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
          for (size_t k = begin + t; k < end; k += threads) {
            size_t i = todo[k];
            if (evals[i].outcome == domain::Outcome::kEligible) {
              // Every candidate's per-field weights: a request that goes
              // to review keeps them as the reviewer's evidence.
              results[k - begin] = index->Match(read.rows[i].person, model,
                                                /*explain_all=*/true);
            }
          }
        });
      }
      for (auto& th : pool) th.join();
    }
    storage::WriteSet ws;
    if (!batch_stored) ws.batch = batch_row;
    for (size_t k = begin; k < end; ++k) {
      size_t i = todo[k];
      const domain::Request& r = read.rows[i];
      const policy::Evaluation& ev = evals[i];
      disclosure::EntryContext c{summary.batch_id, static_cast<int64_t>(i),
                                 op.time, o.key};
      std::string agency = reg.AgencyOf(r);
      disclosure::Actor actor{"agency", agency, r.official_id, r.signed_by, ""};
      disclosure::Actor system{"system", "", "", "", "taxgate"};
      ledger->Stage(disclosure::RequestEntry(c, actor, r));
      ledger->Stage(
          disclosure::PolicyEntry(c, system, r.request_id, pol.version, as_of,
                                  domain::OutcomeName(ev.outcome), ev.codes));
      storage::DecisionRow d;
      d.batch_id = summary.batch_id;
      d.position = static_cast<int64_t>(i);
      d.agency = agency;
      d.request_id = r.request_id;
      d.official_id = r.official_id;
      d.case_number = r.case_number;
      d.subject_key = disclosure::KeyedDigest(o.key, policy::SubjectKey(r));
      d.reason_digest = ReasonDigest(o.key, r);
      d.policy_version = pol.version;
      d.policy_digest = pol.digest;
      d.decided_on = as_of;
      std::vector<std::string> reasons = ev.codes;
      if (ev.outcome != domain::Outcome::kEligible) {
        d.decision = domain::OutcomeName(ev.outcome);
      } else {
        const linkage::MatchResult& m = *results[k - begin];
        d.match_decision = linkage::MatchDecisionName(m.decision);
        if (m.best) {
          d.record_id = m.best->record_id;
          d.match_probability = m.best->probability;
          d.match_weight = m.best->match_weight;
        }
        ledger->Stage(disclosure::MatchEntry(
            c, system, r.request_id, d.record_id, d.match_probability,
            d.match_weight, d.match_decision, model.version));
        std::vector<domain::Record> rows;
        if (m.decision == linkage::MatchDecision::kMatch && m.best) {
          for (size_t ri : index->TaxpayerRecords(m.best->record_index)) {
            rows.push_back(index->records()[ri]);
          }
        }
        if (!rows.empty()) {
          Release rel = ReleaseFor(r, rows, withheld, pol, c, system);
          d.decision = rel.decision;
          reasons.insert(reasons.end(), rel.codes.begin(), rel.codes.end());
          d.disclosure_json = rel.disclosure_json;
          if (!rel.disclosure_entry.empty()) {
            ledger->Stage(std::move(rel.disclosure_entry));
          }
        } else if (m.decision == linkage::MatchDecision::kPossible) {
          d.decision = "review";
          reasons.push_back(m.reason_code.empty() ? "LOW_CONFIDENCE"
                                                  : m.reason_code);
          d.evidence_json = EvidenceJson(m);
        } else {
          d.decision = "no_record";
          reasons.push_back("NO_MATCH");
        }
      }
      std::sort(reasons.begin(), reasons.end());
      d.reasons = Join(reasons, ";");
      ledger->Stage(disclosure::DecisionEntry(c, system, r.request_id,
                                              d.decision, reasons));
      disclosure::AgencyAnswer answer =
          disclosure::AnswerForAgency(d.decision, reasons);
      d.leaf_index = ledger->Stage(disclosure::ResponseEntry(
          c, system, r.request_id, answer.answer, answer.reasons));
      ws.decisions.push_back(std::move(d));
    }
    TG_RETURN_IF_ERROR(ledger->Commit(std::move(ws)));
    batch_stored = true;
    summary.decided_now += static_cast<int64_t>(end - begin);
    if (end >= todo.size()) break;
  }
  TG_RETURN_IF_ERROR(
      WriteOutputs(o.out_dir, db, summary.batch_id, *ledger, &summary));
  summary.audit_size = ledger->size();
  summary.audit_root_hex = ToHex(ledger->root());
  return summary;
}

}  // namespace taxgate::pipeline
