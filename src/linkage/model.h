// Model: the parameters of the Fellegi-Sunter linkage model, as a versioned,
// readable JSON file.
//
// For every comparison (comparison.h) and each of its levels, m_probability
// = P(level | the pair is the same person) and u_probability = P(level |
// different people); a level's match_weight is log2(m / u). lambda
// (probability_two_random_records_match) is the prior that a request and one
// store record, taken at random, are the same person. Term-frequency
// adjustment: for first_name and surname at level "exact", u is replaced by
// the value's frequency in the store (GARCIA weak, ZYLSTRA strong), floored
// at tf_minimum_u.
//
// The match threshold is chosen for a target precision (default 99.9%): a
// request's best candidate is a match only when its posterior probability
// of being the person is at least target_precision, so the expected share
// of right answers among the matches is at least the target too. A model
// file may set match_threshold higher still (never lower); one that gives
// only target_precision gets match_threshold = target_precision.
//
// Decisions (matcher.h) read the thresholds: match when the best
// candidate's probability >= match_threshold and it leads the next
// *different* taxpayer by >= ambiguity_margin bits of match weight (and,
// unless dob, TIN or street address agree, clears the threshold by
// no_identifier_extra_weight bits);
// possible when >= possible_threshold (or ambiguous); else no match.
//
// JSON layout (ModelToJson writes it, ModelFromJson reads it; the faces
// read and write the files):
//   {"version": "...", "lambda": 2e-4, "target_precision": 0.999,
//    "match_threshold": 0.999,
//    "possible_threshold": 0.5, "ambiguity_margin": 6.0,
//    "no_identifier_extra_weight": 10.0,
//    "tf_minimum_u": 1e-6, "tf_adjustment": true,
//    "comparisons": [{"field": "first_name",
//                     "levels": [{"level": "exact",
//                                 "condition": "the same given names ...",
//                                 "agreeing_identifier": false,
//                                 "disagrees": false,
//                                 "m_probability": 0.9,
//                                 "u_probability": 0.01,
//                                 "match_weight": 6.49}, ...]}, ...]}
// "condition", "agreeing_identifier" and "disagrees" describe the level for
// a person reading the file (comparison.h, DescribeLevel); the two flags are
// checked against the program's when read ("condition" is ignored), and all
// three may be left out. "match_weight" is
// written for the reader and ignored when read.
// Value type; thread-safe to read from many threads.
#ifndef TAXGATE_LINKAGE_MODEL_H_
#define TAXGATE_LINKAGE_MODEL_H_

#include <array>
#include <cmath>
#include <string>

#include "common/status.h"
#include "linkage/comparison.h"

namespace taxgate::linkage {

struct LevelParams {
  double m_probability = 0.5;
  double u_probability = 0.5;
};

struct Model {
  // params[field][level]; only the first NumLevels(field) entries are used.
  std::array<std::array<LevelParams, kMaxLevels>, kNumFields> params{};
  double lambda = 1e-6;
  double target_precision = 0.999;  // wanted share of right matches
  double match_threshold = 0.999;   // probability; >= target_precision
  double possible_threshold = 0.5;  // probability
  double ambiguity_margin = 6.0;    // bits of match weight (log2 Bayes factor)
  // When no identifier agrees (date of birth exact, swapped or one digit
  // off; TIN exact or one typo; street address exact or fuzzy), a match
  // needs this many bits of match weight above the match threshold: names
  // and place alone must be overwhelming (a common name in the right ZIP
  // code is not enough). 0 turns the rule off.
  double no_identifier_extra_weight = 10.0;
  bool tf_adjustment = true;
  double tf_minimum_u = 1e-6;
  std::string version = "taxgate-linkage-1";

  // log2(m / u) of one level. REQUIRES: level < NumLevels(field).
  double Weight(int field, int level) const {
    const LevelParams& p = params[field][level];
    return std::log2(p.m_probability / p.u_probability);
  }
  // log2(lambda / (1 - lambda)).
  double PriorWeight() const { return std::log2(lambda / (1.0 - lambda)); }
};

// The model as JSON text / from JSON text. ModelFromJson errors:
// InvalidArgument naming the problem (bad JSON, unknown field or level, a
// probability outside (0, 1], a missing level, thresholds out of range).
std::string ModelToJson(const Model& m);
Result<Model> ModelFromJson(const std::string& text);
// SHA-256 (hex) of ModelToJson(m): names the exact parameters that decided
// a match (every `match` audit entry carries it). Two models with the same
// version but other parameters differ here.
std::string ModelDigest(const Model& m);
// Sensible priors, without training: m and u guessed from typical data
// quality (m) and name, date and address diversity in a large US store (u);
// lambda 1e-7 suits a store of about 10^7 records.
Model DefaultModel();

// Probability from a total match weight (prior included).
inline double WeightToProbability(double w) {
  return 1.0 / (1.0 + std::exp2(-w));
}

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_MODEL_H_
