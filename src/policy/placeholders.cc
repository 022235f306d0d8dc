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

std::vector<Words> Readings(const Words& words) {
  std::vector<Words> out = {words};
  auto mixed = [](const std::string& w) {
    bool letter = false, look_alike = false;
    for (char c : w) {
      if (c == '0' || c == '1') look_alike = true;
      if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) {
        letter = true;
      }
    }
    return letter && look_alike;
  };
  // Where a 1 stands in a word that mixes: each may be an l or an i.
  std::vector<std::pair<size_t, size_t>> ones;
  bool any = false;
  for (size_t k = 0; k < words.size(); ++k) {
    if (!mixed(words[k])) continue;
    any = true;
    for (size_t at = 0; at < words[k].size(); ++at) {
      if (words[k][at] == '1') ones.emplace_back(k, at);
    }
  }
  if (!any) return out;
  Words base = words;
  for (auto& w : base) {
    if (!mixed(w)) continue;
    for (char& c : w) {
      if (c == '0') c = 'o';
    }
  }
  // Every choice of l or i for up to 6 ones ("N1L", "NU11"); past that,
  // all l or all i.
  const bool every = ones.size() <= 6;
  const size_t choices = every ? size_t{1} << ones.size() : 2;
  for (size_t mask = 0; mask < choices; ++mask) {
    Words read = base;
    for (size_t j = 0; j < ones.size(); ++j) {
      bool as_i = every ? ((mask >> j) & 1) != 0 : mask == 1;
      read[ones[j].first][ones[j].second] = as_i ? 'i' : 'l';
    }
    out.push_back(std::move(read));
  }
  return out;
}

bool IsPlaceholder(const PlaceholderLists& l, FieldKind kind,
                   std::string_view field) {
  // Folded from the field as written (text::Fold maps look-alikes before
  // NFKC could turn them into other letters).
  std::string folded = text::Fold(field);
  Words words = text::Words(folded);
  if (words.empty()) return true;
  for (const Words& read : Readings(words)) {
    if (WordsArePlaceholder(l, kind, read)) return true;
  }
  // "Reason: N/A", "Case #: TBD", "Statute:": a short label, then nothing
  // or a placeholder.
  size_t colon = folded.rfind(':');
  if (colon == std::string::npos) return false;
  Words label = text::Words(folded.substr(0, colon));
  if (label.empty() || label.size() > 3) return false;
  Words after = text::Words(folded.substr(colon + 1));
  if (after.empty()) return true;
  for (const Words& read : Readings(after)) {
    if (WordsArePlaceholder(l, kind, read)) return true;
  }
  return false;
}

}  // namespace taxgate::policy
