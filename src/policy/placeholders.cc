#include "policy/placeholders.h"

#include <vector>

#include "text/text.h"

namespace taxgate::policy {
namespace {

std::vector<const PhraseList*> ListsFor(const PlaceholderLists& l,
                                        FieldKind kind) {
  switch (kind) {
    case FieldKind::kName:
      return {&l.any, &l.names};
    case FieldKind::kAddress:
      return {&l.any, &l.fields, &l.addresses};
    case FieldKind::kReason:
      return {&l.any, &l.fields, &l.reasons};
    case FieldKind::kCase:
      return {&l.any, &l.fields, &l.cases};
    case FieldKind::kStatute:
      return {&l.any, &l.fields, &l.statutes};
    case FieldKind::kPeriod:
      return {&l.any, &l.fields, &l.periods};
  }
  return {&l.any};
}

bool WordsArePlaceholder(const PlaceholderLists& l, FieldKind kind,
                         const Words& words) {
  std::vector<const PhraseList*> lists = ListsFor(l, kind);
  // A one-letter name ("O", a Korean surname) is no filler; "XX" is.
  const size_t filler = kind == FieldKind::kName ? 2 : 1;
  if (kind != FieldKind::kReason) return Covers(lists, words, filler);
  // A reason that only points elsewhere ("See attached memo"): pointer
  // phrases and what they point at, but at least one pointer or placeholder.
  if (Covers(lists, words, filler)) return true;
  std::vector<const PhraseList*> with_objects = lists;
  with_objects.push_back(&l.reason_words);
  return Covers(with_objects, words, filler) &&
         !Covers({&l.reason_words}, words, filler);
}

}  // namespace

Words FieldWords(std::string_view field) { return text::FoldedWords(field); }

bool IsPlaceholder(const PlaceholderLists& l, FieldKind kind,
                   std::string_view field) {
  // Folded from the field as written (text::Fold maps look-alikes before
  // NFKC could turn them into other letters).
  std::string folded = text::Fold(field);
  Words words = text::Words(folded);
  if (words.empty()) return true;
  if (WordsArePlaceholder(l, kind, words)) return true;
  // "Reason: N/A", "Case #: TBD", "Statute:": a short label, then nothing
  // or a placeholder.
  size_t colon = folded.rfind(':');
  if (colon == std::string::npos) return false;
  Words label = text::Words(folded.substr(0, colon));
  if (label.empty() || label.size() > 3) return false;
  Words after = text::Words(folded.substr(colon + 1));
  return after.empty() || WordsArePlaceholder(l, kind, after);
}

}  // namespace taxgate::policy
