// Phonetic codes for blocking and for the "sounds alike" comparison level.
//
// Soundex (the US Census / NARA form: first letter kept, H and W do not
// separate equal codes, vowels do, padded to four characters). Input is
// folded ASCII; characters other than A-Z are skipped. Empty input gives "".
// Pure, thread-safe.
#ifndef TAXGATE_NORMALIZE_PHONETIC_H_
#define TAXGATE_NORMALIZE_PHONETIC_H_

#include <string>
#include <string_view>

namespace taxgate::normalize {

std::string Soundex(std::string_view s);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_PHONETIC_H_
