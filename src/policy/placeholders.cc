#include "policy/placeholders.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "text/text.h"

namespace taxgate::policy {
namespace {

// Readings kept at most (the combinations of a long field stop there).
constexpr size_t kMaxReadings = 300;

bool AllDigits(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

bool HasLetterByte(const std::string& w) {
  return std::any_of(w.begin(), w.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
  });
}

// A word that mixes letters with the digits 0 or 1 ("unkn0wn", "nu11").
bool MixesLookAlikeDigits(const std::string& w) {
  return HasLetterByte(w) && std::any_of(w.begin(), w.end(), [](char c) {
           return c == '0' || c == '1';
         });
}

// Damerau-Levenshtein distance of at most one: one letter added, dropped,
// changed, or two neighbours swapped.
bool OneSlipApart(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() > b.size()) std::swap(a, b);
  const size_t n = a.size(), m = b.size();
  if (m - n > 1) return false;
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  if (n == m) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // changed
    return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // swapped
  }
  return a.substr(i) == b.substr(i + 1);  // added or dropped
}

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

// The words that may stand beside a placeholder of `kind`; null when none
// may (tax periods: "2023; TBD" names a year and is invalid, not missing).
const PhraseList* CompanionsFor(const PlaceholderLists& l, FieldKind kind) {
  switch (kind) {
    case FieldKind::kName:
      return &l.name_words;
    case FieldKind::kReason:
      return &l.reason_words;
    case FieldKind::kCase:
      return &l.case_words;
    case FieldKind::kStatute:
      return &l.statute_words;
    case FieldKind::kAddress:
    case FieldKind::kPeriod:
      return nullptr;
  }
  return nullptr;
}

bool WordsArePlaceholder(const PlaceholderLists& l, FieldKind kind,
                         const Words& words) {
  std::vector<const PhraseList*> lists = ListsFor(l, kind);
  // A one-letter name ("O", a Korean surname) is no filler; "XX" is.
  const size_t filler = kind == FieldKind::kName ? 2 : 1;
  if (Covers(lists, words, filler)) return true;
  const PhraseList* companions = CompanionsFor(l, kind);
  if (companions == nullptr) return false;
  return PlaceholderWithCompanions(lists, companions, words, filler);
}

// True when words[i, i+len) are single letters with another single letter
// right before or after them.
bool InsideInitials(const Words& words, size_t i, size_t len) {
  for (size_t k = i; k < i + len; ++k) {
    if (words[k].size() != 1) return false;
  }
  return (i > 0 && words[i - 1].size() == 1) ||
         (i + len < words.size() && words[i + len].size() == 1);
}

// Case numbers that name no matter although no list holds them: words of
// the case vocabulary only, with no digit ("Criminal case", "CR-",
// "Investigation"), or numbers that are all zeros ("0000", "00-000").
bool CaseNamesNoMatter(const PlaceholderLists& l, const Words& words) {
  bool digit = false, zeros_only = true;
  for (const auto& w : words) {
    for (char c : w) {
      if (c >= '0' && c <= '9') {
        digit = true;
        if (c != '0') zeros_only = false;
      }
    }
    if (!AllDigits(w)) zeros_only = false;
  }
  if (digit) return zeros_only;
  return Covers({&l.case_words}, words, 0);
}

}  // namespace

Words FieldWords(std::string_view field) { return text::FoldedWords(field); }

bool PlaceholderWithCompanions(const std::vector<const PhraseList*>& lists,
                               const PhraseList* companions, const Words& words,
                               size_t filler_min_length, bool single_letters) {
  const size_t n = words.size();
  if (n == 0) return false;
  // reach[i][h]: words[0, i) are covered, with (h = 1) or without a
  // placeholder among them.
  std::vector<std::array<bool, 2>> reach(n + 1, {false, false});
  reach[0][0] = true;
  for (size_t i = 0; i < n; ++i) {
    for (int h = 0; h < 2; ++h) {
      if (!reach[i][h]) continue;
      const std::string& w = words[i];
      if (AllDigits(w) || (single_letters && w.size() == 1)) {
        reach[i + 1][h] = true;
      }
      if (filler_min_length > 0 && w.size() >= filler_min_length &&
          IsFillerWord(w)) {
        reach[i + 1][1] = true;
      }
      if (companions != nullptr) {
        for (size_t len = 1; len <= companions->max_words() && i + len <= n;
             ++len) {
          if (companions->Has(words, i, len)) reach[i + len][h] = true;
        }
      }
      for (const PhraseList* list : lists) {
        for (size_t len = 1; len <= list->max_words() && i + len <= n; ++len) {
          // A placeholder that is also a companion ("no" in "No. 12") is
          // only a companion; one of single letters inside a longer run of
          // them is part of an abbreviation ("N.A." in "I.N.A. § 237").
          if (list->Has(words, i, len) &&
              !(companions != nullptr && companions->Has(words, i, len)) &&
              !InsideInitials(words, i, len)) {
            reach[i + len][1] = true;
          }
        }
      }
    }
  }
  return reach[n][1];
}

std::vector<Words> Readings(const PlaceholderLists& l, const Words& words,
                            FieldKind kind) {
  std::vector<Words> out = {words};
  auto add = [&out](Words w) {
    if (w.empty() || out.size() >= kMaxReadings) return;
    if (std::find(out.begin(), out.end(), w) == out.end()) {
      out.push_back(std::move(w));
    }
  };
  // Each step reads every reading so far once more.
  auto step = [&](const auto& read_one) {
    const size_t known = out.size();
    for (size_t k = 0; k < known; ++k) {
      for (Words& w : read_one(out[k])) add(std::move(w));
    }
  };

  // Digits for look-alike letters: each 0 an o, each 1 an l or an i (every
  // choice for up to eight ones; past that all l or all i).
  step([](const Words& in) {
    std::vector<Words> reads;
    // Beside words of letters, a short word of zeros and ones may be letters
    // too ("N0 10 SE" for "no lo se").
    const bool letters = std::any_of(
        in.begin(), in.end(), [](const auto& w) { return HasLetterByte(w); });
    auto look_alike = [letters](const std::string& w) {
      if (MixesLookAlikeDigits(w)) return true;
      return letters && w.size() <= 3 &&
             std::all_of(w.begin(), w.end(),
                         [](char c) { return c == '0' || c == '1'; });
    };
    // (Most fields have none: nothing is copied for them.)
    if (std::none_of(in.begin(), in.end(), look_alike)) return reads;
    std::vector<std::pair<size_t, size_t>> ones;
    Words base = in;
    for (size_t k = 0; k < base.size(); ++k) {
      if (!look_alike(in[k])) continue;
      for (size_t at = 0; at < base[k].size(); ++at) {
        if (base[k][at] == '0') base[k][at] = 'o';
        if (base[k][at] == '1') ones.emplace_back(k, at);
      }
    }
    const bool every = ones.size() <= 8;
    const size_t choices = every ? size_t{1} << ones.size() : 2;
    for (size_t mask = 0; mask < choices; ++mask) {
      Words read = base;
      for (size_t j = 0; j < ones.size(); ++j) {
        bool as_i = every ? ((mask >> j) & 1) != 0 : mask == 1;
        read[ones[j].first][ones[j].second] = as_i ? 'i' : 'l';
      }
      reads.push_back(std::move(read));
    }
    return reads;
  });

  // Names hold no digits: "Unknown2", "TEST1", "Doe 1".
  if (kind == FieldKind::kName) {
    step([](const Words& in) {
      Words read;
      for (const auto& w : in) {
        std::string kept;
        for (char c : w) {
          if (c < '0' || c > '9') kept.push_back(c);
        }
        if (!kept.empty()) read.push_back(std::move(kept));
      }
      std::vector<Words> reads;
      if (read != in) reads.push_back(std::move(read));
      return reads;
    });
  }

  // Letters spelled apart, joined: runs of two or more one-letter words.
  step([](const Words& in) {
    std::vector<Words> reads;
    auto letter = [](const std::string& w) {
      return w.size() == 1 && HasLetterByte(w);
    };
    bool any_run = false;
    for (size_t k = 0; k + 1 < in.size() && !any_run; ++k) {
      any_run = letter(in[k]) && letter(in[k + 1]);
    }
    if (!any_run) return reads;
    Words read;
    bool joined = false;
    for (size_t k = 0; k < in.size();) {
      size_t e = k;
      while (e < in.size() && in[e].size() == 1 && HasLetterByte(in[e])) ++e;
      if (e - k >= 2) {
        std::string w;
        for (size_t j = k; j < e; ++j) w += in[j];
        read.push_back(std::move(w));
        joined = true;
        k = e;
      } else {
        read.push_back(in[k]);
        ++k;
      }
    }
    if (joined) reads.push_back(std::move(read));
    return reads;
  });

  // A field of two or three words, joined into one ("UN KNOWN").
  step([](const Words& in) {
    std::vector<Words> reads;
    if (in.size() < 2 || in.size() > 3) return reads;
    std::string w;
    for (const auto& part : in) w += part;
    reads.push_back({w});
    return reads;
  });

  // A one-letter gender ending after a word ("Desconocido/a").
  step([](const Words& in) {
    std::vector<Words> reads;
    if (in.size() < 2) return reads;
    auto ending = [&in](size_t k) {
      return k > 0 && (in[k] == "a" || in[k] == "o") && in[k - 1].size() >= 4 &&
             (in[k - 1].back() == 'o' || in[k - 1].back() == 'a');
    };
    bool any = false;
    for (size_t k = 1; k < in.size() && !any; ++k) any = ending(k);
    if (!any) return reads;
    Words read;
    for (size_t k = 0; k < in.size(); ++k) {
      if (!ending(k)) read.push_back(in[k]);
    }
    reads.push_back(std::move(read));
    return reads;
  });

  // One typing slip from a misspellable word.
  if (!l.misspellable.empty()) {
    step([&l](const Words& in) {
      std::vector<Words> reads;
      std::optional<Words> read;  // copied at the first slip found
      for (size_t k = 0; k < in.size(); ++k) {
        if (in[k].size() < 5) continue;
        for (const std::string& e : l.misspellable.phrases()) {
          if (e != in[k] && OneSlipApart(in[k], e)) {
            if (!read) read = in;
            (*read)[k] = e;
            break;
          }
        }
      }
      if (read) reads.push_back(std::move(*read));
      return reads;
    });
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
  if (kind == FieldKind::kCase && CaseNamesNoMatter(l, words)) return true;
  for (const Words& read : Readings(l, words, kind)) {
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
  for (const Words& read : Readings(l, after, kind)) {
    if (WordsArePlaceholder(l, kind, read)) return true;
  }
  return false;
}

}  // namespace taxgate::policy
