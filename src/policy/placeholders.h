// Placeholders: the text agencies put in a field when they do not know its
// value ("N/A", "UNKNOWN", "Failed to Provide", "Desconocido", "See
// attached"). LAW.md treats a placeholder as no value at all: a placeholder
// name is NAME_MISSING, a placeholder address ADDRESS_NOT_REAL, a
// placeholder case number CASE_MISSING, a placeholder reason REASON_MISSING,
// a placeholder statute STATUTE_MISSING, placeholder periods
// TAX_PERIOD_MISSING.
//
// The lists are data in the policy file ([placeholders], in English,
// Spanish, Portuguese, French, German and Chinese at least), one list per
// kind; each is compared after the text layer (phrase_list.h), so one entry
// matches every spelling, script, case and accent of it.
//
// Pure, thread-safe.
#ifndef TAXGATE_POLICY_PLACEHOLDERS_H_
#define TAXGATE_POLICY_PLACEHOLDERS_H_

#include <string_view>
#include <vector>

#include "policy/phrase_list.h"

namespace taxgate::policy {

struct PlaceholderLists {
  PhraseList any;           // every field, names included ("UNKNOWN", "N/A")
  PhraseList fields;        // every field but names ("NA", "None", "Null":
                            // also real names)
  PhraseList names;         // "FNU", "NO NAME", "JOHN DOE", "BABY BOY"
  PhraseList whole_names;   // only as the whole name ("NA")
  PhraseList addresses;     // "Homeless", "General Delivery", "Anytown"
  PhraseList reasons;       // "See attached", "Ver adjunto", "No reason"
  PhraseList reason_words;  // what a pointer may point at ("memo", "file")
  PhraseList cases;         // "No case number", "Pending"
  PhraseList statutes;      // "Pending", "Various"
  PhraseList periods;       // "All years"? no: only "N/A"-like words
};

enum class FieldKind { kName, kAddress, kReason, kCase, kStatute, kPeriod };

// True when `field` says "no value" for a field of `kind`: it is empty after
// the text rules; or its words are nothing but placeholders of the lists
// that apply (any + the kind's own; every kind but names also `fields`;
// fillers "x", "xxx", "zzzz" everywhere); or it is a short label and a
// placeholder ("Reason: N/A", "Case #: TBD", "Name:").
bool IsPlaceholder(const PlaceholderLists& lists, FieldKind kind,
                   std::string_view field);

// Words(Fold(field)): the words the lists are compared with.
Words FieldWords(std::string_view field);

// The readings of `words` a placeholder check tries: the words themselves,
// then, when some word mixes letters with the digits 0 or 1 ("UNKN0WN",
// "N0NE", "NU11", "N1L"), the same words with each 0 read as o and each 1
// as l or as i, every choice of them (ASCII look-alikes of UTS #39, which
// text::Fold leaves alone since digits in addresses and case numbers are
// real). A word of digits only ("2024") is never read as letters.
std::vector<Words> Readings(const Words& words);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_PLACEHOLDERS_H_
