// The text layer: how every rule reads a field of a request before judging
// it (LAW.md, "How the text of a request is read"). One implementation,
// used by every statute rule; no rule keeps a private copy.
//
// Step 1, Clean(): Unicode NFKC (full-width letters and digits become ASCII
// ones, ligatures split, vulgar fractions become "1/2" after a space, so
// "123½" reads "123 1/2"); default-ignorable, format and control characters
// removed (zero-width spaces and joiners, soft hyphens, bidi marks, BOMs);
// every Unicode space and line break a plain space; every dash, hyphen and
// minus a hyphen; every apostrophe-like mark "'", every quotation mark '"';
// fraction and division slashes '/'; decimal digits of any script ASCII
// digits; runs of spaces one space; trimmed. A field with no letter or digit
// left ("—", "…", NBSP, an emoji) is empty.
//
// Step 2, Fold(): for comparison with lists of words (placeholders, statute
// markers, purposes, reasons, names of the same person): Clean(), accents
// removed (NFD without non-spacing marks), and spacing and enclosing marks
// too unless they follow a letter of a script other than Latin (a stray
// "ः" or "⃝" glued to a Latin word does not make it another word; the
// vowel signs of Devanagari or Tamil words stay), letters mapped to their
// Unicode TS #39 confusable prototype (uspoof_getSkeleton) when that prototype
// is ASCII, full case folding, other Latin letters transliterated to ASCII
// ("ø" -> "o", "ł" -> "l"), ASCII lower case. ASCII characters are never
// remapped (a digit stays a digit, so statutes, house numbers and years
// keep their meaning); only characters outside ASCII are folded onto the
// ASCII letters they look like: "Unknоwn" with a Cyrillic о, "ＵＮＫＮＯＷＮ"
// and "unknówn" all fold to "unknown". Letters of other scripts that look
// like no ASCII letter ("李娜", "Петров") stay as they are, folded.
//
// Words() splits a folded text into words for list comparisons: runs of
// letters and digits, an apostrophe inside a word joining ("don't" ->
// "dont"), each Han or kana character a word of its own (those scripts put
// no spaces between words); everything else separates.
//
// Pure functions, thread-safe (ICU objects are per thread or const).
#ifndef TAXGATE_TEXT_TEXT_H_
#define TAXGATE_TEXT_TEXT_H_

#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace taxgate::text {

// Calls f(code_point, bytes) for each code point of the UTF-8 text `s`, with
// the bytes that encode it; an invalid sequence gives a negative code point.
template <typename F>
void ForEachCodePoint(std::string_view s, F&& f) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    f(c, s.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
}

// LAW.md step 1 (above). Invalid UTF-8 is dropped.
std::string Clean(std::string_view s);

// True when Clean(s) is empty: nothing was written, in the law's sense.
bool IsBlank(std::string_view s);

// LAW.md step 2 (above): Clean, then accents, confusables and case folded.
std::string Fold(std::string_view s);

// The words of a folded text (above).
std::vector<std::string> Words(std::string_view folded);

// Words(Fold(s)).
std::vector<std::string> FoldedWords(std::string_view s);

// An agency code as compared everywhere (LAW.md, "Agencies"): Fold, upper
// case, the spaces removed ("dhs", "DHS", "Ｄ Ｈ Ｓ" -> "DHS").
std::string AgencyCode(std::string_view s);

// True when the text has a letter (any script) / a decimal digit.
bool HasLetter(std::string_view s);
bool HasDigit(std::string_view s);

// True when `s` has a character of the Han, Hiragana, Katakana or Hangul
// scripts (written without spaces between words, or as syllables).
bool HasIdeographs(std::string_view s);

// True when `s` has a letter of a script other than Latin (Cyrillic, Greek,
// Arabic, Han, ...) that Fold could not map onto an ASCII letter. Call it on
// a folded text.
bool HasNonLatinLetter(std::string_view folded);

}  // namespace taxgate::text

#endif  // TAXGATE_TEXT_TEXT_H_
