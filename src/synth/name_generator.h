// NameGenerator: draws a person's name by frequency from the reference lists
// (Census 2000 surnames, SSA first names, Hispanic given names), and renders
// a name the way one filer, employer or agency would write it (RenderName).
//
// A Hispanic person gets a paternal and usually a maternal surname drawn by
// their Hispanic frequency (count * pcthispanic), particles restored where
// the Census list glued them ("DELACRUZ" -> "DE LA CRUZ"), sometimes a
// compound given name ("JOSE LUIS", "MARIA DE LOS ANGELES"); others get one
// surname and often a middle name.
//
// Thread-safety: Generate() and the rendering functions are const and may
// run on several threads at once, each with its own Rng.
#ifndef TAXGATE_SYNTH_NAME_GENERATOR_H_
#define TAXGATE_SYNTH_NAME_GENERATOR_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "synth/reference_tables.h"
#include "synth/rng.h"
#include "synth/weighted_sampler.h"

namespace taxgate::synth {

// A person's name as it truly is; upper-case ASCII, words separated by one
// space.
struct PersonName {
  std::string given;         // "JOSE"
  std::string second_given;  // the rest of a compound given name, or ""
  std::string middle;        // a middle name, or ""
  std::string paternal;      // first (or only) surname: "GARCIA", "DE LA CRUZ"
  std::string maternal;      // second surname, or ""
  bool female = false;
  bool hispanic = false;
};

enum class SurnameForm {
  kFirstOnly,   // "GARCIA"
  kBothSpaced,  // "GARCIA LOPEZ"
  kBothHyphen,  // "GARCIA-LOPEZ"
  kSwapped,     // "LOPEZ GARCIA"
  kSecondOnly,  // "LOPEZ"
};
enum class GivenForm {
  kCompoundInFirst,  // first "JOSE LUIS"
  kCompoundSplit,    // first "JOSE", middle "LUIS"
  kFirstOnly,        // first "JOSE", the second given name dropped
  kSecondOnly,       // first "LUIS": the agency knows the name used
};
enum class MiddleForm { kFull, kInitial, kNone };
enum class ParticleForm {
  kSpaced,   // "DE LA CRUZ"
  kJoined,   // "DELACRUZ"
  kDropped,  // "CRUZ"
};
enum class LetterCase { kUpper, kTitle };

// How one writer renders a name. Forms that do not apply (a second surname
// for a person with one) fall back to the plain name.
struct NameStyle {
  SurnameForm surname = SurnameForm::kBothSpaced;
  GivenForm given = GivenForm::kCompoundInFirst;
  MiddleForm middle = MiddleForm::kFull;
  ParticleForm particle = ParticleForm::kSpaced;
  LetterCase letter_case = LetterCase::kUpper;
  bool accents = false;          // José, Peña, Núñez (common names only)
  bool lower_particles = false;  // title case "de la Cruz"
};

struct FiledName {
  std::string first;
  std::string middle;
  std::string last;
};

FiledName RenderName(const PersonName& name, const NameStyle& style);

class NameGenerator {
 public:
  // `tables` must outlive the generator.
  explicit NameGenerator(const ReferenceTables& tables);

  PersonName Generate(Rng& rng, bool hispanic, bool female) const;
  // A nickname of the person's given name: a Spanish hypocorism for a
  // Hispanic given name when one exists, else one from nicknames.csv; ""
  // when there is none.
  std::string Nickname(Rng& rng, const PersonName& name) const;
  // A random full name for an official (no particles, no accents).
  std::pair<std::string, std::string> OfficialName(Rng& rng) const;
  // A surname drawn by frequency (used for agent names in reasons).
  const std::string& RandomSurname(Rng& rng) const;
  // "DELACRUZ" -> "DE LA CRUZ"; the input when no particle is found.
  std::string RestoreParticle(const std::string& surname) const;

 private:
  std::string DrawFirst(Rng& rng, bool hispanic_list, bool female) const;

  const ReferenceTables& tables_;
  WeightedSampler hispanic_surnames_;
  WeightedSampler other_surnames_;
  WeightedSampler all_surnames_;
  std::vector<size_t> first_index_[2][2];  // [hispanic][female] -> row
  WeightedSampler first_sampler_[2][2];
  std::vector<std::pair<std::string, std::string>> particle_forms_;  // sorted
  WeightedSampler compound_sampler_[2];                              // [female]
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_NAME_GENERATOR_H_
