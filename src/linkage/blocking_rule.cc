#include "linkage/blocking_rule.h"

#include <string_view>

#include "common/hash_mix.h"

namespace taxgate::linkage {
namespace {

constexpr const char* kRuleNames[kNumBlockingRules] = {"tin",
                                                       "surname_phonetic_zip3",
                                                       "first_initial_dob",
                                                       "dob_zip5",
                                                       "house_number_zip5",
                                                       "surname_phonetic_year",
                                                       "name_phonetic_pair",
                                                       "street_zip5",
                                                       "dob_house_number",
                                                       "name_phonetic_dob",
                                                       "street_city",
                                                       "house_street_state",
                                                       "given_surname"};

// FNV-1a over the rule and the parts, with separators.
class KeyHasher {
 public:
  explicit KeyHasher(int rule) { Byte(static_cast<uint8_t>(rule)); }
  KeyHasher& Add(std::string_view s) {
    for (char c : s) Byte(static_cast<uint8_t>(c));
    Byte(0x1f);
    return *this;
  }
  KeyHasher& Add(int v) {
    for (int i = 0; i < 4; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
    Byte(0x1e);
    return *this;
  }
  uint64_t Get() const { return Mix64(h_); }  // final avalanche

 private:
  void Byte(uint8_t b) {
    h_ ^= b;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

const char* BlockingRuleName(int rule) {
  return rule >= 0 && rule < kNumBlockingRules ? kRuleNames[rule] : "";
}

void BlockingKeys(const Person& p, std::vector<BlockingKey>* out, bool query) {
  auto add = [&](int rule, const KeyHasher& h) {
    out->push_back({h.Get(), static_cast<uint8_t>(rule)});
  };
  const auto& a = p.address;
  if (p.tin.size() >= 7) add(0, KeyHasher(0).Add(p.tin));
  std::string_view zip3 =
      a.zip5.size() >= 3 ? std::string_view(a.zip5).substr(0, 3) : "";
  int dob = p.dob ? p.dob->year * 10000 + p.dob->month * 100 + p.dob->day : 0;
  // The unordered pair of a given name's and a surname's Soundex codes.
  auto name_pair = [&](const std::string& given, const std::string& sx) {
    if (given.empty()) return;
    bool lt = given < sx;
    add(6, KeyHasher(6).Add(lt ? given : sx).Add(lt ? sx : given));
  };
  // A request with a date of birth finds a compound's other name or a
  // familiar form through the surname and dob rules already; the lookups
  // below would only add pairs.
  const bool query_names = query && !p.dob;
  for (const auto& sx : p.surname_soundex) {
    if (!zip3.empty()) add(1, KeyHasher(1).Add(sx).Add(zip3));
    if (p.dob) add(5, KeyHasher(5).Add(sx).Add(p.dob->year));
    name_pair(p.first_soundex, sx);
    if (!query || query_names) {
      for (const auto& f : p.formal_given) name_pair(f.soundex, sx);
    }
    for (const auto& g : p.later_given) {
      if (!query || query_names) add(12, KeyHasher(12).Add(g.name).Add(sx));
      if (query_names) name_pair(g.soundex, sx);
    }
    if (query_names) {
      if (!p.name.first.empty())
        add(12, KeyHasher(12).Add(p.name.first).Add(sx));
      for (const auto& f : p.formal_given) {
        add(12, KeyHasher(12).Add(f.name).Add(sx));
      }
    }
  }
  if (p.dob && !p.name.first.empty()) {
    add(2,
        KeyHasher(2).Add(std::string_view(p.name.first).substr(0, 1)).Add(dob));
  }
  if (p.dob) {
    if (!a.house_number.empty()) {
      add(8, KeyHasher(8).Add(dob).Add(a.house_number));
    }
    // Any name's Soundex with the dob: swapped first and last names.
    if (!p.first_soundex.empty()) {
      add(9, KeyHasher(9).Add(p.first_soundex).Add(dob));
    }
    for (const auto& sx : p.surname_soundex) {
      add(9, KeyHasher(9).Add(sx).Add(dob));
    }
  }
  if (!p.street_key.empty() && !a.city.empty()) {
    add(10, KeyHasher(10).Add(p.street_key).Add(a.city));
  }
  if (!a.house_number.empty() && p.street_key.size() >= 4) {
    add(11, KeyHasher(11)
                .Add(a.house_number)
                .Add(std::string_view(p.street_key).substr(0, 4))
                .Add(a.state));
  }
  if (p.dob && !a.zip5.empty()) add(3, KeyHasher(3).Add(dob).Add(a.zip5));
  if (!a.zip5.empty()) {
    if (!a.po_box.empty()) {
      add(4, KeyHasher(4).Add("BOX").Add(a.po_box).Add(a.zip5));
    } else if (!a.house_number.empty()) {
      add(4, KeyHasher(4).Add(a.house_number).Add(a.zip5));
    }
    if (!a.street_name.empty()) {
      add(7, KeyHasher(7).Add(a.street_name).Add(a.zip5));
    }
  }
}

}  // namespace taxgate::linkage
