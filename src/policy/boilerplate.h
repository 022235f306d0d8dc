// Reasons: when is the reason of a request missing, and when is it
// boilerplate (LAW.md, REASON_MISSING / REASON_NOT_SPECIFIC).
//
// NormalizeReason is exactly LAW.md's normalization:
//   1. lower case (ASCII, and the Latin-1 letters À..Þ in UTF-8);
//   2. every run of digits removed ("CR-1064" -> "cr-");
//   3. runs of spaces and punctuation made one space, ends trimmed
//      (punctuation = every ASCII character that is not a letter or digit;
//      non-ASCII characters are letters);
//   4. the subject's given, middle and last names removed as whole words:
//      each name field is split into words by the same steps
//      ("Garcia-Lopez" -> "garcia", "lopez"), and every reason word equal to
//      one of them is dropped.
// Two reasons are the same when their normalized forms are equal (exact, not
// fuzzy). Pure functions, thread-safe.
#ifndef TAXGATE_POLICY_BOILERPLATE_H_
#define TAXGATE_POLICY_BOILERPLATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "domain/request.h"

namespace taxgate::policy {

// Steps 1-4 above.
std::string NormalizeReason(std::string_view reason,
                            const domain::PersonQuery& subject);
// Steps 1-3 only, split into words.
std::vector<std::string> NormalizedWords(std::string_view text);

// True when no reason is given: the text is empty or blank, has nothing left
// after normalization (only digits and punctuation: "123", "-"), or is a
// placeholder ("N/A", "none", "TBD", "unknown", "see above", "x").
// REASON_MISSING; such a reason never counts as boilerplate.
bool ReasonIsMissing(std::string_view reason,
                     const domain::PersonQuery& subject);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_BOILERPLATE_H_
