#include "policy/request_rules.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <set>

#include "common/strings.h"
#include "domain/request_signature.h"
#include "policy/boilerplate.h"
#include "policy/placeholders.h"
#include "text/text.h"

namespace taxgate::policy {
namespace {

// A given name of initials only: every word one letter of an alphabetic
// script ("J.", "Á.", "J. R."). One Han character or Hangul syllable is a
// name, not an initial.
bool OnlyInitials(std::string_view field) {
  if (text::HasIdeographs(field)) return false;
  Words words = FieldWords(field);
  if (words.empty()) return false;
  for (const auto& w : words) {
    // One code point: every byte but the first is a continuation byte.
    size_t code_points = 0;
    for (char c : w) {
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
    }
    if (code_points != 1) return false;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "proceedings" -> "proceeding", "juries" -> "jury", "addresses" ->
// "address".
std::string Singular(std::string w) {
  if (w.size() > 4 && EndsWith(w, "ies"))
    return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 4 && EndsWith(w, "sses")) return w.substr(0, w.size() - 2);
  if (w.size() > 3 && EndsWith(w, "s") && !EndsWith(w, "ss")) w.pop_back();
  return w;
}

std::string TrimmedId(const std::string& id) { return std::string(Trim(id)); }

}  // namespace

bool NameMissing(const domain::PersonQuery& p, const Policy& policy) {
  const PlaceholderLists& l = policy.placeholders;
  auto part_missing = [&](const std::string& part, bool given) {
    std::string clean = text::Clean(part);
    if (clean.empty() || !text::HasLetter(clean)) return true;
    if (IsPlaceholder(l, FieldKind::kName, part)) return true;
    return given && OnlyInitials(part);
  };
  if (part_missing(p.first_name, true) || part_missing(p.last_name, false)) {
    return true;
  }
  // The whole name: "John Doe", "Baby Boy", "NA NA".
  for (const std::string& whole :
       {p.first_name + " " + p.last_name,
        p.first_name + " " + p.middle_name + " " + p.last_name}) {
    for (const Words& read : Readings(l, FieldWords(whole), FieldKind::kName)) {
      if (Covers({&l.any, &l.names, &l.whole_names}, read, 2) ||
          PlaceholderWithCompanions({&l.any, &l.names}, &l.name_words, read,
                                    2)) {
        return true;
      }
    }
  }
  // A surname that is an address ("123 Main St", "Homeless").
  if (policy.addresses.loaded() &&
      policy.addresses.LooksLikeStreetAddress(p.last_name)) {
    return true;
  }
  for (const Words& read :
       Readings(l, FieldWords(p.last_name), FieldKind::kName)) {
    if (Covers({&l.addresses}, read, 0)) return true;
  }
  return false;
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

std::string AgencyCodeOf(const domain::Official& o) {
  return text::AgencyCode(o.agency);
}

bool RequesterNotAuthorized(const domain::Request& r,
                            const OfficialLookup& officials,
                            const Date& as_of) {
  std::string signer_id = TrimmedId(r.signed_by);
  std::string official_id = TrimmedId(r.official_id);
  if (signer_id.empty() || official_id.empty() || !officials) return true;
  const domain::Official* signer = officials(signer_id);
  const domain::Official* engaged = officials(official_id);
  if (signer == nullptr || engaged == nullptr) return true;
  if (!domain::MaySign(signer->role)) return true;
  std::string agency = AgencyCodeOf(*signer);
  if (agency.empty() || agency != AgencyCodeOf(*engaged)) return true;
  return !OfficialInForce(*signer, as_of) || !OfficialInForce(*engaged, as_of);
}

bool SignatureInvalid(const domain::Request& r, const OfficialLookup& officials,
                      const Policy& policy) {
  const domain::Official* signer = nullptr;
  std::string signer_id = TrimmedId(r.signed_by);
  if (officials && !signer_id.empty()) signer = officials(signer_id);
  domain::SignatureCheck check = domain::CheckRequestSignature(r, signer);
  if (check == domain::SignatureCheck::kValid) return false;
  if (check == domain::SignatureCheck::kMissing) {
    return policy.require_signatures;
  }
  return true;
}

std::string AgencyOf(const domain::Request& r,
                     const OfficialLookup& officials) {
  if (!officials) return "";
  for (const std::string* id : {&r.official_id, &r.signed_by}) {
    std::string key = TrimmedId(*id);
    if (key.empty()) continue;
    if (const domain::Official* o = officials(key)) return AgencyCodeOf(*o);
  }
  return "";
}

PeriodsReading ReadTaxPeriods(std::string_view tax_periods,
                              const PlaceholderLists& lists,
                              std::vector<int>* years) {
  years->clear();
  std::string clean = text::Clean(tax_periods);
  if (clean.empty() || IsPlaceholder(lists, FieldKind::kPeriod, tax_periods)) {
    return PeriodsReading::kMissing;
  }
  std::string unified = clean;
  std::replace(unified.begin(), unified.end(), ',', ';');
  bool any = false;
  bool invalid = false;
  auto add = [&](int y) {
    if (std::find(years->begin(), years->end(), y) == years->end()) {
      years->push_back(y);
    }
  };
  for (const auto& piece : Split(unified, ';')) {
    // Spaces around a range's hyphen go ("2020 - 2023"); a space inside a
    // year does not ("20 23" is no year), so any other space stays and
    // makes the period invalid.
    std::string p(Trim(piece));
    size_t k;
    while ((k = p.find(" -")) != std::string::npos) p.erase(k, 1);
    while ((k = p.find("- ")) != std::string::npos) p.erase(k + 1, 1);
    if (p.empty()) continue;
    any = true;
    if (p.size() == 4 && AllDigits(p)) {
      add(static_cast<int>(*ParseInt(p)));
      continue;
    }
    size_t dash = p.find('-');
    if (p.size() == 9 && dash == 4 && AllDigits(p.substr(0, 4)) &&
        AllDigits(p.substr(5))) {
      int from = static_cast<int>(*ParseInt(p.substr(0, 4)));
      int to = static_cast<int>(*ParseInt(p.substr(5)));
      if (from <= to) {
        for (int y = from; y <= to; ++y) add(y);
        continue;
      }
    }
    invalid = true;
  }
  if (!any) return PeriodsReading::kMissing;
  return invalid ? PeriodsReading::kInvalid : PeriodsReading::kOk;
}

std::string_view CheckTaxPeriods(std::string_view tax_periods,
                                 const Date& as_of, const Policy& policy) {
  std::vector<int> years;
  switch (ReadTaxPeriods(tax_periods, policy.placeholders, &years)) {
    case PeriodsReading::kMissing:
      return kTaxPeriodMissing;
    case PeriodsReading::kInvalid:
      return kTaxPeriodInvalid;
    case PeriodsReading::kOk:
      break;
  }
  for (int y : years) {
    if (y < policy.earliest_tax_year || y >= as_of.year) {
      return kTaxPeriodInvalid;
    }
  }
  return "";
}

namespace {

// A template's empty slot: "CR-2026-____", "CR-2025-####", "8 U.S.C. ____".
bool HasTemplateSlot(std::string_view field) {
  const std::string clean = text::Clean(field);
  for (std::string_view slot : {"__", "##", "??", "**"}) {
    if (clean.find(slot) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> CheckStatute(std::string_view statute,
                                      const Policy& policy) {
  if (HasTemplateSlot(statute) ||
      IsPlaceholder(policy.placeholders, FieldKind::kStatute, statute)) {
    return {kStatuteMissing};
  }
  std::vector<StatuteKind> kinds = policy.statutes.ClassifyAll(statute);
  if (kinds.empty()) return {kStatuteUnknown};
  std::set<std::string> codes;
  for (StatuteKind k : kinds) {
    switch (k) {
      case StatuteKind::kCriminal:
        break;
      case StatuteKind::kCivil:
      case StatuteKind::kRegulation:
      case StatuteKind::kStateLaw:
        codes.insert(kStatuteNotCriminal);
        break;
      case StatuteKind::kTaxAdministration:
        codes.insert(kStatuteTaxAdministration);
        break;
      case StatuteKind::kMixed:
      case StatuteKind::kUnknown:
        codes.insert(kStatuteUnknown);
        break;
    }
  }
  return {codes.begin(), codes.end()};
}

std::string CaseCore(std::string_view case_number) {
  // On the field as written: the text rules would turn some look-alikes
  // into other letters before Fold could map them (text.h). Brackets: ASCII,
  // full-width (U+FF08...), small (U+FE59), superscript and subscript
  // (U+207D, U+208D), CJK lenticular and tortoise-shell (U+3010, U+3014).
  auto opens = [](UChar32 c) {
    return c == '(' || c == '[' || c == '{' || c == 0xFF08 || c == 0xFF3B ||
           c == 0xFF5B || c == 0xFE59 || c == 0x207D || c == 0x208D ||
           c == 0x3010 || c == 0x3014;
  };
  auto closes = [](UChar32 c) {
    return c == ')' || c == ']' || c == '}' || c == 0xFF09 || c == 0xFF3D ||
           c == 0xFF5D || c == 0xFE5A || c == 0x207E || c == 0x208E ||
           c == 0x3011 || c == 0x3015;
  };
  std::string core, group;
  bool dropped = false;
  int depth = 0;
  text::ForEachCodePoint(case_number, [&](UChar32 c, std::string_view ch) {
    if (opens(c)) {
      if (depth++ == 0) group.clear();
      group.append(ch);
    } else if (closes(c) && depth > 0) {
      group.append(ch);
      if (--depth == 0) {
        // A group holding a number is part of the case number ("CR-2026
        // (0043)"); an annotation without one is left out.
        if (text::HasDigit(text::Clean(group))) {
          core += group;
        } else {
          core += ' ';
          dropped = true;
        }
      }
    } else if (depth > 0) {
      group.append(ch);
    } else {
      core.append(ch);
    }
  });
  if (depth > 0) core += group;  // an unclosed bracket is text
  const std::string clean = text::Clean(core);
  // Nothing left out, or nothing but numbers left: the whole field ("TBD
  // (2026)", "(pending) 2026").
  if (!dropped || !text::HasDigit(clean) || !text::HasLetter(clean)) {
    return std::string(case_number);
  }
  return core;
}

bool CaseMissing(std::string_view case_number, const Policy& policy) {
  if (HasTemplateSlot(case_number)) return true;
  return IsPlaceholder(policy.placeholders, FieldKind::kCase,
                       CaseCore(case_number));
}

namespace {

// The runs of letters and digits (of any script) of a folded text: every
// other character ("•", "·", "§", "★", "⁓") separates.
std::vector<std::string> AlnumRuns(std::string_view folded) {
  std::vector<std::string> runs;
  std::string cur;
  text::ForEachCodePoint(folded, [&](UChar32 c, std::string_view bytes) {
    if (c >= 0 && (u_isalpha(c) || u_isdigit(c))) {
      cur.append(bytes);
    } else if (!cur.empty()) {
      runs.push_back(std::move(cur));
      cur.clear();
    }
  });
  if (!cur.empty()) runs.push_back(std::move(cur));
  return runs;
}

}  // namespace

std::string RequestIdKey(std::string_view request_id) {
  const std::string folded = text::Fold(request_id);
  std::string out;
  for (const auto& run : AlnumRuns(folded)) {
    if (!out.empty()) out.push_back('-');
    out += run;
  }
  // An id of symbols alone ("★") is compared as written.
  return out.empty() ? std::string(Trim(request_id)) : out;
}

std::string MatterKey(std::string_view case_number) {
  std::vector<std::string> runs = AlnumRuns(text::Fold(case_number));
  std::string out;
  for (auto& run : runs) {
    bool digits = std::any_of(run.begin(), run.end(),
                              [](char c) { return c >= '0' && c <= '9'; });
    if (digits) std::replace(run.begin(), run.end(), 'o', '0');
    // Every run of digits read as a number: leading zeros dropped.
    std::string read;
    for (size_t i = 0; i < run.size();) {
      if (run[i] < '0' || run[i] > '9') {
        read.push_back(run[i++]);
        continue;
      }
      size_t j = i;
      while (j < run.size() && run[j] >= '0' && run[j] <= '9') ++j;
      size_t k = i;
      while (k + 1 < j && run[k] == '0') ++k;
      read.append(run, k, j - k);
      i = j;
    }
    if (!out.empty()) out.push_back('-');
    out += read;
  }
  return out;
}

std::string NormalizePurpose(std::string_view purpose, const Policy& policy) {
  std::string folded = text::Fold(purpose);
  if (folded.empty()) return policy.default_purpose;
  std::replace(folded.begin(), folded.end(), '_', ' ');
  std::vector<std::string> words;
  for (auto& w : text::Words(folded)) words.push_back(Singular(std::move(w)));
  return Join(words, "_");
}

bool PurposeNotPermitted(std::string_view purpose, const Policy& policy) {
  std::string p = NormalizePurpose(purpose, policy);
  for (const auto& ok : policy.permitted_purposes) {
    if (p == NormalizePurpose(ok, policy)) return false;
  }
  return true;
}

bool PurposeUnclear(const domain::Request& r, const Policy& policy) {
  if (!text::IsBlank(r.purpose)) return false;
  // French and Italian elisions part from their word: "d'éloignement",
  // "l'expulsion" speak of "eloignement", "expulsion".
  std::string folded = text::Fold(r.reason);
  for (size_t i = 1; i + 1 < folded.size(); ++i) {
    if (folded[i] != '\'') continue;
    size_t start = i;
    while (start > 0 && folded[start - 1] >= 'a' && folded[start - 1] <= 'z') {
      --start;
    }
    std::string_view head(folded.data() + start, i - start);
    bool elision = head.size() == 1
                       ? std::string_view("cdjlmnst").find(head[0]) !=
                             std::string_view::npos
                       : head == "qu";
    if (elision && folded[i + 1] >= 'a' && folded[i + 1] <= 'z') {
      folded[i] = ' ';
    }
  }
  const Words words = text::Words(folded);
  if (policy.refused_use_words.Contains(words)) return true;
  // The word disguised: digits typed for look-alike letters ("rem0val",
  // "dep1rtation" read with 0 as o and 1 as l or i), letters spelled apart
  // ("r-e-m-o-v-a-l").
  auto is_letters = [](const std::string& w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return c >= 'a' && c <= 'z';
    });
  };
  for (char one : {'l', 'i'}) {
    Words read;
    for (size_t k = 0; k < words.size(); ++k) {
      std::string w = words[k];
      if (std::any_of(w.begin(), w.end(),
                      [](char c) { return c >= 'a' && c <= 'z'; })) {
        for (char& c : w) {
          if (c == '0') c = 'o';
          if (c == '1') c = one;
        }
      }
      const bool single = w.size() == 1 && is_letters(w);
      if (single && k > 0 && words[k - 1].size() == 1 && !read.empty() &&
          is_letters(read.back())) {
        read.back() += w;  // a run of single letters, joined
        continue;
      }
      read.push_back(std::move(w));
    }
    if (policy.refused_use_words.Contains(read)) return true;
  }
  return false;
}

std::vector<std::string> RequestedFields(std::string_view fields_requested) {
  std::string folded = text::Fold(fields_requested);
  for (char& c : folded) {
    if (c == ',' || c == '/' || c == '&' || c == '+') c = ';';
  }
  std::vector<std::string> out;
  for (const auto& piece : Split(folded, ';')) {
    std::vector<std::string> words;
    for (auto& w : text::Words(piece)) {
      if (w == "and") {
        if (!words.empty()) out.push_back(Singular(Join(words, "_")));
        words.clear();
        continue;
      }
      words.push_back(std::move(w));
    }
    if (!words.empty()) out.push_back(Singular(Join(words, "_")));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.empty()) out.push_back("address");
  return out;
}

std::vector<std::string> RequestedFields(std::string_view fields_requested,
                                         const Policy& policy) {
  std::vector<std::string> out = RequestedFields(fields_requested);
  for (auto& f : out) {
    auto it = policy.field_aliases.find(f);
    if (it != policy.field_aliases.end()) f = it->second;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool ReturnInformationRequested(std::string_view fields_requested,
                                const Policy& policy) {
  const auto& identity = policy.identity_fields;
  for (const auto& f : RequestedFields(fields_requested, policy)) {
    if (std::find(identity.begin(), identity.end(), f) == identity.end()) {
      return true;
    }
  }
  return false;
}

namespace {

// A pointer to a person or an office instead of a reason: "Contact SA Smith
// for details", "Refer to ICE ERO Houston for justification", "Ask Special
// Agent Jones". A reason that opens with a pointing verb, read without its
// names (words written with a capital, after the first), is a pointer of
// the lists. Not tried on a reason with no lower-case letter (in capitals,
// every word would read as a name) nor on a long one.
bool PointsAtSomeone(std::string_view reason, const Policy& policy) {
  const std::string clean = text::Clean(reason);
  std::vector<std::string> tokens;
  std::string cur;
  bool any_lower = false;
  for (char c : clean) {
    any_lower = any_lower || (c >= 'a' && c <= 'z');
    const bool part = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '\'' ||
                      static_cast<unsigned char>(c) >= 0x80;
    if (part) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  constexpr size_t kMaxWords = 12;
  if (!any_lower || tokens.size() < 2 || tokens.size() > kMaxWords) {
    return false;
  }
  static const std::set<std::string, std::less<>> kOpeners = {
      "see",       "refer",        "contact", "ask",      "call",
      "email",     "consult",      "reach",   "speak",    "talk",
      "according", "per",          "vease",   "consulte", "consultar",
      "contacte",  "contactar",    "llamar",  "voir",     "contacter",
      "siehe",     "kontaktieren", "fragen"};
  size_t first = 0;
  std::string opener;
  for (; first < tokens.size(); ++first) {
    opener = text::Fold(tokens[first]);
    if (opener != "please" && opener != "kindly") break;
  }
  if (first + 1 >= tokens.size() || kOpeners.count(opener) == 0) {
    return false;
  }
  std::string rest = tokens[first];
  bool named = false;
  for (size_t k = first + 1; k < tokens.size(); ++k) {
    if (tokens[k][0] >= 'A' && tokens[k][0] <= 'Z') {
      named = true;
      continue;
    }
    rest += ' ';
    rest += tokens[k];
  }
  return named && IsPlaceholder(policy.placeholders, FieldKind::kReason, rest);
}

}  // namespace

bool ReasonMissing(const domain::Request& r, const Policy& policy,
                   std::string* normalized) {
  if (IsPlaceholder(policy.placeholders, FieldKind::kReason, r.reason) ||
      PointsAtSomeone(r.reason, policy)) {
    return true;
  }
  std::string text = NormalizeReason(r.reason, r.person);
  if (text.empty()) return true;
  if (normalized != nullptr) *normalized = std::move(text);
  return false;
}

}  // namespace taxgate::policy
