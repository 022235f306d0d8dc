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
  PhraseList any;             // every field, names included ("UNKNOWN", "N/A")
  PhraseList fields;          // every field but names ("NA", "None", "Null":
                              // also real names)
  PhraseList names;           // "FNU", "NO NAME", "JOHN DOE", "BABY BOY"
  PhraseList whole_names;     // only as the whole name ("NA")
  PhraseList name_words;      // may stand beside a name placeholder ("alias")
  PhraseList addresses;       // "Homeless", "General Delivery", "Anytown"
  PhraseList address_fields;  // only as a whole address field ("City",
                              // "Cell 12", "Overseas")
  PhraseList reasons;         // "See attached", "Ver adjunto", "No reason"
  PhraseList reason_words;    // what a pointer may point at ("memo", "file")
  PhraseList cases;           // "No case number", "Pending"
  PhraseList case_words;      // may stand beside a case placeholder ("CR")
  PhraseList statutes;        // "Pending", "Various"
  PhraseList statute_words;   // may stand beside a statute placeholder
  PhraseList periods;         // "Pending"
  PhraseList misspellable;    // read through one typing slip ("Unknwon")
};

enum class FieldKind { kName, kAddress, kReason, kCase, kStatute, kPeriod };

// True when `field` says "no value" for a field of `kind`: it is empty after
// the text rules; or, in one of its readings (Readings), its words are
// nothing but placeholders of the lists that apply (any + the kind's own;
// every kind but names also `fields`; fillers "x", "xxx", "zzzz"
// everywhere), or placeholders with only the kind's companion words,
// numbers and single letters beside them ("Unknown (alias)", "TBD-001",
// "CR-TBD", "See Exhibit A"); or it is a short label and a placeholder
// ("Reason: N/A", "Case #: TBD", "Name:"). A case number with no digit made
// only of case words ("Criminal case", "CR-") or of zeros ("0000") is none.
bool IsPlaceholder(const PlaceholderLists& lists, FieldKind kind,
                   std::string_view field);

// Words(Fold(field)): the words the lists are compared with.
Words FieldWords(std::string_view field);

// The readings of a field's words a placeholder check tries, the words as
// written first, then each of these (and their combinations):
//   digits written for look-alike letters, in words that mix them, and
//     in short words of zeros and ones beside words of letters: each 0
//     read as o, each 1 as l or i ("UNKN0WN", "N0NE", "NU11", "N0 10 SE";
//     ASCII look-alikes of UTS #39, which text::Fold leaves alone since
//     digits in addresses and case numbers are real);
//   letters spelled apart joined ("U N K N O W N", "X X X"), and a field of
//     two or three words joined ("UN KNOWN", "Un-known");
//   a word one typing slip from a `misspellable` word read as it
//     ("Unknwon");
//   a one-letter gender ending dropped ("Desconocido/a");
//   for names, the digits dropped ("Unknown2", "TEST1": no name has them).
// At most a few hundred readings.
std::vector<Words> Readings(const PlaceholderLists& lists, const Words& words,
                            FieldKind kind);

// True when `words` are placeholders of `lists` beside `companions`,
// numbers and (unless `single_letters` is false) single letters only, with at
// least one placeholder that is not itself a companion ("CR-TBD" with case
// words; "See Exhibit A" with reason words). Fillers ("xxx") count as
// placeholders when `filler_min_length` > 0. `single_letters` false: a
// one-letter word is no companion (in a street line "5 N Street" is an address
// in Washington, D.C.).
bool PlaceholderWithCompanions(const std::vector<const PhraseList*>& lists,
                               const PhraseList* companions, const Words& words,
                               size_t filler_min_length,
                               bool single_letters = true);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_PLACEHOLDERS_H_
