#include "policy/boilerplate.h"

#include <algorithm>

#include "common/strings.h"
#include "policy/placeholder.h"

namespace taxgate::policy {

std::vector<std::string> NormalizedWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') continue;  // digits removed, not separators
    if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
    } else if (c >= 'a' && c <= 'z') {
      word += static_cast<char>(c);
    } else if (c == 0xC3 && i + 1 < text.size()) {
      // Latin-1 capitals U+00C0..U+00DE (except U+00D7) in UTF-8: C3 80..9E.
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) d += 0x20;
      word += static_cast<char>(c);
      word += static_cast<char>(d);
      ++i;
    } else if (c >= 0x80) {
      word += static_cast<char>(c);
    } else {
      flush();  // space or punctuation
    }
  }
  flush();
  return words;
}

std::string NormalizeReason(std::string_view reason,
                            const domain::PersonQuery& subject) {
  std::vector<std::string> names;
  for (const std::string* field :
       {&subject.first_name, &subject.middle_name, &subject.last_name}) {
    for (auto& w : NormalizedWords(*field)) names.push_back(std::move(w));
  }
  std::string out;
  for (const auto& w : NormalizedWords(reason)) {
    if (std::find(names.begin(), names.end(), w) != names.end()) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

bool ReasonIsMissing(std::string_view reason,
                     const domain::PersonQuery& subject) {
  if (Trim(reason).empty()) return true;
  if (NormalizeReason(reason, subject).empty()) return true;
  return IsPlaceholderValue(reason);
}

}  // namespace taxgate::policy
