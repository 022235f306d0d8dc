// Metamorphic tests of the statute rules: a decision must not change when
// the text of a request is disguised the way an adversary (or a careless
// export) disguises it. Every placeholder of the policy's lists, every real
// value below, and the whole public legal-examples file are rewritten
// thousands of times with random combinations of
//   full-width forms, Cyrillic and Greek look-alike letters, zero-width and
//   other invisible characters inserted anywhere, every kind of Unicode
//   space, accents added (and removed from accented names), case changes,
//   quotes and punctuation around, Unicode dashes and apostrophes, and a
//   multi-word address placeholder split across street and city,
// and each variant must be decided exactly as the original.
//
// TAXGATE_METAMORPHIC_VARIANTS sets the variants per value (default 1000;
// the legal-examples file gets a tenth of it, each variant a whole batch).
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/crypto.h"
#include "common/csv_reader.h"
#include "common/strings.h"
#include "domain/request_signature.h"
#include "gtest/gtest.h"
#include "policy/boilerplate.h"
#include "policy/evaluator.h"
#include "policy/test_inputs.h"
#include "ruleset/ruleset.h"
#include "test_util.h"

namespace taxgate::policy {
namespace {

using Codes = std::vector<std::string>;

int Variants() {
  const char* v = std::getenv("TAXGATE_METAMORPHIC_VARIANTS");
  int n = v ? std::atoi(v) : 0;
  return n > 0 ? n : 1000;
}

// --- UTF-8 as code points ----------------------------------------------------

std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1   ? c
                  : len == 2 ? c & 0x1F
                  : len == 3 ? c & 0x0F
                             : c & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string Encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// --- The disguises
// -------------------------------------------------------------

// What a field may be given (digits fields take no letters' tricks and no
// punctuation: "2023." is another value, not a disguise).
enum class FieldShape { kText, kDigits };

class Disguiser {
 public:
  // `digits_for_letters`: also write 0 for o and 1 for l or i ("UNKN0WN"),
  // a disguise for placeholders only (a real purpose or reason spelled so
  // is no longer the same text).
  explicit Disguiser(uint64_t seed, bool digits_for_letters = false)
      : rng_(seed), digits_for_letters_(digits_for_letters) {}

  std::string Disguise(const std::string& in, FieldShape shape) {
    std::u32string s = Decode(in);
    int n = 1 + static_cast<int>(rng_() % 4);
    const uint64_t kinds =
        shape == FieldShape::kText ? (digits_for_letters_ ? 10 : 9) : 4;
    for (int k = 0; k < n; ++k) {
      switch (rng_() % kinds) {
        case 0:
          FullWidth(s);
          break;
        case 1:
          Invisible(s);
          break;
        case 2:
          Spaces(s);
          break;
        case 3:
          Case(s);
          break;
        case 4:
          LookAlikes(s);
          break;
        case 5:
          Accents(s);
          break;
        case 6:
          Punctuation(s);
          break;
        case 7:
          DashesAndQuotes(s);
          break;
        case 9:
          DigitsForLetters(s);
          break;
        default:
          StripAccents(s);
      }
    }
    return Encode(s);
  }

  uint64_t Next() { return rng_(); }

 private:
  bool Coin(int in) { return rng_() % in == 0; }

  void FullWidth(std::u32string& s) {
    bool all = Coin(2);
    for (char32_t& c : s) {
      if (!all && !Coin(3)) continue;
      if (c >= '!' && c <= '~') c = c - '!' + 0xFF01;
    }
  }
  void Invisible(std::u32string& s) {
    static const char32_t kInvisible[] = {0x200B, 0x200C, 0x200D, 0x2060,
                                          0xFEFF, 0x00AD, 0x200E, 0x200F,
                                          0x180E, 0x2063, 0x034F};
    int n = 1 + static_cast<int>(rng_() % 4);
    for (int k = 0; k < n; ++k) {
      size_t at = s.empty() ? 0 : rng_() % (s.size() + 1);
      s.insert(s.begin() + at, kInvisible[rng_() % std::size(kInvisible)]);
    }
  }
  void Spaces(std::u32string& s) {
    static const char32_t kSpaces[] = {0x00A0, 0x2000, 0x2002, 0x2003,
                                       0x2007, 0x2009, 0x200A, 0x202F,
                                       0x205F, 0x3000, 0x1680, '\t'};
    for (char32_t& c : s) {
      if (c == ' ') c = kSpaces[rng_() % std::size(kSpaces)];
    }
    if (Coin(2)) s.insert(s.begin(), kSpaces[rng_() % std::size(kSpaces)]);
    if (Coin(2)) s.push_back(kSpaces[rng_() % std::size(kSpaces)]);
  }
  void Case(std::u32string& s) {
    int mode = static_cast<int>(rng_() % 3);
    for (char32_t& c : s) {
      bool up = mode == 0 || (mode == 2 && Coin(2));
      if (up && c >= 'a' && c <= 'z') c -= 32;
      if (!up && c >= 'A' && c <= 'Z') c += 32;
    }
  }
  void LookAlikes(std::u32string& s) {
    static const std::unordered_map<char32_t, std::vector<char32_t>> kLike = {
        {'a', {0x0430}},         {'c', {0x0441, 0x03F2}},
        {'e', {0x0435}},         {'i', {0x0456}},
        {'j', {0x0458}},         {'o', {0x043E, 0x03BF}},
        {'p', {0x0440}},         {'s', {0x0455}},
        {'x', {0x0445}},         {'y', {0x0443}},
        {'A', {0x0410, 0x0391}}, {'B', {0x0412, 0x0392}},
        {'C', {0x0421, 0x03F9}}, {'E', {0x0415, 0x0395}},
        {'H', {0x041D, 0x0397}}, {'I', {0x0406, 0x0399}},
        {'J', {0x0408}},         {'K', {0x041A, 0x039A}},
        {'M', {0x041C, 0x039C}}, {'N', {0x039D}},
        {'O', {0x041E, 0x039F}}, {'P', {0x0420, 0x03A1}},
        {'S', {0x0405}},         {'T', {0x0422, 0x03A4}},
        {'X', {0x0425, 0x03A7}}, {'Y', {0x03A5}},
        {'Z', {0x0396}}};
    bool all = Coin(3);
    for (char32_t& c : s) {
      auto it = kLike.find(c);
      if (it == kLike.end() || !(all || Coin(3))) continue;
      c = it->second[rng_() % it->second.size()];
    }
  }
  void Accents(std::u32string& s) {
    static const char32_t kMarks[] = {0x0301, 0x0300, 0x0308, 0x0303,
                                      0x0302, 0x030C, 0x0327};
    std::u32string out;
    for (char32_t c : s) {
      out.push_back(c);
      bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (letter && Coin(3)) out.push_back(kMarks[rng_() % std::size(kMarks)]);
    }
    s = out;
  }
  void StripAccents(std::u32string& s) {
    static const std::unordered_map<char32_t, char32_t> kBare = {
        {0xE1, 'a'}, {0xE9, 'e'}, {0xED, 'i'}, {0xF3, 'o'}, {0xFA, 'u'},
        {0xF1, 'n'}, {0xC1, 'A'}, {0xC9, 'E'}, {0xCD, 'I'}, {0xD3, 'O'},
        {0xDA, 'U'}, {0xD1, 'N'}, {0xFC, 'u'}, {0xDC, 'U'}, {0xE7, 'c'}};
    for (char32_t& c : s) {
      auto it = kBare.find(c);
      if (it != kBare.end()) c = it->second;
    }
  }
  void Punctuation(std::u32string& s) {
    switch (rng_() % 4) {
      case 0:
        s.push_back('.');
        break;
      case 1:
        s = U"\"" + s + U"\"";
        break;
      case 2:
        s = U"\u201C" + s + U"\u201D";
        break;
      default:
        s = U"(" + s + U")";
    }
  }
  void DigitsForLetters(std::u32string& s) {
    for (char32_t& c : s) {
      if (!Coin(2)) continue;
      if (c == 'o' || c == 'O') c = '0';
      if (c == 'l' || c == 'L' || c == 'i' || c == 'I') c = '1';
    }
  }
  void DashesAndQuotes(std::u32string& s) {
    static const char32_t kDashes[] = {0x2010, 0x2011, 0x2013, 0x2014,
                                       0x2212, 0xFE63, 0xFF0D};
    static const char32_t kApostrophes[] = {0x2019, 0x2018, 0x02BC, 0x00B4,
                                            0x0060};
    for (char32_t& c : s) {
      if (c == '-') c = kDashes[rng_() % std::size(kDashes)];
      if (c == '\'') c = kApostrophes[rng_() % std::size(kApostrophes)];
      if (c == '/' && Coin(2)) c = 0x2044;
    }
  }

  std::mt19937_64 rng_;
  bool digits_for_letters_;
};

// --- The fixture -------------------------------------------------------------

constexpr Date kAsOf{2026, 3, 1};
constexpr char kSeed[] = "metamorphic";

class MetamorphicTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    policy_ = new Policy(*(*rs)->policy);
  }
  static void TearDownTestSuite() {
    delete policy_;
    policy_ = nullptr;
  }
  void SetUp() override {
    for (const char* id : {"DEL-1", "INV-1"}) {
      domain::Official o;
      o.official_id = id;
      o.name = id;
      o.agency = "DHS";
      o.role = std::string(id) == "DEL-1" ? domain::Role::kDelegate
                                          : domain::Role::kInvestigator;
      o.public_key = Base64Encode(
          Ed25519PublicKey(domain::TestKeySeed(kSeed, o.official_id)));
      registry_[id] = o;
    }
  }

  static domain::Request Good() {
    domain::Request r;
    r.request_id = "M-1";
    r.signed_by = "DEL-1";
    r.official_id = "INV-1";
    r.case_number = "CR-2026-0417";
    r.statute = "8 U.S.C. 1253(a)(1)";
    r.tax_periods = "2023;2024";
    r.reason =
        "Subject is named in an arrest warrant for failure to depart; agents "
        "need the residence to execute it";
    r.purpose = "criminal_investigation";
    r.fields_requested = "address";
    r.person.first_name = "Ana";
    r.person.last_name = "Kim";
    r.person.dob = "1980-01-02";
    r.person.street = "123 Oak St";
    r.person.city = "Springfield";
    r.person.state = "IL";
    r.person.zip = "62704";
    return r;
  }

  // The rules that read one field, each alone (the whole evaluation of
  // disguised requests is TheLegalExamplesDecideAlikeInEveryDisguise).
  static Codes NameCodes(const domain::Request& r) {
    if (NameMissing(r.person, *policy_)) return {kNameMissing};
    return {};
  }
  static Codes AddressCodes(const domain::Request& r) {
    switch (policy_->addresses.Classify(r.person).verdict) {
      case AddressVerdict::kMissing:
        return {kAddressMissing};
      case AddressVerdict::kNotReal:
        return {kAddressNotReal};
      case AddressVerdict::kUnverified:
        return {kAddressUnverified};
      case AddressVerdict::kReal:
        break;
    }
    return {};
  }
  static Codes ReasonCodes(const domain::Request& r) {
    if (ReasonMissing(r, *policy_)) return {kReasonMissing};
    if (WordCount(NormalizeReason(r.reason, r.person)) <
        static_cast<size_t>(policy_->reason_min_words)) {
      return {kReasonNotSpecific};
    }
    if (PurposeUnclear(r, *policy_)) return {kPurposeUnclear};
    return {};
  }
  static Codes CaseCodes(const domain::Request& r) {
    if (CaseMissing(r.case_number, *policy_)) return {kCaseMissing};
    return {};
  }
  static Codes StatuteCodes(const domain::Request& r) {
    return CheckStatute(r.statute, *policy_);
  }
  static Codes PeriodCodes(const domain::Request& r) {
    std::string_view c = CheckTaxPeriods(r.tax_periods, kAsOf, *policy_);
    if (c.empty()) return {};
    return {std::string(c)};
  }
  static Codes PurposeCodes(const domain::Request& r) {
    if (PurposeNotPermitted(r.purpose, *policy_)) return {kPurposeNotPermitted};
    if (PurposeUnclear(r, *policy_)) return {kPurposeUnclear};
    return {};
  }
  static Codes FieldsCodes(const domain::Request& r) {
    if (ReturnInformationRequested(r.fields_requested, *policy_)) {
      return {kReturnInformationRequested};
    }
    return {};
  }

  // Disguises field `set` of a good request `n` times and checks that the
  // rule reading it (`decide`) always decides `want`.
  int Check(
      const std::string& what, const std::string& value, FieldShape shape,
      const std::function<void(domain::Request&, const std::string&)>& set,
      const std::function<Codes(const domain::Request&)>& decide,
      const Codes& want, Disguiser& d, int n) const {
    int failures = 0;
    for (int k = 0; k < n; ++k) {
      std::string variant = k == 0 ? value : d.Disguise(value, shape);
      domain::Request r = Good();
      set(r, variant);
      Codes got = decide(r);
      if (got != want && failures++ < 3) {
        ADD_FAILURE() << what << " '" << value << "' as '" << variant
                      << "': got " << Join(got, ";") << ", want "
                      << Join(want, ";");
      }
    }
    return failures;
  }

  static Policy* policy_;
  std::map<std::string, domain::Official> registry_;
};

Policy* MetamorphicTest::policy_ = nullptr;

struct Kind {
  const char* name;
  std::vector<const PhraseList*> lists;
  FieldShape shape;
  std::function<void(domain::Request&, const std::string&)> set;
  std::function<Codes(const domain::Request&)> decide;
  Codes want;
};

TEST_F(MetamorphicTest, EveryPlaceholderKeepsItsDecisionInEveryDisguise) {
  const PlaceholderLists& l = policy_->placeholders;
  const std::vector<Kind> kinds = {
      {"given name",
       {&l.any, &l.names},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.first_name = v; },
       NameCodes,
       {kNameMissing}},
      {"surname",
       {&l.any, &l.names},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.last_name = v; },
       NameCodes,
       {kNameMissing}},
      {"street",
       {&l.any, &l.fields, &l.addresses},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.street = v; },
       AddressCodes,
       {kAddressNotReal}},
      {"city",
       {&l.any, &l.fields, &l.addresses},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.city = v; },
       AddressCodes,
       {kAddressNotReal}},
      {"reason",
       {&l.any, &l.fields, &l.reasons},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.reason = v; },
       ReasonCodes,
       {kReasonMissing}},
      {"labelled reason",
       {&l.any, &l.fields, &l.reasons},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.reason = "Reason: " + v; },
       ReasonCodes,
       {kReasonMissing}},
      {"case",
       {&l.any, &l.fields, &l.cases},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.case_number = v; },
       CaseCodes,
       {kCaseMissing}},
      {"statute",
       {&l.any, &l.fields, &l.statutes},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.statute = v; },
       StatuteCodes,
       {kStatuteMissing}},
      {"tax periods",
       {&l.any, &l.fields, &l.periods},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.tax_periods = v; },
       PeriodCodes,
       {kTaxPeriodMissing}},
  };
  const int n = Variants();
  Disguiser d(20261202, /*digits_for_letters=*/true);
  int values = 0, evaluations = 0, failures = 0;
  auto start = std::chrono::steady_clock::now();
  for (const Kind& kind : kinds) {
    for (const PhraseList* list : kind.lists) {
      for (const std::string& entry : list->entries()) {
        failures += Check(kind.name, entry, kind.shape, kind.set, kind.decide,
                          kind.want, d, n);
        ++values;
        evaluations += n;
      }
    }
  }
  // A multi-word address placeholder split across street and city ("1 Not"
  // / "Provided") is still one.
  for (const PhraseList* list : {&l.any, &l.addresses}) {
    for (const std::string& entry : list->entries()) {
      std::vector<std::string> words = SplitWords(entry);
      if (words.size() < 2) continue;
      for (size_t cut = 1; cut < words.size(); ++cut) {
        std::string street = "1";
        std::string city;
        for (size_t k = 0; k < words.size(); ++k) {
          (k < cut ? street : city) += (k < cut || !city.empty() ? " " : "");
          (k < cut ? street : city) += words[k];
        }
        // '\x1f' separates the two fields (no disguise touches it).
        failures += Check(
            "split address", street + '\x1f' + city, FieldShape::kText,
            [&](auto& r, const std::string& v) {
              size_t bar = v.find('\x1f');
              r.person.street = v.substr(0, bar);
              r.person.city = bar == std::string::npos ? "" : v.substr(bar + 1);
            },
            AddressCodes, {kAddressNotReal}, d, n / 10);
        ++values;
        evaluations += n / 10;
      }
    }
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  RecordProperty("placeholder_values", values);
  RecordProperty("placeholder_variants", evaluations);
  std::printf(
      "metamorphic: %d placeholder values, %d disguised requests decided in "
      "%.1f s (%.0f per second)\n",
      values, evaluations, secs, evaluations / secs);
  EXPECT_EQ(failures, 0);
}

// Real values: a disguise must not make them placeholders, nor unreal.
TEST_F(MetamorphicTest, RealValuesStayRealInEveryDisguise) {
  struct Real {
    const char* what;
    std::vector<std::string> values;
    FieldShape shape;
    std::function<void(domain::Request&, const std::string&)> set;
    std::function<Codes(const domain::Request&)> decide;
  };
  const std::vector<Real> reals = {
      {"given name",
       {"Ana", "José Ángel", "María de los Ángeles", "Na", "Li", "O'Neil",
        "Jean-Luc", "Nguyễn", "Łukasz", "Zoë", "Björn", "Chloé", "Xi",
        "\xE5\xA8\x9C" /* 娜 */, "\xEB\xAF\xBC\xEC\xA4\x80" /* 민준 */,
        "Mary Ann", "Anna", "Maie"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.first_name = v; },
       NameCodes},
      {"surname",
       {"Kim", "O", "Na", "Garcia Lopez", "García-López", "de la Cruz Ruiz",
        "Peña", "Null", "Doe", "Nuñez", "D'Angelo", "Müller", "Ng", "Messing",
        "Penning", "Fulani", "\xE6\x9D\x8E" /* 李 */},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.last_name = v; },
       NameCodes},
      {"street",
       {"1420 N Main St",
        "123 1/2 Elm Ave",
        "123\xC2\xBD Main St",
        "Calle Luna 25",
        "One Microsoft Way",
        "PO Box 4412",
        "Box 123",
        "RR 2 Box 15",
        "HC 1 Box 5",
        "HCR 1 Box 5",
        "1000 AAA Dr",
        "c/o Maria Lopez, 55 Elm St",
        "Harris County Jail, 1200 Baker St",
        "W156N11500 Pilgrim Rd",
        "45-12 Queens Blvd",
        "4100 Calle Real",
        "URB Las Gladiolas 150 Calle A",
        "77 Pine St # 4",
        "12B Harbor Dr",
        "500 Avenida de la Paz",
        "1 Infinite Loop",
        "11000 Overseas Hwy",
        "100 Nowhere Rd",
        "1 N Street NW",
        "100 State St",
        "250 W 57th St",
        "Calle 5 #12",
        "1420 N Main St, Springfield, IL 62704"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.street = v; },
       AddressCodes},
      {"city",
       {"Springfield", "San Juan", "Coeur d'Alene", "Winston-Salem", "Española",
        "St. Louis"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.city = v; },
       AddressCodes},
      {"state",
       {"IL", "il", "Illinois", "ILLINOIS"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.person.state = v; },
       AddressCodes},
      {"zip",
       {"62704", "62704-1123", "627041123"},
       FieldShape::kDigits,
       [](auto& r, const auto& v) { r.person.zip = v; },
       AddressCodes},
      {"statute",
       {"8 U.S.C. 1253(a)(1)", "8 U.S.C. \xC2\xA7 1253(a)(1)", "8 USC 1326",
        "18 U.S.C. 1546; 8 U.S.C. 1326",
        "Title 8, United States Code, "
        "Section 1325(a)",
        "INA \xC2\xA7 276", "INA 243(a)(1)",
        "8 U.S.C. 1326 (reentry of removed aliens)",
        "18 U.S.C. \xC2\xA7\xC2\xA7 "
        "1028A, 1546",
        "Section 1326 of Title 8"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.statute = v; },
       StatuteCodes},
      {"tax periods",
       {"2023;2024", "2023, 2024", "2020-2023", "2025", "2019 - 2021; 2024"},
       FieldShape::kDigits,
       [](auto& r, const auto& v) { r.tax_periods = v; },
       PeriodCodes},
      {"purpose",
       {"criminal_investigation", "Criminal investigation.",
        "judicial proceedings", "GRAND JURY", "grand-jury", ""},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.purpose = v; },
       PurposeCodes},
      {"case",
       {"CR-2026-0417", "case 3", "M-12-3", "OP SWEEP 1", "2:26-cr-00417",
        "No. 2026-0417", "OP-ALPHA", "CR2026"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.case_number = v; },
       CaseCodes},
      {"fields",
       {"address", "name;address", "Address, TIN", "name and address",
        "mailing address", "name; SSN"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.fields_requested = v; },
       FieldsCodes},
      {"reason",
       {"Subject is named in an arrest warrant for failure to depart; agents "
        "need the residence to execute it",
        "Sujeto con orden de arresto vigente; se necesita el domicilio para "
        "ejecutarla",
        "The subject's residence is needed to serve a grand jury subpoena "
        "in this matter"},
       FieldShape::kText,
       [](auto& r, const auto& v) { r.reason = v; },
       ReasonCodes},
  };
  const int n = Variants();
  Disguiser d(7);
  int values = 0, failures = 0;
  for (const Real& real : reals) {
    for (const std::string& v : real.values) {
      failures +=
          Check(real.what, v, real.shape, real.set, real.decide, {}, d, n);
      ++values;
    }
  }
  std::printf("metamorphic: %d real values x %d disguises kept eligible\n",
              values, n);
  EXPECT_EQ(failures, 0);
}

// The whole public legal-examples file, every field of every row disguised
// at once (ids and signers excepted), re-signed, decided as a batch: the
// batch rules (near-copy reasons, engagement over folded matters,
// duplicates over folded names) must hold too.
TEST_F(MetamorphicTest, TheLegalExamplesDecideAlikeInEveryDisguise) {
  std::string dir = taxgate::testing::SharedDir() + "/data/legal-examples-v2";
  auto requests = testing::ReadRequestsCsv(dir + "/requests.csv");
  ASSERT_TRUE(requests.ok()) << requests.status().ToString();
  auto officials = testing::ReadOfficialsCsv(dir + "/officials.csv");
  ASSERT_TRUE(officials.ok());
  std::map<std::string, domain::Official> registry;
  for (const auto& o : *officials) registry[o.official_id] = o;
  OfficialLookup lookup =
      [&](const std::string& id) -> const domain::Official* {
    auto it = registry.find(id);
    return it == registry.end() ? nullptr : &it->second;
  };
  const Date as_of{2026, 11, 22};
  std::vector<Evaluation> want =
      EvaluateBatch(*policy_, *requests, lookup, History{}, as_of);
  const int n = std::max(1, Variants() / 10);
  Disguiser d(11);
  int failures = 0;
  for (int k = 0; k < n; ++k) {
    std::vector<domain::Request> batch = *requests;
    for (auto& r : batch) {
      bool broken_signature = StartsWith(r.request_id, "LX-0037-S");
      auto text = [&](std::string& f) { f = d.Disguise(f, FieldShape::kText); };
      auto digits = [&](std::string& f) {
        f = d.Disguise(f, FieldShape::kDigits);
      };
      text(r.case_number);
      text(r.statute);
      digits(r.tax_periods);
      text(r.reason);
      text(r.purpose);
      text(r.fields_requested);
      text(r.person.first_name);
      text(r.person.middle_name);
      text(r.person.last_name);
      digits(r.person.dob);
      text(r.person.street);
      text(r.person.city);
      text(r.person.state);
      digits(r.person.zip);
      if (!broken_signature) {
        r.signature.clear();
        r.signature = domain::SignRequest(
            r, domain::TestKeySeed("taxgate-legal-examples", r.signed_by));
      }
    }
    auto got = EvaluateBatch(*policy_, batch, lookup, History{}, as_of);
    for (size_t i = 0; i < got.size(); ++i) {
      if (got[i].codes != want[i].codes && failures++ < 5) {
        ADD_FAILURE() << batch[i].request_id << " disguised: got "
                      << Join(got[i].codes, ";") << ", want "
                      << Join(want[i].codes, ";") << " (reason '"
                      << batch[i].reason << "', statute '" << batch[i].statute
                      << "', address '" << batch[i].person.street << "|"
                      << batch[i].person.unit << "|" << batch[i].person.city
                      << "|" << batch[i].person.state << "|"
                      << batch[i].person.zip << "')";
      }
    }
  }
  std::printf("metamorphic: the legal examples, %d disguised batches of %zu\n",
              n, requests->size());
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace taxgate::policy
