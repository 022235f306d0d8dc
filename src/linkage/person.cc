#include "linkage/person.h"

#include <algorithm>

#include "normalize/dob.h"
#include "normalize/phonetic.h"
#include "normalize/text.h"
#include "normalize/tin.h"

namespace taxgate::linkage {

Person NormalizePerson(std::string_view first, std::string_view middle,
                       std::string_view last, std::string_view dob,
                       std::string_view street, std::string_view unit,
                       std::string_view city, std::string_view state,
                       std::string_view zip, std::string_view tin,
                       const normalize::Tables& tables) {
  Person p;
  p.name = normalize::ParseName(first, middle, last, tables);
  const auto& nick = tables.nicknames;
  auto add_groups = [&](const std::string& s) {
    if (s.empty()) return;
    const auto& g = nick.Groups(s);
    p.nickname_groups.insert(p.nickname_groups.end(), g.begin(), g.end());
  };
  add_groups(p.name.first);
  if (p.name.given.size() >= 2) {
    add_groups(p.name.given[0] + " " + p.name.given[1]);
  }
  if (p.name.given_phrase != p.name.first) add_groups(p.name.given_phrase);
  auto add = [](std::vector<Person::NamedSoundex>* to,
                const std::string& name) {
    Person::NamedSoundex n{name, normalize::Soundex(name)};
    if (std::find(to->begin(), to->end(), n) == to->end()) {
      to->push_back(std::move(n));
    }
  };
  for (size_t i = 0; i < p.name.given.size(); ++i) {
    const std::string& token = p.name.given[i];
    const auto& g = nick.Groups(token);
    p.token_nickname_groups.insert(p.token_nickname_groups.end(), g.begin(),
                                   g.end());
    if (i >= 3 || token.size() < 2) continue;
    if (i > 0) add(&p.later_given, token);
    for (uint32_t group : g) {
      const std::string& formal = nick.FormalName(group);
      if (formal != token) add(&p.formal_given, formal);
    }
  }
  for (auto* groups : {&p.nickname_groups, &p.token_nickname_groups}) {
    std::sort(groups->begin(), groups->end());
    groups->erase(std::unique(groups->begin(), groups->end()), groups->end());
  }
  p.first_soundex = normalize::Soundex(p.name.first);
  for (const auto* list : {&p.name.surnames, &p.name.alt_surnames}) {
    for (const auto& s : *list) {
      std::string code = normalize::Soundex(s);
      if (!code.empty() &&
          std::find(p.surname_soundex.begin(), p.surname_soundex.end(), code) ==
              p.surname_soundex.end()) {
        p.surname_soundex.push_back(code);
      }
    }
  }
  p.dob = normalize::ParseDob(dob);
  p.address =
      normalize::NormalizeAddress(street, unit, city, state, zip, tables);
  p.tin = normalize::NormalizeTin(tin);
  {
    std::string cleaned = normalize::CleanText(street);
    size_t start = 0;
    if (!cleaned.empty() && cleaned[0] >= '0' && cleaned[0] <= '9') {
      start = cleaned.find(' ');
      start = start == std::string::npos ? cleaned.size() : start + 1;
    }
    for (size_t i = start; i < cleaned.size(); ++i) {
      if (cleaned[i] != ' ') p.street_key.push_back(cleaned[i]);
    }
    for (char c : normalize::CleanText(unit)) {
      if (c != ' ') p.unit_key.push_back(c);
    }
  }
  return p;
}

namespace {

// Fills a CompactPerson through `in` (a StringPool or a Strings).
template <class Interner>
CompactPerson CompactWith(const Person& p, Interner* in) {
  CompactPerson c;
  auto fill = [&](const std::vector<std::string>& from, auto& to, uint8_t& n) {
    n = 0;
    for (const auto& s : from) {
      if (n == to.size()) break;
      to[n++] = in->Intern(s);
    }
  };
  fill(p.name.given, c.given, c.n_given);
  fill(p.name.surnames, c.surnames, c.n_surnames);
  fill(p.name.alt_surnames, c.alt_surnames, c.n_alt_surnames);
  fill(p.surname_soundex, c.surname_soundex, c.n_soundex);
  c.surname_full = in->Intern(p.name.surname_full);
  c.first_soundex = in->Intern(p.first_soundex);
  c.nickname_set = in->InternSet(p.nickname_groups);
  c.token_nickname_set = in->InternSet(p.token_nickname_groups);
  if (p.dob) {
    c.dob = static_cast<uint32_t>(p.dob->year * 10000 + p.dob->month * 100 +
                                  p.dob->day);
  }
  const auto& a = p.address;
  c.house_number = in->Intern(a.house_number);
  c.street_name = in->Intern(a.street_name);
  c.suffix = in->Intern(a.suffix);
  c.po_box = in->Intern(a.po_box);
  c.unit_id = in->Intern(a.unit_id);
  c.city = in->Intern(a.city);
  c.state = in->Intern(a.state);
  c.zip5 = in->Intern(a.zip5);
  c.street_key = in->Intern(p.street_key);
  c.unit_key = in->Intern(p.unit_key);
  c.tin = in->Intern(p.tin);
  return c;
}

}  // namespace

CompactPerson Compact(const Person& p, StringPool* pool) {
  return CompactWith(p, pool);
}

CompactPerson Compact(const Person& p, Strings* strings) {
  return CompactWith(p, strings);
}

Person NormalizeRecord(const domain::Record& r,
                       const normalize::Tables& tables) {
  return NormalizePerson(r.first_name, r.middle_name, r.last_name, r.dob,
                         r.street, r.unit, r.city, r.state, r.zip, r.tin,
                         tables);
}

Person NormalizeQuery(const domain::PersonQuery& q,
                      const normalize::Tables& tables) {
  return NormalizePerson(q.first_name, q.middle_name, q.last_name, q.dob,
                         q.street, q.unit, q.city, q.state, q.zip, q.tin,
                         tables);
}

}  // namespace taxgate::linkage
