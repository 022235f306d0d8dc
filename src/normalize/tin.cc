#include "normalize/tin.h"

#include "common/strings.h"

namespace taxgate::normalize {

const char* TinMatchName(TinMatch m) {
  switch (m) {
    case TinMatch::kExact:
      return "exact";
    case TinMatch::kTransposition:
      return "transposition";
    case TinMatch::kOneDigit:
      return "one_digit";
    case TinMatch::kDifferent:
      return "different";
  }
  return "different";
}

std::string NormalizeTin(std::string_view tin) { return DigitsOnly(tin); }

bool IsWellFormedTin(std::string_view normalized) {
  if (normalized.size() != 9) return false;
  for (char c : normalized) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

TinMatch CompareTin(std::string_view a, std::string_view b) {
  if (a == b) return TinMatch::kExact;
  if (a.size() != b.size()) return TinMatch::kDifferent;
  int diffs = 0;
  size_t first = 0, second = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      if (diffs == 0) first = i;
      if (diffs == 1) second = i;
      if (++diffs > 2) return TinMatch::kDifferent;
    }
  }
  if (diffs == 1) return TinMatch::kOneDigit;
  if (second == first + 1 && a[first] == b[second] && a[second] == b[first]) {
    return TinMatch::kTransposition;
  }
  return TinMatch::kDifferent;
}

}  // namespace taxgate::normalize
