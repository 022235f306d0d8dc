// Text folding for matching: any script to upper-case ASCII.
//
// FoldToAscii transliterates with ICU ("Any-Latin; Latin-ASCII; Upper"), so
// "José Núñez" becomes "JOSE NUNEZ", "Müller" becomes "MULLER" and Cyrillic
// or Greek names are romanised. ASCII input takes a fast path that does not
// touch ICU. CleanName keeps letters, digits and single spaces: hyphens,
// slashes and commas become spaces, apostrophes and periods vanish
// ("O'Brien" -> "OBRIEN", "Garcia-Lopez" -> "GARCIA LOPEZ").
//
// Thread-safe: each thread uses its own ICU transliterator, created on first
// use (ICU transliterators must not be shared between threads).
#ifndef TAXGATE_NORMALIZE_TEXT_H_
#define TAXGATE_NORMALIZE_TEXT_H_

#include <string>
#include <string_view>

namespace taxgate::normalize {

// Upper-case ASCII transliteration of UTF-8 `s` (invalid UTF-8 bytes are
// dropped by ICU's conversion).
std::string FoldToAscii(std::string_view s);

// FoldToAscii, then only [A-Z0-9] and single spaces; trimmed.
// `keep` lists extra ASCII characters to keep as they are (e.g. "#").
std::string CleanText(std::string_view s, std::string_view keep = "");

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_TEXT_H_
