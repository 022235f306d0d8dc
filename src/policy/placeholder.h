// Placeholder values: the text agencies put in a field when they do not know
// its value ("NA", "N/A", "UNKNOWN", "XXX", "TBD", "Failed to Provide",
// "Desconocido"). LAW.md treats a placeholder as no value at all, so a
// placeholder name is NAME_MISSING, a placeholder address ADDRESS_NOT_REAL,
// a placeholder case number CASE_MISSING and a placeholder reason
// REASON_MISSING.
//
// Comparison is on PlaceholderKey(): ASCII upper case, apostrophes, periods
// and slashes dropped ("Don't" -> "DONT", "N/A" -> "NA", "N.A." -> "NA"),
// every other punctuation mark a space, runs of spaces one space. Pure
// functions over built-in lists, thread-safe.
#ifndef TAXGATE_POLICY_PLACEHOLDER_H_
#define TAXGATE_POLICY_PLACEHOLDER_H_

#include <string>
#include <string_view>
#include <vector>

namespace taxgate::policy {

// The comparison form described above.
std::string PlaceholderKey(std::string_view text);

// True when the whole value says "no value": empty or only punctuation, a
// placeholder word or phrase in English, Spanish, French or Portuguese
// ("UNKNOWN", "NOT PROVIDED", "DESCONOCIDO", "INCONNU"), a value whose every
// word is a placeholder ("NA NA", "UNKNOWN UNKNOWN"), or one letter repeated
// ("X", "XXX", "ZZZZ").
bool IsPlaceholderValue(std::string_view text);

// True when `key` (a PlaceholderKey) contains `phrase` (also a key) as whole
// words.
bool ContainsWords(std::string_view key, std::string_view phrase);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_PLACEHOLDER_H_
