#include "synth/name_generator.h"

#include <algorithm>
#include <unordered_map>

#include "common/strings.h"
#include "synth/spanish_names.h"
#include "synth/text_util.h"

namespace taxgate::synth {
namespace {

// Spanish particles as they appear glued in the Census list, longest first.
constexpr std::string_view kGluedParticles[][2] = {
    {"DELOS", "DE LOS"}, {"DELAS", "DE LAS"}, {"DELA", "DE LA"},
    {"DEL", "DEL"},      {"DE", "DE"},
};

bool IsSpanishParticleWord(std::string_view w) {
  return w == "DE" || w == "DEL" || w == "LA" || w == "LAS" || w == "LOS" ||
         w == "Y";
}

// Applies the particle form to one surname ("DE LA CRUZ").
std::string ApplyParticleForm(const std::string& surname, ParticleForm form) {
  if (form == ParticleForm::kSpaced || surname.find(' ') == std::string::npos) {
    return surname;
  }
  std::vector<std::string> words = SplitWords(surname);
  if (form == ParticleForm::kJoined) return Join(words, "");
  std::vector<std::string> kept;
  for (auto& w : words) {
    if (!IsSpanishParticleWord(w)) kept.push_back(w);
  }
  return kept.empty() ? surname : Join(kept, " ");
}

// Replaces each word (between spaces or hyphens) that has an accented form.
std::string ApplyAccents(const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t end = s.find_first_of(" -", i);
    if (end == std::string::npos) end = s.size();
    std::string_view word(s.data() + i, end - i);
    std::string_view accented = AccentedForm(word);
    out.append(accented.empty() ? word : accented);
    if (end < s.size()) out.push_back(s[end]);
    i = end + 1;
  }
  return out;
}

std::string Finish(const std::string& s, const NameStyle& style) {
  std::string t = style.accents ? ApplyAccents(s) : s;
  if (style.letter_case == LetterCase::kTitle) {
    return TitleCase(t, style.lower_particles);
  }
  return t;
}

}  // namespace

FiledName RenderName(const PersonName& name, const NameStyle& style) {
  FiledName out;
  std::string first = name.given;
  std::string middle = name.middle;
  if (!name.second_given.empty()) {
    switch (style.given) {
      case GivenForm::kCompoundInFirst:
        first += " " + name.second_given;
        break;
      case GivenForm::kCompoundSplit:
        middle = name.second_given;
        break;
      case GivenForm::kFirstOnly:
        break;
      case GivenForm::kSecondOnly:
        first = name.second_given;
        break;
    }
  }
  switch (style.middle) {
    case MiddleForm::kFull:
      break;
    case MiddleForm::kInitial:
      if (!middle.empty()) middle = middle.substr(0, 1);
      break;
    case MiddleForm::kNone:
      middle.clear();
      break;
  }
  std::string p = ApplyParticleForm(name.paternal, style.particle);
  std::string m = ApplyParticleForm(name.maternal, style.particle);
  std::string last = p;
  if (!m.empty()) {
    switch (style.surname) {
      case SurnameForm::kFirstOnly:
        break;
      case SurnameForm::kBothSpaced:
        last = p + " " + m;
        break;
      case SurnameForm::kBothHyphen:
        last = p + "-" + m;
        break;
      case SurnameForm::kSwapped:
        last = m + " " + p;
        break;
      case SurnameForm::kSecondOnly:
        last = m;
        break;
    }
  }
  out.first = Finish(first, style);
  out.middle = Finish(middle, style);
  out.last = Finish(last, style);
  if (style.letter_case == LetterCase::kTitle && style.lower_particles &&
      (out.last.rfind("De ", 0) == 0 || out.last.rfind("Del ", 0) == 0)) {
    out.last[0] = 'd';  // "de la Cruz Ruiz"
  }
  return out;
}

NameGenerator::NameGenerator(const ReferenceTables& tables) : tables_(tables) {
  std::vector<double> hisp, other, all;
  hisp.reserve(tables.surnames.size());
  for (const auto& s : tables.surnames) {
    double pct = s.pct_hispanic < 0 ? 0 : s.pct_hispanic;
    // Hispanic people mostly bear surnames of the Census Spanish list; the
    // long tail of other names with a small Hispanic share is damped.
    double spanish = tables.IsSpanishSurname(s.name) ? 1.0 : 0.15;
    hisp.push_back(s.count * pct / 100.0 * spanish);
    other.push_back(s.count * (100.0 - pct) / 100.0);
    all.push_back(s.count);
  }
  hispanic_surnames_ = WeightedSampler(hisp);
  other_surnames_ = WeightedSampler(other);
  all_surnames_ = WeightedSampler(all);

  for (int h = 0; h < 2; ++h) {
    for (int f = 0; f < 2; ++f) {
      std::vector<double> w;
      for (size_t i = 0; i < tables.first_names.size(); ++i) {
        const auto& r = tables.first_names[i];
        if (h && !tables.IsHispanicFirstName(r.name)) continue;
        double recent = r.count > 0 ? r.count_1940_2023 / r.count : 0;
        double weight = (f ? r.count_female : r.count_male) * recent;
        if (weight <= 0) continue;
        first_index_[h][f].push_back(i);
        w.push_back(weight);
      }
      first_sampler_[h][f] = WeightedSampler(w);
    }
  }

  // Particle forms of glued Spanish surnames: the split whose remainder is
  // the most common surname wins ("DELUNA" -> "DE LUNA", not "DEL UNA").
  // Candidates are Spanish surnames; a remainder counts as a surname when
  // either list knows it ("DELRIO" -> "DEL RIO": RIO is a Census surname).
  std::unordered_map<std::string, double> counts;  // lookups only
  std::vector<std::string> candidates = tables.spanish_surnames;
  for (const auto& s : tables.surnames) {
    counts[s.name] = s.count;
    if (s.pct_hispanic >= 50) candidates.push_back(s.name);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()),
                   candidates.end());
  auto known = [&](const std::string& rest) {
    return tables.IsSpanishSurname(rest) || counts.count(rest) > 0;
  };
  for (const auto& s : candidates) {
    std::string form;
    // An article particle first ("DELAO" -> "DE LA O", "DELAFUENTE" ->
    // "DE LA FUENTE"); else DEL or DE, whichever leaves the commoner
    // surname ("DELUNA" -> "DE LUNA"). A bare DE needs a Spanish surname of
    // four letters or more after it ("DERAS" and "DENIZ" are surnames).
    for (const auto& gp : kGluedParticles) {
      if (!form.empty()) break;
      std::string_view glued = gp[0];
      if (s.size() <= glued.size() || s.compare(0, glued.size(), glued) != 0) {
        continue;
      }
      std::string rest = s.substr(glued.size());
      bool ok =
          (rest.size() >= 3 && known(rest)) || (glued == "DELA" && rest == "O");
      if (glued == "DE") {
        ok = rest.size() >= 4 && tables.IsSpanishSurname(rest);
      }
      if (!ok) continue;
      if (glued == "DEL" && s.size() > 3) {
        std::string alt = s.substr(2);  // after DE
        auto c_del = counts.find(rest);
        auto c_de = counts.find(alt);
        double del = c_del == counts.end() ? 0 : c_del->second;
        double de = c_de == counts.end() ? 0 : c_de->second;
        if (de > del && alt.size() >= 4 && tables.IsSpanishSurname(alt)) {
          form = "DE " + alt;
          break;
        }
      }
      form = std::string(gp[1]) + " " + rest;
    }
    if (!form.empty() && s != "DELGADO" && s != "DELGADILLO") {
      particle_forms_.emplace_back(s, form);
    }
  }
  std::sort(particle_forms_.begin(), particle_forms_.end());

  for (int f = 0; f < 2; ++f) {
    std::vector<double> w;
    for (const auto& c : CompoundGivenNames(f == 1)) w.push_back(c.weight);
    compound_sampler_[f] = WeightedSampler(w);
  }
}

std::string NameGenerator::RestoreParticle(const std::string& surname) const {
  auto it =
      std::lower_bound(particle_forms_.begin(), particle_forms_.end(), surname,
                       [](const std::pair<std::string, std::string>& a,
                          const std::string& b) { return a.first < b; });
  if (it != particle_forms_.end() && it->first == surname) return it->second;
  return surname;
}

std::string NameGenerator::DrawFirst(Rng& rng, bool hispanic_list,
                                     bool female) const {
  int h = hispanic_list ? 1 : 0;
  int f = female ? 1 : 0;
  size_t k = first_sampler_[h][f].Sample(rng);
  return tables_.first_names[first_index_[h][f][k]].name;
}

PersonName NameGenerator::Generate(Rng& rng, bool hispanic, bool female) const {
  PersonName n;
  n.female = female;
  n.hispanic = hispanic;
  if (hispanic) {
    n.paternal = tables_.surnames[hispanic_surnames_.Sample(rng)].name;
    if (rng.Chance(0.85)) {
      do {
        n.maternal = tables_.surnames[hispanic_surnames_.Sample(rng)].name;
      } while (n.maternal == n.paternal && rng.Chance(0.9));
    }
    if (rng.Chance(0.8)) {
      n.paternal = RestoreParticle(n.paternal);
      n.maternal = RestoreParticle(n.maternal);
    }
    double u = rng.Double();
    if (u < 0.18) {
      const auto& list = CompoundGivenNames(female);
      const auto& c = list[compound_sampler_[female ? 1 : 0].Sample(rng)];
      n.given = c.first;
      n.second_given = c.second;
    } else {
      n.given = DrawFirst(rng, /*hispanic_list=*/u < 0.78, female);
      if (rng.Chance(0.22)) {
        n.middle = DrawFirst(rng, true, female);
        if (n.middle == n.given) n.middle.clear();
      }
    }
  } else {
    n.paternal = tables_.surnames[other_surnames_.Sample(rng)].name;
    n.given = DrawFirst(rng, false, female);
    if (rng.Chance(0.65)) {
      n.middle = DrawFirst(rng, false, female);
      if (n.middle == n.given) n.middle.clear();
    }
  }
  return n;
}

std::string NameGenerator::Nickname(Rng& rng, const PersonName& name) const {
  if (name.hispanic) {
    auto es = SpanishNicknames(name.given);
    if (!es.empty()) return std::string(es[rng.Uniform(es.size())]);
  }
  auto en = tables_.NicknamesOf(name.given);
  if (en.empty()) return "";
  return std::string(en[rng.Uniform(en.size())]);
}

std::pair<std::string, std::string> NameGenerator::OfficialName(
    Rng& rng) const {
  bool female = rng.Chance(0.45);
  std::string first = DrawFirst(rng, rng.Chance(0.15), female);
  return {TitleCase(first), TitleCase(RandomSurname(rng))};
}

const std::string& NameGenerator::RandomSurname(Rng& rng) const {
  return tables_.surnames[all_surnames_.Sample(rng)].name;
}

}  // namespace taxgate::synth
