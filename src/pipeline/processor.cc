#include "pipeline/processor.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "audit/merkle.h"
#include "common/csv_writer.h"
#include "common/file_util.h"
#include "common/stopwatch.h"
#include "common/strings.h"
#include "disclosure/agency_answer.h"
#include "disclosure/audit_entry.h"
#include "disclosure/field_selector.h"
#include "linkage/candidate_json.h"
#include "linkage/matcher.h"
#include "linkage/model.h"
#include "pipeline/checkpoints.h"
#include "pipeline/operator_actions.h"
#include "pipeline/registry.h"
#include "pipeline/release.h"
#include "pipeline/review_requests.h"
#include "policy/boilerplate.h"
#include "policy/rule_codes.h"
#include "record_store/record_store.h"
#include "text/text.h"

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

// Builds the policy's view of the past from the decisions of other batches
// (the evaluator applies the windows, which end on the as-of date, and
// compares duplicates over the whole history, whatever the as-of date: a
// request already answered is never answered again). The store keeps the
// person only as keyed digests of the folded name and date of birth, the
// reason only normalized (digits and the subject's names removed).
// Requests refused for an invalid signature were never made by the
// official they name: they count nowhere.
std::optional<policy::EarlierRequest> EarlierFrom(
    const storage::DecisionRow& row, const policy::Policy& pol);

Result<policy::History> BuildHistory(storage::Database* db,
                                     const std::string& batch_id,
                                     const policy::Policy& pol,
                                     const std::string& key) {
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadHistory("", batch_id));
  policy::History h;
  h.digest_key = key;
  h.earlier.reserve(rows.size());
  for (const auto& row : rows) {
    if (auto e = EarlierFrom(row, pol)) h.earlier.push_back(std::move(*e));
  }
  TG_ASSIGN_OR_RETURN(auto holds, db->ReadFlags(storage::kFlagLegalHold));
  for (const auto& f : holds) h.agencies_on_hold.insert(f.key);
  return h;
}

// A stored decision as the policy's history sees it; nullopt for those
// refused for an invalid signature (never made by the official they name:
// they count nowhere).
std::optional<policy::EarlierRequest> EarlierFrom(
    const storage::DecisionRow& row, const policy::Policy& pol) {
  std::vector<std::string> codes = Split(row.reasons, ';');
  if (std::find(codes.begin(), codes.end(), policy::kSignatureInvalid) !=
      codes.end()) {
    return std::nullopt;
  }
  policy::EarlierRequest e;
  e.agency = text::AgencyCode(row.agency);
  e.request_id = std::string(Trim(row.request_id));
  e.official_id = std::string(Trim(row.official_id));
  if (!policy::CaseMissing(row.case_number, pol)) {
    e.matter = policy::MatterKey(row.case_number);
  }
  e.name_key = row.name_key;
  e.dob_key = row.dob_key;
  e.reason = row.reason_norm;
  e.decided_on = row.decided_on;
  e.label = e.request_id + " (batch " + row.batch_id.substr(0, 12) + ", " +
            row.decided_on + ", " + domain::OutcomeName(row.decision) + ")";
  return e;
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
  return Json{{"reason", m.reason_code},
              {"candidates", linkage::CandidatesJson(m.candidates)}}
      .dump();
}

// Writes the batch's outputs from the store (so a resumed run writes the same
// files as an uninterrupted one):
//   internal, for operators and auditors: decisions.csv, matches.csv;
//   the agency's answer: response.csv (every request, with its receipt;
//   `pending` while its answer is held), disclosures.jsonl (what was
//   released) and checkpoint.txt (the signed checkpoint the receipts name).
Status WriteOutputs(const std::string& out_dir, storage::Database* db,
                    const std::string& batch_id, const Ledger& ledger,
                    ProcessSummary* summary) {
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadDecisions(batch_id));
  TG_RETURN_IF_ERROR(MakeOutputDir(out_dir));
  CsvWriter decisions(out_dir + "/decisions.csv");
  decisions.WriteRow({"request_id", "decision", "reasons", "record_id",
                      "match_probability", "policy_version", "ruleset_digest",
                      "model_digest"});
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
  summary->by_answer.clear();
  for (const auto& d : rows) {
    ++summary->by_decision[domain::OutcomeName(d.decision)];
    decisions.WriteRow({d.request_id, domain::OutcomeName(d.decision),
                        d.reasons, d.record_id,
                        FormatProbability(d.match_probability),
                        d.policy_version, d.ruleset_digest, d.model_digest});
    if (!d.match_decision.empty()) {
      matches.WriteRow({d.request_id, d.record_id,
                        FormatProbability(d.match_probability),
                        FormatWeight(d.match_weight), d.match_decision});
    }
    if (d.leaf_index < 0) {
      // Held until every eligible request of the batch is settled: the
      // agency learns nothing yet, not even that a person is looking.
      ++summary->by_answer["pending"];
      response.WriteRow({d.request_id, "pending", "", "", tree_size, root_hex});
      continue;
    }
    disclosure::AgencyAnswer answer =
        disclosure::AnswerForAgency(d.decision, Split(d.reasons, ';'));
    ++summary->by_answer[disclosure::AnswerName(answer.answer)];
    response.WriteRow({d.request_id, disclosure::AnswerName(answer.answer),
                       Join(answer.reasons, ";"), std::to_string(d.leaf_index),
                       tree_size, root_hex});
    if (answer.answer == disclosure::Answer::kDisclosed &&
        !d.disclosure_json.empty()) {
      Json line = Json::parse(d.disclosure_json, nullptr, false);
      if (!line.is_object()) {
        return Status::DataLoss("the stored disclosure of request " +
                                d.request_id + " is not JSON");
      }
      // Receipt: where this answer is in the audit log.
      line["audit"] = {
          {"disclosure_leaf", d.leaf_index - kDisclosureLeafBeforeResponse},
          {"decision_leaf", d.decision_leaf},
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
  TG_RETURN_IF_ERROR(WriteOutputFile(out_dir + "/disclosures.jsonl", jsonl));
  summary->outputs = {out_dir + "/decisions.csv", out_dir + "/matches.csv",
                      out_dir + "/response.csv",
                      out_dir + "/disclosures.jsonl"};
  if (checkpoint) {
    TG_RETURN_IF_ERROR(
        WriteOutputFile(out_dir + "/checkpoint.txt", checkpoint->note));
    summary->outputs.push_back(out_dir + "/checkpoint.txt");
  }
  return Status::Ok();
}

// The as-of date a batch is decided on (LAW.md, "Dates"): a re-run keeps
// its first run's; a new batch goes only forward in time.
Result<Date> DecisionDate(storage::Database* db,
                          const std::optional<storage::BatchRow>& batch,
                          const std::vector<storage::DecisionRow>& done,
                          const ProcessOptions& o, ProcessSummary* summary) {
  if (batch) {
    std::string first = batch->as_of;
    if (first.empty() && !done.empty()) first = done.front().decided_on;
    if (auto d = ParseIsoDate(first)) {
      if (*d != o.as_of) {
        summary->messages.push_back(
            "this batch was first run as of " + d->ToString() +
            "; it is resumed as of that date, not " + o.as_of.ToString());
      }
      return *d;
    }
  }
  if (o.today < o.as_of) {
    return Status::InvalidArgument("--as-of " + o.as_of.ToString() +
                                   " is in the future (today is " +
                                   o.today.ToString() +
                                   "): process decides new requests only up to "
                                   "today");
  }
  TG_ASSIGN_OR_RETURN(std::string latest, db->LatestDecisionDate());
  if (!latest.empty() && o.as_of.ToString() < latest) {
    return Status::InvalidArgument(
        "--as-of " + o.as_of.ToString() +
        " is earlier than the latest date this store has decided with (" +
        latest +
        "): process decides new requests only forward in time, so no "
        "history window can shrink and no revocation be skipped (policy "
        "check, a dry run, takes any date)");
  }
  return o.as_of;
}

}  // namespace

void ProcessSummary::AddPhase(const std::string& phase, double seconds) {
  for (auto& [name, s] : phase_seconds) {
    if (name == phase) {
      s += seconds;
      return;
    }
  }
  phase_seconds.emplace_back(phase, seconds);
}

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

Result<std::vector<std::string>> WriteBatchOutputs(
    storage::Database* db, const Ledger& ledger, const std::string& batch_id,
    const std::string& out_dir, std::map<std::string, int64_t>* by_answer) {
  ProcessSummary summary;
  TG_RETURN_IF_ERROR(WriteOutputs(out_dir, db, batch_id, ledger, &summary));
  if (by_answer) *by_answer = summary.by_answer;
  return summary.outputs;
}

Result<AnswerSummary> AnswerBatchFile(const OperatorContext& ctx,
                                      const ruleset::Ruleset& rules,
                                      const std::string& requests_path,
                                      const Date& today) {
  const policy::Policy& pol = *rules.policy;
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(requests_path));
  TG_ASSIGN_OR_RETURN(std::string batch_id, FileDigest(requests_path));
  TG_ASSIGN_OR_RETURN(auto batch, ctx.db->FindBatch(batch_id));
  if (!batch) {
    return Status::NotFound(requests_path +
                            ": this batch was never processed (taxgate "
                            "process --requests " +
                            requests_path + ")");
  }
  return AnswerBatch(ctx, batch_id, read.rows, pol, today);
}

Result<PolicyCheckResult> CheckPolicy(const ruleset::Ruleset& rules,
                                      const std::string& requests_path,
                                      const std::string& officials_path,
                                      const Date& as_of, const std::string& key,
                                      storage::Database* db, ThreadPool* pool) {
  const policy::Policy& pol = *rules.policy;
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequests(requests_path));
  Registry reg;
  PolicyCheckResult out;
  if (!officials_path.empty()) {
    TG_ASSIGN_OR_RETURN(auto officials, intake::ReadOfficials(officials_path));
    for (auto& o : officials.rows) reg.by_id[o.official_id] = std::move(o);
    for (auto& w : Messages(officials.rejected, officials.warnings)) {
      out.warnings.push_back(w);
    }
    // A file never undoes a revocation the store has recorded (LAW.md,
    // "Officials"): the dry run applies it as `process` would.
    if (db) {
      TG_ASSIGN_OR_RETURN(Registry stored, Registry::AsRecorded(db));
      for (auto& [id, o] : reg.by_id) {
        auto s = stored.by_id.find(id);
        if (s == stored.by_id.end()) continue;
        std::string revoked(Trim(s->second.revoked_on));
        std::string own(Trim(o.revoked_on));
        if (!revoked.empty() && (own.empty() || revoked < own)) {
          o.revoked_on = revoked;
        }
      }
    }
  } else if (db) {
    TG_ASSIGN_OR_RETURN(reg, Registry::AsRecorded(db));
  }
  policy::History history;
  if (db) {
    TG_ASSIGN_OR_RETURN(std::string batch_id, FileDigest(requests_path));
    TG_ASSIGN_OR_RETURN(history, BuildHistory(db, batch_id, pol, key));
  }
  out.evaluations =
      policy::EvaluateBatch(pol, read.rows, reg.Lookup(), history, as_of, pool);
  out.requests = std::move(read.rows);
  out.rejected = std::move(read.rejected);
  for (auto& w : read.warnings) out.warnings.push_back(std::move(w));
  out.policy_version = pol.version;
  out.ruleset_digest = rules.digest;
  return out;
}

Status WritePolicyDecisions(const PolicyCheckResult& r,
                            const std::string& path) {
  CsvWriter w(path);
  w.WriteRow({"request_id", "decision", "reasons", "record_id",
              "match_probability", "policy_version", "ruleset_digest"});
  for (size_t i = 0; i < r.requests.size(); ++i) {
    w.WriteRow({r.requests[i].request_id,
                domain::OutcomeName(r.evaluations[i].outcome),
                Join(r.evaluations[i].codes, ";"), "", "", r.policy_version,
                r.ruleset_digest});
  }
  return w.Close();
}

namespace {

// What matching a batch needs, made once per run, and only when a lawful
// request is still undecided: the store's index, the model (the ruleset's,
// or trained by EM on the store and the batch's lawful requests) and the
// taxpayers withheld under (i)(6). `taxgate serve` prepares the index and
// model once (PreparedMatching) and reads only the flags per batch.
struct Matching {
  std::shared_ptr<const linkage::MatchIndex> index;
  std::optional<record_store::IndexReport> index_report;
  linkage::Model model = linkage::DefaultModel();
  std::string model_digest;
  std::set<std::string> withheld;
};

Result<Matching> PrepareMatching(const ruleset::Ruleset& rules,
                                 const ProcessOptions& o, storage::Database* db,
                                 const std::vector<domain::Request>& rows,
                                 const std::vector<policy::Evaluation>& evals,
                                 const std::vector<size_t>& todo) {
  Matching m;
  bool need_match = std::any_of(todo.begin(), todo.end(), [&](size_t i) {
    return evals[i].outcome == domain::Outcome::kEligible;
  });
  if (!need_match) return m;
  if (o.prepared != nullptr) {
    m.index = o.prepared->index;
    m.model = o.prepared->model;
  } else {
    record_store::IndexReport report;
    TG_ASSIGN_OR_RETURN(m.index, record_store::OpenMatchIndex(
                                     db, rules.tables,
                                     {o.key, rules.tables_digest, o.index_path},
                                     o.pool, &report));
    m.index_report = std::move(report);
    if (rules.model) {
      m.model = *rules.model;
    } else {
      std::vector<domain::PersonQuery> eligible;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (evals[i].outcome == domain::Outcome::kEligible) {
          eligible.push_back(rows[i].person);
        }
      }
      linkage::TrainOptions train;
      train.pool = o.pool;
      TG_ASSIGN_OR_RETURN(m.model,
                          linkage::Train(*m.index, eligible, m.model, train));
    }
  }
  TG_ASSIGN_OR_RETURN(auto flags, db->ReadFlags(storage::kFlagWithheldI6));
  for (const auto& f : flags) m.withheld.insert(f.key);
  m.model_digest = o.prepared != nullptr ? o.prepared->model_digest
                                         : linkage::ModelDigest(m.model);
  return m;
}

}  // namespace

Result<PreparedMatching> PrepareStoreMatching(const ruleset::Ruleset& rules,
                                              storage::Database* db,
                                              const std::string& key,
                                              const std::string& index_path,
                                              ThreadPool* pool) {
  PreparedMatching p;
  TG_ASSIGN_OR_RETURN(
      p.index, record_store::OpenMatchIndex(
                   db, rules.tables, {key, rules.tables_digest, index_path},
                   pool, &p.index_report));
  if (rules.model) {
    p.model = *rules.model;
  } else {
    linkage::TrainOptions train;
    train.pool = pool;
    TG_ASSIGN_OR_RETURN(p.model, linkage::Train(*p.index, {}, p.model, train));
  }
  p.model_digest = linkage::ModelDigest(p.model);
  return p;
}

namespace {

// The pool for `n` requests' work: none for a few (the service's single
// requests), where handing work to other threads costs more than it saves.
ThreadPool* SmallWork(const ProcessOptions& o, size_t n) {
  constexpr size_t kWorthAPool = 16;
  return n < kWorthAPool ? nullptr : o.pool;
}

// What the decisions of a batch share.
struct RequestContext {
  const ruleset::Ruleset& rules;
  const ProcessOptions& o;
  const Registry& registry;
  const Matching& matching;
  const std::string& batch_id;
  const std::string& time;
  const std::string& as_of;
  Ledger* ledger;
  storage::Database* db;
  ProcessSummary* summary;  // its phase_seconds
};

// One request's decision, made on any thread: its row and its audit
// entries in log order (request, policy decision, match, decision, and the
// response when it is answered at once) with their leaf hashes. Staged on
// the ledger, one request after the other, by Stage.
struct Decided {
  storage::DecisionRow row;
  std::vector<std::string> entries;
  std::vector<Hash256> leaf_hashes;
  size_t decision_entry = 0;  // row.decision_leaf is this entry's index
  bool has_response = false;  // row.leaf_index is the last entry's
  // A request sent to review, kept for the reviewer (review_requests.h).
  std::pair<std::string, std::string> review_request;
  // Adds an entry; returns its place among the request's entries.
  size_t Add(std::string entry) {
    leaf_hashes.push_back(audit::LeafHash(entry));
    entries.push_back(std::move(entry));
    return entries.size() - 1;
  }
  // Stages the entries (copies: a commit that must be tried again stages
  // them again) and returns the row with its leaf indexes.
  storage::DecisionRow Stage(Ledger* ledger) const {
    storage::DecisionRow d = row;
    for (size_t e = 0; e < entries.size(); ++e) {
      const int64_t leaf = ledger->Stage(entries[e], leaf_hashes[e]);
      if (e == decision_entry) d.decision_leaf = leaf;
      if (has_response && e + 1 == entries.size()) d.leaf_index = leaf;
    }
    return d;
  }
};

// `taxpayer`: the store's rows of a match's taxpayer (TaxpayerRows).
Decided DecideRequest(const RequestContext& x, size_t i,
                      const domain::Request& r, const policy::Evaluation& ev,
                      const linkage::MatchResult* m,
                      const std::vector<domain::Record>& taxpayer) {
  Decided out;
  storage::DecisionRow& d = out.row;
  const policy::Policy& pol = *x.rules.policy;
  disclosure::EntryContext c{x.batch_id, static_cast<int64_t>(i), x.time,
                             x.o.key};
  std::string agency = x.registry.AgencyOf(r);
  disclosure::Actor actor{"agency", agency, r.official_id, r.signed_by, ""};
  disclosure::Actor system{"system", "", "", "", "taxgate"};
  out.Add(disclosure::RequestEntry(c, actor, r));
  out.Add(disclosure::PolicyEntry(c, system, r.request_id, pol.version,
                                  x.rules.digest, x.as_of,
                                  domain::OutcomeName(ev.outcome), ev.codes));
  d.batch_id = x.batch_id;
  d.position = static_cast<int64_t>(i);
  d.agency = agency;
  d.request_id = r.request_id;
  d.official_id = std::string(Trim(r.official_id));
  d.case_number = r.case_number;
  d.name_key = ev.name_key;
  d.dob_key = ev.dob_key;
  d.reason_norm = ev.reason;
  d.policy_version = pol.version;
  d.ruleset_digest = x.rules.digest;
  d.decided_on = x.as_of;
  std::vector<std::string> reasons = ev.codes;
  const bool eligible = ev.outcome == domain::Outcome::kEligible;
  if (!eligible) {
    d.decision = ev.outcome;
  } else {
    d.match_decision = linkage::MatchDecisionName(m->decision);
    d.model_digest = x.matching.model_digest;
    d.model_version = x.matching.model.version;
    if (m->best) {
      d.record_id = m->best->record_id;
      d.match_probability = m->best->probability;
      d.match_weight = m->best->match_weight;
    }
    out.Add(disclosure::MatchEntry(
        c, system, r.request_id, d.record_id, d.match_probability,
        d.match_weight, d.match_decision,
        {x.matching.model.version, d.model_digest, x.rules.digest}));
    if (!taxpayer.empty()) {
      Release rel = ReleaseFor(r, taxpayer, x.matching.withheld, pol, x.o.key);
      d.decision = rel.decision;
      reasons.insert(reasons.end(), rel.codes.begin(), rel.codes.end());
      d.disclosure_json = rel.disclosure_json;
      d.taxpayer_digest = rel.taxpayer_digest;
      d.release_profile = rel.profile;
    } else if (m->decision == linkage::MatchDecision::kPossible) {
      d.decision = domain::Outcome::kReview;
      reasons.push_back(m->reason_code.empty() ? "LOW_CONFIDENCE"
                                               : m->reason_code);
      d.evidence_json = EvidenceJson(*m);
    } else {
      d.decision = domain::Outcome::kNoRecord;
      reasons.push_back("NO_MATCH");
    }
  }
  std::sort(reasons.begin(), reasons.end());
  d.reasons = Join(reasons, ";");
  if (d.decision == domain::Outcome::kReview) {
    out.review_request =
        SealedReviewRequest(x.o.key, x.batch_id, static_cast<int64_t>(i), r);
  }
  out.decision_entry = out.Add(
      disclosure::DecisionEntry(c, system, r.request_id, d.decision, reasons));
  if (!eligible) {
    // Refused, or waiting for a law review: answered now (the codes say
    // nothing about any taxpayer). Eligible requests are answered together
    // once the batch is settled (answers.h).
    out.Add(disclosure::ResponseEntry(
        c, system, r.request_id,
        disclosure::AnswerForAgency(d.decision, reasons)));
    out.has_response = true;
  }
  return out;
}

// A batch is decided under one ruleset: a re-run under other files would
// mix two sets of rules in one batch.
Status CheckSameRuleset(const ruleset::Ruleset& rules,
                        const std::string& requests_path,
                        const std::vector<storage::DecisionRow>& done_rows) {
  for (const auto& d : done_rows) {
    if (!d.ruleset_digest.empty() && d.ruleset_digest != rules.digest) {
      return Status::FailedPrecondition(
          requests_path + ": this batch was decided under ruleset " +
          d.ruleset_digest.substr(0, 12) + " (policy " + d.policy_version +
          "), not this run's " + rules.ShortDigest() + " (policy " +
          rules.policy->version +
          "): run it again with the policy file, data folder and model file "
          "it was processed with");
    }
  }
  return Status::Ok();
}

// The model the summary names: this run's, or, when nothing is matched in
// this run, the one an earlier run matched the batch's requests with (""
// when none was).
void NameTheModel(const Matching& matching,
                  const std::vector<storage::DecisionRow>& done_rows,
                  ProcessSummary* summary) {
  if (matching.index) {
    summary->model_version = matching.model.version;
    summary->model_digest = matching.model_digest;
    return;
  }
  for (const auto& d : done_rows) {
    if (d.model_digest.empty()) continue;
    summary->model_version = d.model_version;
    summary->model_digest = d.model_digest;
    return;
  }
}

// The store's rows of the taxpayer a request matched (none when it did not
// match), read back by record id and checked against the rows the index
// was built from (record_store::ReadIndexedRows): a row changed in the
// store meanwhile stops the batch before anything of it is released.
Result<std::vector<domain::Record>> TaxpayerRows(
    const RequestContext& x, const std::optional<linkage::MatchResult>& m) {
  if (!m || m->decision != linkage::MatchDecision::kMatch || !m->best) {
    return std::vector<domain::Record>();
  }
  const linkage::MatchIndex& index = *x.matching.index;
  return record_store::ReadIndexedRows(
      x.db, index, x.o.key, index.TaxpayerRecords(m->best->record_index));
}

// DecideInChunks's answer when another writer committed between its reading
// of the store and its commit: what is left is decided again.
constexpr char kDecideAgain[] =
    "the audit log grew while this batch was being decided";

// Decides the requests at `todo` a chunk at a time: the chunk's lawful
// requests are matched on the pool (Match is const; every candidate's
// per-field weights are kept, as a reviewer's evidence), then decided and
// committed in one transaction with their audit leaves and a signed
// checkpoint. The first commit stores `new_batch` with its `receive_entry`
// when given (even with nothing to decide). Returns how many were decided.
Result<int64_t> DecideInChunks(const RequestContext& x,
                               const std::vector<domain::Request>& rows,
                               const std::vector<policy::Evaluation>& evals,
                               const std::vector<size_t>& todo,
                               std::optional<storage::BatchRow> new_batch,
                               const std::string& receive_entry) {
  const Matching& matching = x.matching;
  int64_t decided = 0;
  const size_t chunk = static_cast<size_t>(std::max(1, x.o.chunk_size));
  for (size_t begin = 0; begin < todo.size() || new_batch; begin += chunk) {
    const size_t end = std::min(todo.size(), begin + chunk);
    Stopwatch watch;
    std::vector<std::optional<linkage::MatchResult>> results(end - begin);
    if (matching.index) {
      ForEach(
          SmallWork(x.o, end - begin), end - begin,
          [&](size_t j) {
            size_t i = todo[begin + j];
            if (evals[i].outcome == domain::Outcome::kEligible) {
              results[j] = matching.index->Match(rows[i].person, matching.model,
                                                 /*explain_all=*/true);
            }
          },
          4);
    }
    x.summary->AddPhase("match", watch.Lap());
    std::vector<std::vector<domain::Record>> taxpayers(end - begin);
    for (size_t j = 0; j < results.size(); ++j) {
      TG_ASSIGN_OR_RETURN(taxpayers[j], TaxpayerRows(x, results[j]));
    }
    x.summary->AddPhase("read_rows", watch.Lap());
    // The decisions and their audit entries are made on the pool; only
    // numbering them in the log (Ledger::Stage) and the commit are serial.
    std::vector<Decided> decided_chunk(end - begin);
    ForEach(
        SmallWork(x.o, end - begin), end - begin,
        [&](size_t j) {
          const size_t i = todo[begin + j];
          const auto& m = results[j];
          decided_chunk[j] = DecideRequest(x, i, rows[i], evals[i],
                                           m ? &*m : nullptr, taxpayers[j]);
        },
        4);
    x.summary->AddPhase("decide", watch.Lap());
    // Another command or server may commit meanwhile (a key rotation, an
    // officials import, another batch). With decide_again_on_race (the
    // service) the policy's view of the past is then out of date, so the
    // chunk is not staged again as it was: the caller decides what is left
    // again on the log as it is now. Otherwise (a file's batch, long to
    // evaluate again) the chunk is staged again on the log as it is.
    int attempts = 0;
    double stage_seconds = 0;
    TG_RETURN_IF_ERROR(
        x.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
          if (attempts++ > 0 && x.o.decide_again_on_race) {
            return Status::Aborted(kDecideAgain);
          }
          Stopwatch staging;
          storage::WriteSet ws;
          ws.batch = new_batch;
          if (ws.batch) ws.meta = x.o.batch_meta;
          if (ws.batch) x.ledger->Stage(receive_entry);
          ws.decisions.reserve(decided_chunk.size());
          for (const Decided& one : decided_chunk) {
            ws.decisions.push_back(one.Stage(x.ledger));
            if (!one.review_request.first.empty()) {
              ws.meta.push_back(one.review_request);
            }
          }
          stage_seconds += staging.Seconds();
          return ws;
        }));
    const double decide_commit = watch.Lap();
    x.summary->AddPhase("stage", stage_seconds);
    x.summary->AddPhase("commit", decide_commit - stage_seconds);
    new_batch.reset();
    decided += static_cast<int64_t>(end - begin);
    if (x.o.progress) {
      x.o.progress("deciding", decided, static_cast<int64_t>(todo.size()));
    }
    if (end >= todo.size()) break;
  }
  return decided;
}

// The first entry of a batch in the log: the operator received the file
// (or the service the agency's request).
std::string ReceiveEntry(const ProcessOptions& o, const BatchInput& in,
                         const std::string& time,
                         const ProcessSummary& summary) {
  disclosure::EntryContext c{in.batch_id, -1, time, o.key};
  disclosure::Actor a{"operator", "", "", "", o.operator_name};
  std::string lines;
  for (const auto& r : in.read.rejected) {
    if (!lines.empty()) lines += ';';
    lines += std::to_string(r.line);
  }
  return disclosure::OperatorEntry(
      c, a, "receive_batch",
      {{"file", in.source_name},
       {"requests", std::to_string(summary.requests)},
       {"rows_rejected", std::to_string(summary.rows_rejected)},
       {"rejected_lines", lines}});
}

}  // namespace

namespace {

// Decides what is left of a batch that was read: the policy against the
// registry and the history as stored now, then matching and the decisions,
// a chunk per transaction. Returns the number decided.
Result<int64_t> DecideRemaining(const ruleset::Ruleset& rules,
                                const ProcessOptions& o, const BatchInput& in,
                                storage::Database* db, Ledger* ledger,
                                const OperatorContext& op,
                                ProcessSummary* summary,
                                PreparedMatching* keep) {
  const policy::Policy& pol = *rules.policy;
  const auto& rows = in.read.rows;
  Stopwatch watch;
  // Resume: positions decided by an earlier run of this very batch.
  TG_ASSIGN_OR_RETURN(auto existing_batch, db->FindBatch(in.batch_id));
  TG_ASSIGN_OR_RETURN(auto done_rows, db->ReadDecisions(in.batch_id));
  TG_ASSIGN_OR_RETURN(Date as_of_date,
                      DecisionDate(db, existing_batch, done_rows, o, summary));
  summary->as_of = as_of_date;
  TG_RETURN_IF_ERROR(CheckSameRuleset(rules, in.source_name, done_rows));
  std::vector<bool> done(rows.size(), false);
  for (const auto& d : done_rows) {
    if (d.position >= 0 && d.position < summary->requests) {
      done[d.position] = true;
    }
  }
  summary->already_decided = static_cast<int64_t>(done_rows.size());
  // A new batch may use the kept registry and index of the past while
  // nobody else has written and the date is the same (the windows end on
  // it, revocations take effect on it).
  HistoryCache* cache = o.history_cache;
  const bool fresh = !existing_batch && done_rows.empty();
  const bool use_cache =
      cache != nullptr && fresh && cache->ledger_reloads == ledger->reloads() &&
      cache->index && cache->index->as_of() == as_of_date && cache->registry;
  // Every revocation recorded so far applies to these decisions.
  std::optional<Registry> read_registry;
  if (!use_cache) {
    TG_ASSIGN_OR_RETURN(read_registry, Registry::ForDecisions(db, as_of_date));
  }
  const Registry& reg = use_cache ? *cache->registry : *read_registry;
  std::optional<policy::HistoryIndex> built;
  if (!use_cache) {
    if (cache != nullptr) cache->ledger_reloads = -1;
    TG_ASSIGN_OR_RETURN(auto history,
                        BuildHistory(db, in.batch_id, pol, o.key));
    built.emplace(pol, history, reg.Lookup(), as_of_date);
  }
  const policy::HistoryIndex& past = use_cache ? *cache->index : *built;
  summary->AddPhase("history", watch.Lap());
  const auto n = static_cast<int64_t>(rows.size());
  if (o.progress) o.progress("checking the rules", 0, -1);
  std::vector<policy::Evaluation> evals = policy::EvaluateBatch(
      pol, rows, reg.Lookup(), past, SmallWork(o, rows.size()));
  if (o.progress) o.progress("checking the rules", n, n);
  summary->AddPhase("policy", watch.Lap());

  std::vector<size_t> todo;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!done[i]) todo.push_back(i);
  }
  TG_ASSIGN_OR_RETURN(Matching matching,
                      PrepareMatching(rules, o, db, rows, evals, todo));
  if (o.prepared == nullptr && matching.index && !keep->index) {
    // Kept for another attempt of this run (the index and the model are
    // made once per run, as they always were).
    keep->index = matching.index;
    keep->model = matching.model;
    keep->model_digest = matching.model_digest;
  }
  NameTheModel(matching, done_rows, summary);
  if (matching.index_report) summary->index = matching.index_report;
  summary->AddPhase("prepare_matching", watch.Lap());

  const std::string as_of = as_of_date.ToString();
  const RequestContext x{rules,   o,     reg,    matching, in.batch_id,
                         op.time, as_of, ledger, db,       summary};
  std::optional<storage::BatchRow> new_batch;
  std::string receive_entry;
  if (!existing_batch) {
    new_batch = storage::BatchRow{in.batch_id, in.source_name,
                                  summary->requests, op.time, as_of};
    receive_entry = ReceiveEntry(o, in, op.time, *summary);
  }
  // The kept index is out of date from the first commit on, until this
  // batch's decisions are in it: whatever fails on the way leaves it
  // marked so, and the next batch reads the past from the store.
  if (cache != nullptr) cache->ledger_reloads = -1;
  TG_ASSIGN_OR_RETURN(
      int64_t decided,
      DecideInChunks(x, rows, evals, todo, new_batch, receive_entry));
  if (cache != nullptr && fresh) {
    // Keep the index for the next batch: as built (without this batch)
    // plus this batch's decisions, as of the log as it is now.
    TG_ASSIGN_OR_RETURN(auto mine, db->ReadDecisions(in.batch_id));
    for (const auto& row : mine) {
      if (auto e = EarlierFrom(row, pol)) {
        (use_cache ? *cache->index : *built).Add(*e, reg.Lookup());
      }
    }
    if (!use_cache) {
      cache->index = std::move(built);
      cache->registry = std::move(read_registry);
    }
    cache->ledger_reloads = ledger->reloads();
  }
  return decided;
}

}  // namespace

Result<ProcessSummary> ProcessRequests(const ruleset::Ruleset& rules,
                                       const ProcessOptions& o,
                                       const BatchInput& in,
                                       storage::Database* db, Ledger* ledger) {
  ProcessSummary summary;
  const policy::Policy& pol = *rules.policy;
  summary.policy_version = pol.version;
  summary.ruleset_digest = rules.digest;
  summary.batch_id = in.batch_id;
  summary.requests = static_cast<int64_t>(in.read.rows.size());
  summary.rows_rejected = static_cast<int64_t>(in.read.rejected.size());
  summary.messages = Messages(in.read.rejected, in.read.warnings);

  OperatorContext op{db,           ledger,      o.key, o.operator_name,
                     NowIso8601(), o.index_path};
  {
    // Refusals first: a date that may not be used or a batch decided under
    // other rules writes nothing, not even the officials' import.
    ProcessSummary scratch;
    TG_ASSIGN_OR_RETURN(auto batch, db->FindBatch(in.batch_id));
    TG_ASSIGN_OR_RETURN(auto done, db->ReadDecisions(in.batch_id));
    TG_RETURN_IF_ERROR(DecisionDate(db, batch, done, o, &scratch).status());
    TG_RETURN_IF_ERROR(CheckSameRuleset(rules, in.source_name, done));
  }
  Stopwatch watch;
  if (!o.officials_path.empty()) {
    TG_ASSIGN_OR_RETURN(auto imported, ImportOfficials(op, o.officials_path));
    for (auto& m : Messages(imported.rejected, imported.warnings)) {
      summary.messages.push_back(m);
    }
    summary.AddPhase("officials", watch.Lap());
  }
  // Another writer may commit between this run's reading of the store and
  // its commit: what is left is then decided again, against the store as
  // it is (so two servers never both take a request for new).
  // Each chunk that commits is progress: only attempts in a row that
  // commit nothing count towards giving up.
  constexpr int kAttemptsWithoutProgress = 50;
  int64_t first_done = -1;
  int64_t last_done = -1;
  PreparedMatching kept;
  ProcessOptions again = o;
  for (int stalled = 0;;) {
    if (kept.index) again.prepared = &kept;
    auto decided =
        DecideRemaining(rules, again, in, db, ledger, op, &summary, &kept);
    if (first_done < 0) first_done = summary.already_decided;
    if (decided.ok()) {
      summary.decided_now = summary.already_decided + *decided - first_done;
      summary.already_decided = first_done;
      break;
    }
    if (decided.status().code() != StatusCode::kAborted ||
        decided.status().message() != kDecideAgain) {
      return decided.status();
    }
    if (summary.already_decided > last_done) {
      last_done = summary.already_decided;
      stalled = 0;
    } else if (++stalled >= kAttemptsWithoutProgress) {
      return decided.status();
    }
    TG_RETURN_IF_ERROR(ledger->Reload());
  }
  if (o.answer_now) {
    // Answers go out today: the last checks (holds, officials in force) and
    // the review deadline are read on today's date, whatever the as-of date
    // the requests were decided on.
    watch.Lap();
    TG_ASSIGN_OR_RETURN(
        summary.answers,
        AnswerBatch(op, in.batch_id, in.read.rows, pol, o.today));
    summary.AddPhase("answer", watch.Lap());
  }
  if (!o.out_dir.empty()) {
    watch.Lap();
    TG_RETURN_IF_ERROR(
        WriteOutputs(o.out_dir, db, in.batch_id, *ledger, &summary));
    summary.AddPhase("outputs", watch.Lap());
  }
  summary.audit_size = ledger->size();
  summary.audit_root_hex = ToHex(ledger->root());
  return summary;
}

Result<ProcessSummary> ProcessBatch(const ruleset::Ruleset& rules,
                                    const ProcessOptions& o,
                                    storage::Database* db, Ledger* ledger) {
  // Read everything before writing anything: bad input changes nothing.
  Stopwatch watch;
  BatchInput in;
  TG_ASSIGN_OR_RETURN(in.read, intake::ReadRequests(o.requests_path));
  if (!o.officials_path.empty()) {
    TG_RETURN_IF_ERROR(intake::ReadOfficials(o.officials_path).status());
  }
  TG_ASSIGN_OR_RETURN(in.batch_id, FileDigest(o.requests_path));
  in.source_name = BaseName(o.requests_path);
  const double read_seconds = watch.Seconds();
  TG_ASSIGN_OR_RETURN(ProcessSummary summary,
                      ProcessRequests(rules, o, in, db, ledger));
  summary.phase_seconds.insert(summary.phase_seconds.begin(),
                               {"read", read_seconds});
  return summary;
}

}  // namespace taxgate::pipeline
