#include "normalize/name.h"

#include "common/strings.h"
#include "normalize/text.h"

namespace taxgate::normalize {
namespace {

// Length of the particle starting at tokens[i], or 0.
size_t ParticleAt(const std::vector<std::string>& tokens, size_t i,
                  const Tables& tables) {
  for (const auto& p : tables.particles) {  // longest first
    if (i + p.size() > tokens.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < p.size() && ok; ++k) ok = tokens[i + k] == p[k];
    if (ok) return p.size();
  }
  return 0;
}

constexpr const char* kGluedPrefixes[] = {"DELOS",  "DELAS", "DELA", "DEL",
                                          "DE",     "DI",    "DA",   "DOS",
                                          "VANDER", "VAN",   "VON",  "DU"};

}  // namespace

std::vector<std::string> DropParticles(const std::vector<std::string>& tokens,
                                       const Tables& tables) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < tokens.size()) {
    size_t n = ParticleAt(tokens, i, tables);
    if (n > 0 && i + n < tokens.size()) {
      i += n;  // a particle followed by a name: drop it
      continue;
    }
    if (n > 0 && !out.empty()) {
      i += n;  // a trailing particle after a name ("GARCIA Y"): drop it
      continue;
    }
    out.push_back(tokens[i]);
    ++i;
  }
  return out;
}

ParsedName ParseName(std::string_view first_name, std::string_view middle_name,
                     std::string_view last_name, const Tables& tables) {
  ParsedName p;
  std::vector<std::string> given_words = SplitWords(CleanText(first_name));
  for (auto& w : SplitWords(CleanText(middle_name))) {
    given_words.push_back(std::move(w));
  }
  p.given_phrase = Join(given_words, " ");
  p.given = DropParticles(given_words, tables);
  if (!p.given.empty()) {
    p.first = p.given[0];
    std::vector<std::string> rest(p.given.begin() + 1, p.given.end());
    p.middle = Join(rest, " ");
  }
  std::vector<std::string> surname_words = SplitWords(CleanText(last_name));
  p.surnames = DropParticles(surname_words, tables);
  for (const auto& unit : p.surnames) {
    p.surname_full += unit;
    if (!tables.known_surnames.empty()) {
      for (const char* prefix : kGluedPrefixes) {
        std::string_view pre(prefix);
        if (unit.size() >= pre.size() + 3 && StartsWith(unit, pre)) {
          std::string rest = unit.substr(pre.size());
          if (tables.known_surnames.count(rest)) {
            p.alt_surnames.push_back(rest);
            break;
          }
        }
      }
    }
  }
  return p;
}

}  // namespace taxgate::normalize
