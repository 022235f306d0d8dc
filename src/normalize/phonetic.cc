#include "normalize/phonetic.h"

namespace taxgate::normalize {
namespace {

// Soundex digit of an upper-case letter; '0' for vowels and Y, 'h' for H/W.
char Code(char c) {
  switch (c) {
    case 'B':
    case 'F':
    case 'P':
    case 'V':
      return '1';
    case 'C':
    case 'G':
    case 'J':
    case 'K':
    case 'Q':
    case 'S':
    case 'X':
    case 'Z':
      return '2';
    case 'D':
    case 'T':
      return '3';
    case 'L':
      return '4';
    case 'M':
    case 'N':
      return '5';
    case 'R':
      return '6';
    case 'H':
    case 'W':
      return 'h';
    default:
      return '0';
  }
}

}  // namespace

std::string Soundex(std::string_view s) {
  std::string out;
  char last = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') continue;
    char code = Code(c);
    if (out.empty()) {
      out.push_back(c);
      last = code;
      continue;
    }
    if (code == 'h') continue;  // H and W: transparent
    if (code == '0') {
      last = '0';  // vowels separate equal codes
      continue;
    }
    if (code != last) out.push_back(code);
    last = code;
    if (out.size() == 4) break;
  }
  if (out.empty()) return out;
  while (out.size() < 4) out.push_back('0');
  return out;
}

}  // namespace taxgate::normalize
