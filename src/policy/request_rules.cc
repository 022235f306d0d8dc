#include "policy/request_rules.h"

#include <algorithm>
#include <set>

#include "common/strings.h"
#include "policy/placeholder.h"

namespace taxgate::policy {
namespace {

bool HasLetter(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u >= 0x80) {
      return true;
    }
  }
  return false;
}

// A name that is one letter, or one letter and a period ("J", "J.").
bool IsInitialOnly(std::string_view s) {
  std::string key = PlaceholderKey(s);
  return key.size() == 1;
}

bool NamePartMissing(std::string_view part) {
  std::string_view t = Trim(part);
  return t.empty() || !HasLetter(t) || IsPlaceholderValue(t) ||
         IsInitialOnly(t);
}

// Stand-in names used for unknown people: John/Jane/Johnny/Baby Doe,
// Richard/John/Jane Roe, Fulano/Mengano/Zutano (de Tal).
bool IsStandInName(std::string_view first, std::string_view last) {
  std::string f = PlaceholderKey(first);
  std::string l = PlaceholderKey(last);
  if (l == "DOE" &&
      (f == "JOHN" || f == "JANE" || f == "JOHNNY" || f == "BABY")) {
    return true;
  }
  if (l == "ROE" && (f == "RICHARD" || f == "JOHN" || f == "JANE")) {
    return true;
  }
  if (f == "FULANO" || f == "FULANA" || f == "MENGANO" || f == "ZUTANO" ||
      f == "PERENGANO") {
    return true;
  }
  return l == "DE TAL";
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool NameMissing(const domain::PersonQuery& p) {
  if (NamePartMissing(p.first_name) || NamePartMissing(p.last_name)) {
    return true;
  }
  return IsStandInName(p.first_name, p.last_name);
}

bool OfficialInForce(const domain::Official& o, const Date& as_of) {
  auto bound = [](const std::string& s, std::optional<Date>* out) {
    std::string_view t = Trim(s);
    if (t.empty()) return true;
    *out = ParseIsoDate(t);
    return out->has_value();
  };
  std::optional<Date> from, to, revoked;
  if (!bound(o.valid_from, &from) || !bound(o.valid_to, &to) ||
      !bound(o.revoked_on, &revoked)) {
    return false;
  }
  if (from && as_of < *from) return false;
  if (to && *to < as_of) return false;
  if (revoked && *revoked <= as_of) return false;
  return true;
}

bool RequesterNotAuthorized(const domain::Request& r,
                            const OfficialLookup& officials,
                            const Date& as_of) {
  std::string signer_id(Trim(r.signed_by));
  std::string official_id(Trim(r.official_id));
  if (signer_id.empty() || official_id.empty() || !officials) return true;
  const domain::Official* signer = officials(signer_id);
  const domain::Official* engaged = officials(official_id);
  if (signer == nullptr || engaged == nullptr) return true;
  if (!domain::MaySign(signer->role)) return true;
  if (Trim(signer->agency).empty() ||
      AsciiUpper(Trim(signer->agency)) != AsciiUpper(Trim(engaged->agency))) {
    return true;
  }
  return !OfficialInForce(*signer, as_of) || !OfficialInForce(*engaged, as_of);
}

std::string AgencyOf(const domain::Request& r,
                     const OfficialLookup& officials) {
  if (!officials) return "";
  for (const std::string* id : {&r.official_id, &r.signed_by}) {
    std::string key(Trim(*id));
    if (key.empty()) continue;
    if (const domain::Official* o = officials(key)) return o->agency;
  }
  return "";
}

std::string_view CheckTaxPeriods(std::string_view tax_periods,
                                 const Date& as_of, int earliest_year) {
  bool any = false;
  bool invalid = false;
  for (const auto& piece : Split(tax_periods, ';')) {
    std::string_view p = Trim(piece);
    if (p.empty()) continue;
    any = true;
    if (p.size() != 4 || !AllDigits(p)) {
      invalid = true;
      continue;
    }
    int year = static_cast<int>(*ParseInt(p));
    if (year < earliest_year || year >= as_of.year) invalid = true;
  }
  if (!any) return kTaxPeriodMissing;
  if (invalid) return kTaxPeriodInvalid;
  return "";
}

std::vector<std::string> CheckStatute(std::string_view statute,
                                      const StatuteTable& table) {
  std::vector<std::string> cites = SplitCitations(statute);
  if (cites.empty()) return {kStatuteMissing};
  std::set<std::string> codes;
  for (const auto& c : cites) {
    switch (table.ClassifyText(c)) {
      case StatuteKind::kCriminal:
        break;
      case StatuteKind::kCivil:
      case StatuteKind::kRegulation:
        codes.insert(kStatuteNotCriminal);
        break;
      case StatuteKind::kTaxAdministration:
        codes.insert(kStatuteTaxAdministration);
        break;
      case StatuteKind::kUnknown:
        codes.insert(kStatuteUnknown);
        break;
    }
  }
  return {codes.begin(), codes.end()};
}

bool CaseMissing(std::string_view case_number) {
  std::string_view t = Trim(case_number);
  return t.empty() || IsPlaceholderValue(t);
}

std::string NormalizePurpose(std::string_view purpose, const Policy& policy) {
  std::string_view t = Trim(purpose);
  if (t.empty()) return policy.default_purpose;
  std::string out;
  for (char c : t) {
    if (c == ' ' || c == '-') {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return out;
}

bool PurposeNotPermitted(std::string_view purpose, const Policy& policy) {
  std::string p = NormalizePurpose(purpose, policy);
  const auto& ok = policy.permitted_purposes;
  return std::find(ok.begin(), ok.end(), p) == ok.end();
}

bool ReturnInformationRequested(std::string_view fields_requested,
                                const Policy& policy) {
  const auto& identity = policy.identity_fields;
  for (const auto& piece : Split(fields_requested, ';')) {
    std::string f = AsciiLower(Trim(piece));
    if (f.empty()) continue;
    if (std::find(identity.begin(), identity.end(), f) == identity.end()) {
      return true;
    }
  }
  return false;
}

}  // namespace taxgate::policy
