#include "disclosure/audit_entry.h"

#include <nlohmann/json.hpp>

#include "common/crypto.h"

namespace taxgate::disclosure {
namespace {

using Json = nlohmann::json;

Json Base(const EntryContext& c, const Actor& a, const char* type) {
  Json actor = {{"kind", a.kind}};
  if (!a.agency.empty()) actor["agency"] = a.agency;
  if (!a.official_id.empty()) actor["official_id"] = a.official_id;
  if (!a.signed_by.empty()) actor["signed_by"] = a.signed_by;
  if (!a.name.empty()) actor["name"] = a.name;
  Json j = {{"v", kEntryFormatVersion},
            {"type", type},
            {"time", c.time},
            {"actor", std::move(actor)}};
  if (!c.batch_id.empty()) j["batch"] = c.batch_id;
  if (c.position >= 0) j["position"] = c.position;
  return j;
}

std::string Dump(const Json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/true);
}

}  // namespace

std::string KeyedDigest(const std::string& key, const std::string& text) {
  return ToHex(HmacSha256(key, text));
}

std::string RequestDigest(const std::string& key, const domain::Request& r) {
  const auto& p = r.person;
  Json j =
      Json::array({r.request_id, r.signed_by, r.official_id, r.case_number,
                   r.statute, r.tax_periods, r.reason, r.purpose,
                   r.fields_requested, p.first_name, p.middle_name, p.last_name,
                   p.dob, p.street, p.unit, p.city, p.state, p.zip, p.tin});
  return KeyedDigest(key, Dump(j));
}

std::string RequestEntry(const EntryContext& c, const Actor& a,
                         const domain::Request& r) {
  Json j = Base(c, a, "request");
  j["request_id"] = r.request_id;
  j["case_number"] = r.case_number;
  j["statute"] = r.statute;
  j["tax_periods"] = r.tax_periods;
  j["purpose"] = r.purpose;
  j["fields_requested"] = r.fields_requested;
  j["content_digest"] = RequestDigest(c.key, r);
  j["reason_digest"] = KeyedDigest(c.key, r.reason);
  // The signer's signature (base64, as sent): with the request's bytes, it
  // proves who asked.
  if (!r.signature.empty()) j["signature"] = r.signature;
  return Dump(j);
}

std::string PolicyEntry(const EntryContext& c, const Actor& a,
                        const std::string& request_id,
                        const std::string& policy_version,
                        const std::string& ruleset_digest,
                        const std::string& as_of, const std::string& outcome,
                        const std::vector<std::string>& codes) {
  Json j = Base(c, a, "policy_decision");
  j["request_id"] = request_id;
  j["policy_version"] = policy_version;
  j["ruleset"] = ruleset_digest;
  j["as_of"] = as_of;
  j["outcome"] = outcome;
  j["codes"] = codes;
  return Dump(j);
}

std::string MatchEntry(const EntryContext& c, const Actor& a,
                       const std::string& request_id,
                       const std::string& record_id,
                       std::optional<double> probability,
                       std::optional<double> weight,
                       const std::string& decision, const MatchModel& model) {
  Json j = Base(c, a, "match");
  j["request_id"] = request_id;
  j["decision"] = decision;
  j["model_version"] = model.version;
  j["model_digest"] = model.digest;
  j["ruleset"] = model.ruleset_digest;
  if (!record_id.empty()) j["record_digest"] = KeyedDigest(c.key, record_id);
  // Fixed precision keeps the bytes stable across platforms.
  char buf[32];
  if (probability) {
    std::snprintf(buf, sizeof buf, "%.6f", *probability);
    j["probability"] = buf;
  }
  if (weight) {
    std::snprintf(buf, sizeof buf, "%.4f", *weight);
    j["match_weight"] = buf;
  }
  return Dump(j);
}

std::string DisclosureEntry(const EntryContext& c, const Actor& a,
                            const std::string& request_id,
                            const std::string& disclosure_json,
                            const std::vector<FieldProvenance>& fields,
                            const std::string& profile,
                            const std::string& taxpayer_digest) {
  Json j = Base(c, a, "disclosure");
  j["request_id"] = request_id;
  j["profile"] = profile;
  j["disclosure_digest"] = KeyedDigest(c.key, disclosure_json);
  j["taxpayer_digest"] = taxpayer_digest;
  Json f = Json::array();
  for (const auto& p : fields) {
    f.push_back(
        {{"field", p.field}, {"source", p.source}, {"tax_year", p.tax_year}});
  }
  j["fields"] = std::move(f);
  return Dump(j);
}

std::string TaxpayerDigest(const std::string& key,
                           const std::vector<domain::Record>& rows) {
  return KeyedDigest(key, TaxpayerKey(rows));
}

std::string WithheldTinKey(const std::string& key, const std::string& tin) {
  return KeyedDigest(key, "tin:" + tin);
}

std::string TaxpayerKey(const std::vector<domain::Record>& rows) {
  std::string smallest;
  for (const auto& r : rows) {
    if (r.tin.size() == 9) return "tin:" + r.tin;
    if (smallest.empty() || r.record_id < smallest) smallest = r.record_id;
  }
  return "record:" + smallest;
}

std::string DecisionEntry(const EntryContext& c, const Actor& a,
                          const std::string& request_id,
                          domain::Outcome decision,
                          const std::vector<std::string>& reasons) {
  Json j = Base(c, a, "decision");
  j["request_id"] = request_id;
  j["decision"] = domain::OutcomeName(decision);
  j["reasons"] = reasons;
  return Dump(j);
}

std::string ReviewEntry(const EntryContext& c, const Actor& a,
                        const std::string& request_id,
                        const std::string& action, const std::string& reason,
                        const std::string& note, const std::string& record_id,
                        const std::string& proposed_by) {
  Json j = Base(c, a, "review");
  j["request_id"] = request_id;
  j["action"] = action;
  j["reason"] = reason;
  if (!note.empty()) j["note_digest"] = KeyedDigest(c.key, note);
  if (!record_id.empty()) j["record_digest"] = KeyedDigest(c.key, record_id);
  if (!proposed_by.empty()) j["proposed_by"] = proposed_by;
  return Dump(j);
}

std::string ResponseEntry(const EntryContext& c, const Actor& a,
                          const std::string& request_id,
                          const AgencyAnswer& answer) {
  Json j = Base(c, a, "response");
  j["request_id"] = request_id;
  j["answer"] = AnswerName(answer.answer);
  j["reasons"] = answer.reasons;
  return Dump(j);
}

std::string OperatorEntry(
    const EntryContext& c, const Actor& a, const std::string& action,
    const std::vector<std::pair<std::string, std::string>>& facts) {
  Json j = Base(c, a, "operator");
  j["action"] = action;
  Json f = Json::object();
  for (const auto& [k, v] : facts) f[k] = v;
  j["facts"] = std::move(f);
  return Dump(j);
}

}  // namespace taxgate::disclosure
