#include "policy/phrase_list.h"

#include "text/text.h"

namespace taxgate::policy {
namespace {

// words[begin, begin+len) joined by one space, into *out (its buffer kept).
void JoinInto(const Words& w, size_t begin, size_t len, std::string* out) {
  out->clear();
  for (size_t i = begin; i < begin + len; ++i) {
    if (i > begin) out->push_back(' ');
    *out += w[i];
  }
}

}  // namespace

PhraseList::PhraseList(const std::vector<std::string>& entries)
    : entries_(entries) {
  for (const auto& e : entries) {
    Words w = text::FoldedWords(e);
    if (w.empty()) continue;
    std::string phrase;
    JoinInto(w, 0, w.size(), &phrase);
    lookup_.insert(phrase);
    phrases_.insert(std::move(phrase));
    if (w.size() > 1) first_words_.insert(w[0]);
    if (w.size() > max_words_) max_words_ = w.size();
  }
}

bool PhraseList::Has(const Words& words, size_t begin, size_t len) const {
  if (len == 0 || len > max_words_ || begin + len > words.size()) return false;
  if (len == 1)
    return lookup_.find(std::string_view(words[begin])) != lookup_.end();
  // Called for every span of every field: most spans start with no
  // phrase's first word, and the others are joined in a buffer the thread
  // keeps, not a new string each time.
  if (first_words_.find(std::string_view(words[begin])) == first_words_.end()) {
    return false;
  }
  thread_local std::string phrase;
  JoinInto(words, begin, len, &phrase);
  return lookup_.find(std::string_view(phrase)) != lookup_.end();
}

size_t PhraseList::MatchAt(const Words& words, size_t begin) const {
  for (size_t len = std::min(max_words_, words.size() - begin); len > 0;
       --len) {
    if (Has(words, begin, len)) return len;
  }
  return 0;
}

bool PhraseList::Contains(const Words& words, bool skip_initials) const {
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t len = 1; len <= max_words_ && i + len <= words.size(); ++len) {
      if (!Has(words, i, len)) continue;
      if (!skip_initials) return true;
      for (size_t k = i; k < i + len; ++k) {
        if (words[k].size() > 1) return true;
      }
    }
  }
  return false;
}

bool IsFillerWord(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (c != w[0] || c < 'a' || c > 'z') return false;
  }
  return w[0] == 'x' || w.size() >= 4;
}

bool Covers(const std::vector<const PhraseList*>& lists, const Words& words,
            size_t filler_min_length) {
  if (words.empty()) return false;
  const size_t n = words.size();
  // reach[i]: words[0, i) are covered.
  std::vector<bool> reach(n + 1, false);
  reach[0] = true;
  for (size_t i = 0; i < n; ++i) {
    if (!reach[i]) continue;
    if (filler_min_length > 0 && words[i].size() >= filler_min_length &&
        IsFillerWord(words[i])) {
      reach[i + 1] = true;
    }
    for (const PhraseList* l : lists) {
      for (size_t len = 1; len <= l->max_words() && i + len <= n; ++len) {
        if (l->Has(words, i, len)) reach[i + len] = true;
      }
    }
  }
  return reach[n];
}

}  // namespace taxgate::policy
