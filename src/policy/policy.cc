#include "policy/policy.h"

#include <toml++/toml.h>

#include <set>

#include "policy/request_rules.h"

namespace taxgate::policy {
namespace {

// Reads the TOML document into a Policy, checking every key. Messages are
// "FILE:LINE: key 'KEY': WHAT".
class Loader {
 public:
  explicit Loader(std::string path) : path_(std::move(path)) {}

  Status Load(const toml::table& doc, Policy* p);

 private:
  Status Error(const toml::node* n, std::string_view key,
               const std::string& what) const {
    std::string where = path_;
    if (n != nullptr && n->source().begin.line > 0) {
      where += ':';
      where += std::to_string(n->source().begin.line);
    }
    return Status::InvalidArgument(where + ": key '" + std::string(key) +
                                   "': " + what);
  }
  Status UnknownKeys(const toml::table& t, std::string_view prefix,
                     const std::set<std::string_view>& known) const {
    for (auto&& [k, v] : t) {
      if (known.count(k.str()) == 0) {
        std::string full =
            prefix.empty() ? std::string(k.str())
                           : std::string(prefix) + "." + std::string(k.str());
        return Error(&v, full, "unknown key");
      }
    }
    return Status::Ok();
  }
  Result<const toml::table*> Table(const toml::table& parent,
                                   std::string_view key, std::string_view full,
                                   bool required) const {
    const toml::node* n = parent.get(key);
    if (n == nullptr) {
      if (!required) return static_cast<const toml::table*>(nullptr);
      return Error(&parent, full, "missing (a table is required here)");
    }
    if (!n->is_table()) return Error(n, full, "want a table");
    return n->as_table();
  }
  Status String(const toml::table& t, std::string_view key,
                std::string_view full, bool required, std::string* out) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return required ? Error(&t, full, "missing") : Status::Ok();
    }
    if (!n->is_string()) return Error(n, full, "want a string");
    *out = n->as_string()->get();
    if (out->empty()) return Error(n, full, "must not be empty");
    return Status::Ok();
  }
  Status Int(const toml::table& t, std::string_view key, std::string_view full,
             bool required, int64_t min, int64_t max, int* out) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return required ? Error(&t, full, "missing") : Status::Ok();
    }
    if (!n->is_integer()) return Error(n, full, "want an integer");
    int64_t v = n->as_integer()->get();
    if (v < min || v > max) {
      return Error(n, full,
                   "got " + std::to_string(v) + ", want " +
                       std::to_string(min) + ".." + std::to_string(max));
    }
    *out = static_cast<int>(v);
    return Status::Ok();
  }
  Status Strings(const toml::table& t, std::string_view key,
                 std::string_view full, bool required, bool allow_empty,
                 std::vector<std::string>* out) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return required ? Error(&t, full, "missing") : Status::Ok();
    }
    if (!n->is_array()) return Error(n, full, "want a list of strings");
    std::vector<std::string> v;
    for (const toml::node& e : *n->as_array()) {
      if (!e.is_string() || e.as_string()->get().empty()) {
        return Error(&e, full, "want a list of non-empty strings");
      }
      v.push_back(e.as_string()->get());
    }
    if (v.empty() && !allow_empty) return Error(n, full, "must not be empty");
    *out = std::move(v);
    return Status::Ok();
  }

  Status Bool(const toml::table& t, std::string_view key, std::string_view full,
              bool required, bool* out) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return required ? Error(&t, full, "missing") : Status::Ok();
    }
    if (!n->is_boolean()) return Error(n, full, "want true or false");
    *out = n->as_boolean()->get();
    return Status::Ok();
  }
  Status Fraction(const toml::table& t, std::string_view key,
                  std::string_view full, bool required, double* out) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return required ? Error(&t, full, "missing") : Status::Ok();
    }
    if (!n->is_floating_point()) {
      return Error(n, full, "want a number between 0.0 and 1.0");
    }
    double v = n->as_floating_point()->get();
    if (!(v >= 0.0 && v <= 1.0)) {
      return Error(n, full, "want a number between 0.0 and 1.0");
    }
    *out = v;
    return Status::Ok();
  }
  // A required list of words and phrases (may be empty).
  Status List(const toml::table& t, std::string_view key,
              const std::string& full, PhraseList* out) const {
    std::vector<std::string> entries;
    TG_RETURN_IF_ERROR(Strings(t, key, full, true, true, &entries));
    *out = PhraseList(entries);
    return Status::Ok();
  }

  Status LoadRules(const toml::table& doc, Policy* p) const;
  Status LoadRelease(const toml::table& doc, Policy* p) const;
  Status LoadService(const toml::table& doc, Policy* p) const;

  std::string path_;

 public:
  // What the address check needs from the file (applied once the USPS
  // tables are loaded).
  AddressLists address_;
  int statute_line_ = 0;  // line of statutes.table
};

Status Loader::LoadRules(const toml::table& doc, Policy* p) const {
  const toml::node* n = doc.get("rules");
  if (n == nullptr) {
    return Error(nullptr, "rules",
                 "missing: every rule of LAW.md needs a [[rules]] entry");
  }
  if (!n->is_array_of_tables()) {
    return Error(n, "rules", "want [[rules]] tables");
  }
  for (const toml::node& e : *n->as_array()) {
    const toml::table& t = *e.as_table();
    TG_RETURN_IF_ERROR(
        UnknownKeys(t, "rules", {"code", "citation", "outcome", "statement"}));
    Rule r;
    r.line = static_cast<int>(t.source().begin.line);
    TG_RETURN_IF_ERROR(String(t, "code", "code", true, &r.code));
    if (!IsRuleCode(r.code)) {
      return Error(t.get("code"), "code", "unknown rule code '" + r.code + "'");
    }
    TG_RETURN_IF_ERROR(String(t, "citation", "citation", true, &r.citation));
    std::string outcome;
    TG_RETURN_IF_ERROR(String(t, "outcome", "outcome", true, &outcome));
    if (outcome == "rejected") {
      r.outcome = domain::Outcome::kRejected;
    } else if (outcome == "review") {
      r.outcome = domain::Outcome::kReview;
    } else {
      return Error(t.get("outcome"), "outcome",
                   "got '" + outcome + "', want rejected or review");
    }
    TG_RETURN_IF_ERROR(
        String(t, "statement", "statement", false, &r.statement));
    auto [it, inserted] = p->rules.emplace(r.code, r);
    if (!inserted) {
      return Error(t.get("code"), "code",
                   "rule '" + r.code + "' listed twice (first on line " +
                       std::to_string(it->second.line) + ")");
    }
  }
  for (std::string_view code : AllRuleCodes()) {
    if (p->rules.find(code) == p->rules.end()) {
      return Error(n, "rules",
                   "rule '" + std::string(code) +
                       "' missing: every rule of LAW.md needs an entry");
    }
  }
  return Status::Ok();
}

Status Loader::LoadRelease(const toml::table& doc, Policy* p) const {
  TG_ASSIGN_OR_RETURN(const toml::table* rel,
                      Table(doc, "release", "release", true));
  TG_RETURN_IF_ERROR(
      UnknownKeys(*rel, "release",
                  {"profile", "profiles", "review_deadline_days",
                   "release_window_hours", "two_person_disclosure"}));
  TG_RETURN_IF_ERROR(
      String(*rel, "profile", "release.profile", true, &p->release_profile));
  TG_RETURN_IF_ERROR(Int(*rel, "review_deadline_days",
                         "release.review_deadline_days", true, 1, 365,
                         &p->review_deadline_days));
  TG_RETURN_IF_ERROR(Int(*rel, "release_window_hours",
                         "release.release_window_hours", true, 0, 24 * 31,
                         &p->release_window_hours));
  TG_RETURN_IF_ERROR(Bool(*rel, "two_person_disclosure",
                          "release.two_person_disclosure", false,
                          &p->two_person_disclosure));
  TG_ASSIGN_OR_RETURN(const toml::table* profiles,
                      Table(*rel, "profiles", "release.profiles", true));
  for (auto&& [k, v] : *profiles) {
    std::string full = "release.profiles." + std::string(k.str());
    if (!v.is_table()) return Error(&v, full, "want a table");
    const toml::table& t = *v.as_table();
    TG_RETURN_IF_ERROR(UnknownKeys(t, full, {"sources", "description"}));
    ReleaseProfile rp;
    rp.name = std::string(k.str());
    TG_RETURN_IF_ERROR(
        Strings(t, "sources", full + ".sources", true, false, &rp.sources));
    for (const auto& s : rp.sources) {
      if (s != "return" && s != "info_return" && s != "irs") {
        return Error(t.get("sources"), full + ".sources",
                     "got '" + s + "', want return, info_return or irs");
      }
    }
    TG_RETURN_IF_ERROR(String(t, "description", full + ".description", false,
                              &rp.description));
    p->release_profiles.emplace(rp.name, std::move(rp));
  }
  if (p->release_profiles.count(p->release_profile) == 0) {
    return Error(rel->get("profile"), "release.profile",
                 "profile '" + p->release_profile +
                     "' is not defined under [release.profiles]");
  }
  return Status::Ok();
}

Status Loader::LoadService(const toml::table& doc, Policy* p) const {
  TG_ASSIGN_OR_RETURN(const toml::table* svc,
                      Table(doc, "service", "service", false));
  if (svc == nullptr) return Status::Ok();
  TG_RETURN_IF_ERROR(
      UnknownKeys(*svc, "service", {"requests_per_minute", "agencies"}));
  TG_RETURN_IF_ERROR(Int(*svc, "requests_per_minute",
                         "service.requests_per_minute", false, 1, 10000000,
                         &p->service_requests_per_minute));
  TG_ASSIGN_OR_RETURN(const toml::table* agencies,
                      Table(*svc, "agencies", "service.agencies", false));
  if (agencies == nullptr) return Status::Ok();
  for (auto&& [k, v] : *agencies) {
    std::string code(k.str());
    int rate = 0;
    TG_RETURN_IF_ERROR(Int(*agencies, code, "service.agencies." + code, true, 0,
                           10000000, &rate));
    p->service_agency_requests_per_minute[code] = rate;
  }
  return Status::Ok();
}

Status Loader::Load(const toml::table& doc, Policy* p) {
  TG_RETURN_IF_ERROR(UnknownKeys(
      doc, "",
      {"version", "signatures", "engagement", "matters", "boilerplate",
       "purpose", "fields", "tax_periods", "statutes", "legal_holds", "address",
       "placeholders", "release", "service", "rules"}));
  TG_RETURN_IF_ERROR(String(doc, "version", "version", true, &p->version));

  TG_ASSIGN_OR_RETURN(const toml::table* sig,
                      Table(doc, "signatures", "signatures", true));
  TG_RETURN_IF_ERROR(UnknownKeys(*sig, "signatures", {"required"}));
  TG_RETURN_IF_ERROR(Bool(*sig, "required", "signatures.required", true,
                          &p->require_signatures));

  TG_ASSIGN_OR_RETURN(const toml::table* eng,
                      Table(doc, "engagement", "engagement", true));
  TG_RETURN_IF_ERROR(
      UnknownKeys(*eng, "engagement", {"ceiling", "window_days"}));
  TG_RETURN_IF_ERROR(Int(*eng, "ceiling", "engagement.ceiling", true, 1,
                         1000000, &p->engagement_ceiling));
  TG_RETURN_IF_ERROR(Int(*eng, "window_days", "engagement.window_days", true, 1,
                         36500, &p->engagement_window_days));

  TG_ASSIGN_OR_RETURN(const toml::table* mat,
                      Table(doc, "matters", "matters", true));
  TG_RETURN_IF_ERROR(UnknownKeys(*mat, "matters", {"ceiling", "window_days"}));
  TG_RETURN_IF_ERROR(Int(*mat, "ceiling", "matters.ceiling", true, 1, 1000000,
                         &p->matter_ceiling));
  TG_RETURN_IF_ERROR(Int(*mat, "window_days", "matters.window_days", true, 1,
                         36500, &p->matter_window_days));

  TG_ASSIGN_OR_RETURN(const toml::table* bp,
                      Table(doc, "boilerplate", "boilerplate", true));
  TG_RETURN_IF_ERROR(UnknownKeys(*bp, "boilerplate",
                                 {"threshold", "window_days", "near_copy_edits",
                                  "near_copy_share", "min_words"}));
  TG_RETURN_IF_ERROR(Int(*bp, "threshold", "boilerplate.threshold", true, 1,
                         1000000, &p->boilerplate_threshold));
  TG_RETURN_IF_ERROR(Int(*bp, "window_days", "boilerplate.window_days", true, 1,
                         3650, &p->boilerplate_window_days));
  TG_RETURN_IF_ERROR(Int(*bp, "near_copy_edits", "boilerplate.near_copy_edits",
                         true, 0, 100, &p->near_copy_edits));
  TG_RETURN_IF_ERROR(Fraction(*bp, "near_copy_share",
                              "boilerplate.near_copy_share", true,
                              &p->near_copy_share));
  TG_RETURN_IF_ERROR(Int(*bp, "min_words", "boilerplate.min_words", true, 0,
                         100, &p->reason_min_words));

  TG_ASSIGN_OR_RETURN(const toml::table* pur,
                      Table(doc, "purpose", "purpose", true));
  TG_RETURN_IF_ERROR(UnknownKeys(
      *pur, "purpose", {"default", "permitted", "refused_use_words"}));
  TG_RETURN_IF_ERROR(
      String(*pur, "default", "purpose.default", true, &p->default_purpose));
  TG_RETURN_IF_ERROR(Strings(*pur, "permitted", "purpose.permitted", true,
                             false, &p->permitted_purposes));
  TG_RETURN_IF_ERROR(List(*pur, "refused_use_words",
                          "purpose.refused_use_words", &p->refused_use_words));

  TG_ASSIGN_OR_RETURN(const toml::table* fields,
                      Table(doc, "fields", "fields", false));
  if (fields != nullptr) {
    TG_RETURN_IF_ERROR(UnknownKeys(*fields, "fields", {"identity", "aliases"}));
    TG_RETURN_IF_ERROR(Strings(*fields, "identity", "fields.identity", true,
                               false, &p->identity_fields));
    TG_ASSIGN_OR_RETURN(const toml::table* aliases,
                        Table(*fields, "aliases", "fields.aliases", false));
    if (aliases != nullptr) {
      for (const auto& [k, v] : *aliases) {
        const std::string full = "fields.aliases." + std::string(k.str());
        if (!v.is_string()) return Error(&v, full, "want a field name");
        std::string to = v.as_string()->get();
        if (std::find(p->identity_fields.begin(), p->identity_fields.end(),
                      to) == p->identity_fields.end()) {
          return Error(&v, full, "'" + to + "' is not one of fields.identity");
        }
        // Keyed as RequestedFields reads a field ("Mailing addresses" ->
        // "mailing_address").
        std::vector<std::string> key = RequestedFields(k.str());
        if (key.size() != 1) return Error(&v, full, "want one field name");
        p->field_aliases[key[0]] = to;
      }
    }
  }

  TG_ASSIGN_OR_RETURN(const toml::table* tp,
                      Table(doc, "tax_periods", "tax_periods", false));
  if (tp != nullptr) {
    TG_RETURN_IF_ERROR(UnknownKeys(*tp, "tax_periods", {"earliest_year"}));
    TG_RETURN_IF_ERROR(Int(*tp, "earliest_year", "tax_periods.earliest_year",
                           true, 1800, 2200, &p->earliest_tax_year));
  }

  TG_ASSIGN_OR_RETURN(const toml::table* holds,
                      Table(doc, "legal_holds", "legal_holds", false));
  if (holds != nullptr) {
    TG_RETURN_IF_ERROR(UnknownKeys(*holds, "legal_holds", {"agencies"}));
    TG_RETURN_IF_ERROR(Strings(*holds, "agencies", "legal_holds.agencies", true,
                               true, &p->agencies_on_hold));
  }

  TG_ASSIGN_OR_RETURN(const toml::table* addr,
                      Table(doc, "address", "address", true));
  TG_RETURN_IF_ERROR(
      UnknownKeys(*addr, "address", {"specimen_zips", "foreign_places"}));
  TG_RETURN_IF_ERROR(Strings(*addr, "specimen_zips", "address.specimen_zips",
                             true, true, &address_.specimen_zips));
  TG_RETURN_IF_ERROR(List(*addr, "foreign_places", "address.foreign_places",
                          &address_.foreign_places));

  TG_ASSIGN_OR_RETURN(const toml::table* ph,
                      Table(doc, "placeholders", "placeholders", true));
  PlaceholderLists& pl = p->placeholders;
  const std::vector<std::pair<const char*, PhraseList*>> lists = {
      {"any", &pl.any},
      {"fields", &pl.fields},
      {"names", &pl.names},
      {"whole_names", &pl.whole_names},
      {"name_words", &pl.name_words},
      {"addresses", &pl.addresses},
      {"address_fields", &pl.address_fields},
      {"reasons", &pl.reasons},
      {"reason_words", &pl.reason_words},
      {"cases", &pl.cases},
      {"case_words", &pl.case_words},
      {"statutes", &pl.statutes},
      {"statute_words", &pl.statute_words},
      {"periods", &pl.periods},
      {"misspellable", &pl.misspellable}};
  std::set<std::string_view> list_keys;
  for (const auto& [key, list] : lists) list_keys.insert(key);
  TG_RETURN_IF_ERROR(UnknownKeys(*ph, "placeholders", list_keys));
  for (const auto& [key, list] : lists) {
    TG_RETURN_IF_ERROR(
        List(*ph, key, std::string("placeholders.") + key, list));
  }

  TG_ASSIGN_OR_RETURN(const toml::table* st,
                      Table(doc, "statutes", "statutes", true));
  TG_RETURN_IF_ERROR(UnknownKeys(*st, "statutes", {"table"}));
  TG_RETURN_IF_ERROR(
      String(*st, "table", "statutes.table", true, &p->statute_table_file));

  TG_RETURN_IF_ERROR(LoadRelease(doc, p));
  TG_RETURN_IF_ERROR(LoadService(doc, p));
  TG_RETURN_IF_ERROR(LoadRules(doc, p));

  statute_line_ = st->get("table")->source().begin.line;
  return Status::Ok();
}

// Parses the TOML text of `file` into *p and *loader (the statute table and
// the address check are left to the caller).
Status ParseDocument(const InputFile& file, Loader* loader, Policy* p) {
  try {
    toml::table doc = toml::parse(file.bytes, file.path);
    return loader->Load(doc, p);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(
        file.path + ":" + std::to_string(e.source().begin.line) + ":" +
        std::to_string(e.source().begin.column) +
        ": malformed TOML: " + std::string(e.description()));
  } catch (const std::exception& e) {
    return Status::InvalidArgument(file.path + ": " + e.what());
  }
}

}  // namespace

Result<std::string> StatuteTableName(const InputFile& policy_file) {
  Policy p;
  Loader loader(policy_file.path);
  TG_RETURN_IF_ERROR(ParseDocument(policy_file, &loader, &p));
  return p.statute_table_file;
}

Result<Policy> ParsePolicy(const InputFile& policy_file,
                           const InputFile& statute_table,
                           const normalize::UspsVocabulary& usps) {
  Policy p;
  p.source_path = policy_file.path;
  Loader loader(policy_file.path);
  TG_RETURN_IF_ERROR(ParseDocument(policy_file, &loader, &p));
  p.statute_table_path = statute_table.path;
  auto table = StatuteTable::FromCsv(statute_table.path, statute_table.bytes);
  if (!table.ok()) {
    return Status(table.status().code(),
                  policy_file.path + ":" +
                      std::to_string(loader.statute_line_) +
                      ": key 'statutes.table': " + table.status().message());
  }
  p.statutes = std::move(table).value();
  loader.address_.placeholders = p.placeholders;
  TG_ASSIGN_OR_RETURN(p.addresses,
                      AddressClassifier::Build(usps, loader.address_));
  return p;
}

std::string CitationOf(const Policy& policy, std::string_view code) {
  auto it = policy.rules.find(code);
  return it == policy.rules.end() ? std::string() : it->second.citation;
}

domain::Outcome OutcomeOf(const Policy& policy, std::string_view code) {
  auto it = policy.rules.find(code);
  if (it != policy.rules.end()) return it->second.outcome;
  if (code == kStatuteUnknown || code == kReasonNotSpecific ||
      code == kAddressUnverified || code == kMatterTooBroad ||
      code == kPurposeUnclear) {
    return domain::Outcome::kReview;
  }
  return domain::Outcome::kRejected;
}

}  // namespace taxgate::policy
