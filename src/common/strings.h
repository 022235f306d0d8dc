// Small string helpers shared by every module: trimming, splitting, ASCII
// case, joining, integer parsing. Pure functions, thread-safe.
#ifndef TAXGATE_COMMON_STRINGS_H_
#define TAXGATE_COMMON_STRINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxgate {

std::string_view Trim(std::string_view s);
// Splits on `sep`; keeps empty pieces ("a;;b" -> {"a","","b"}).
std::vector<std::string> Split(std::string_view s, char sep);
// Splits on runs of ASCII whitespace; no empty pieces.
std::vector<std::string> SplitWords(std::string_view s);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string AsciiUpper(std::string_view s);
std::string AsciiLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Parses a whole string as a base-10 integer; nullopt on anything else.
std::optional<int64_t> ParseInt(std::string_view s);
// Keeps only ASCII digits.
std::string DigitsOnly(std::string_view s);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_STRINGS_H_
