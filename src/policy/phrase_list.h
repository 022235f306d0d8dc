// PhraseList: a list of words and phrases as counsel wrote them in the
// policy file (placeholders, pointer phrases, purposes), compared with the
// words of a field after the text layer (text::Fold, text::Words), so a
// phrase matches whatever its spelling, script, case or accents.
//
//   Covers(words)   the field is nothing but phrases of the list, one after
//                   another ("N/A", "NA NA", "unknown unknown"; "see attached
//                   memo" when "memo" is an allowed filler);
//   Contains(words) a phrase occurs as consecutive whole words.
//
// Filler words: runs of "x" ("x", "xxx") and a letter repeated four or more
// times ("zzzz") count as placeholders wherever a list is consulted with
// `fillers` true.
//
// Immutable after construction; thread-safe.
#ifndef TAXGATE_POLICY_PHRASE_LIST_H_
#define TAXGATE_POLICY_PHRASE_LIST_H_

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace taxgate::policy {

using Words = std::vector<std::string>;

class PhraseList {
 public:
  PhraseList() = default;
  // Each entry is folded and split into words; entries with no word are
  // ignored.
  explicit PhraseList(const std::vector<std::string>& entries);

  // The entries as written (for messages and docs).
  const std::vector<std::string>& entries() const { return entries_; }
  // The entries folded, words joined by one space.
  const std::set<std::string, std::less<>>& phrases() const { return phrases_; }
  bool empty() const { return phrases_.empty(); }

  // True when the phrase of words[begin, begin+len) is in the list.
  bool Has(const Words& words, size_t begin, size_t len) const;
  // True when `words` has one of the phrases as consecutive whole words.
  // With `skip_initials`, phrases of single letters only ("N/A" as "n a")
  // are not looked for (inside a street line "1 N A St" is no placeholder).
  bool Contains(const Words& words, bool skip_initials = false) const;
  // The longest phrase starting at words[begin] (0 when none).
  size_t MatchAt(const Words& words, size_t begin) const;
  size_t max_words() const { return max_words_; }

 private:
  // Looked up by a string_view, without making a string.
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };
  using Lookup = std::unordered_set<std::string, ViewHash, std::equal_to<>>;

  std::vector<std::string> entries_;
  std::set<std::string, std::less<>> phrases_;  // words joined by ' '
  Lookup lookup_;                               // the same phrases, for Has
  Lookup first_words_;  // the first word of each phrase of several words
  size_t max_words_ = 0;
};

// True when `words` is not empty and is covered, from first word to last,
// by phrases of the lists and, when `filler_min_length` > 0, filler words
// of at least that length ("x" counts with 1, only "xx" and longer with 2).
bool Covers(const std::vector<const PhraseList*>& lists, const Words& words,
            size_t filler_min_length);

// True when `word` is a filler ("x", "xxx", "zzzz").
bool IsFillerWord(std::string_view word);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_PHRASE_LIST_H_
