#include "policy/placeholder.h"

#include <set>

#include "common/strings.h"

namespace taxgate::policy {
namespace {

// Words that on their own say "no value".
const std::set<std::string, std::less<>>& PlaceholderWords() {
  static const std::set<std::string, std::less<>> kWords = {
      // English
      // (Not "BLANK", "NIL", "NADA", "TEST", "SAME": real names too.)
      "NA", "NONE", "NULL", "UNKNOWN", "UNK", "UNKN", "TBD", "TBA", "TBC",
      "REFUSED", "DECLINED", "REDACTED", "WITHHELD", "EMPTY", "MISSING",
      "PLACEHOLDER", "DUMMY", "FAKE", "INVALID", "DEFAULT", "ASDF", "QWERTY",
      "UNAVAILABLE", "UNSPECIFIED", "UNLISTED", "UNDISCLOSED", "UNDETERMINED",
      "NOTAPPLICABLE", "NOTPROVIDED", "NONAME", "FNU", "LNU", "NFN", "NLN",
      "NMN",
      // Spanish
      "DESCONOCIDO", "DESCONOCIDA", "NINGUNO", "NINGUNA",
      // French, Portuguese
      "INCONNU", "INCONNUE", "AUCUN", "AUCUNE", "DESCONHECIDO", "DESCONHECIDA",
      "NENHUM"};
  return kWords;
}

// Phrases that on their own say "no value".
const std::vector<std::string>& PlaceholderPhrases() {
  static const std::vector<std::string> kPhrases = {"N A",
                                                    "NOT APPLICABLE",
                                                    "NOT AVAILABLE",
                                                    "NOT PROVIDED",
                                                    "NOT GIVEN",
                                                    "NOT STATED",
                                                    "NOT KNOWN",
                                                    "NOT SPECIFIED",
                                                    "NOT ON FILE",
                                                    "NO DATA",
                                                    "NO INFO",
                                                    "NO INFORMATION",
                                                    "NO VALUE",
                                                    "DONT KNOW",
                                                    "DO NOT KNOW",
                                                    "DONT CARE",
                                                    "DO NOT CARE",
                                                    "FAILED TO PROVIDE",
                                                    "FAIL TO PROVIDE",
                                                    "DID NOT PROVIDE",
                                                    "NONE GIVEN",
                                                    "NONE PROVIDED",
                                                    "SEE ABOVE",
                                                    "SAME AS ABOVE",
                                                    "SEE FILE",
                                                    "ON FILE",
                                                    "SEE ATTACHED",
                                                    "TO BE DETERMINED",
                                                    "NO SE SABE",
                                                    "NO APLICA",
                                                    "NO DISPONIBLE",
                                                    "NO PROPORCIONADO",
                                                    "NO TIENE",
                                                    "SIN DATOS",
                                                    "SIN INFORMACION",
                                                    "NAO SABE",
                                                    "NON DISPONIBLE",
                                                    "NON APPLICABLE"};
  return kPhrases;
}

// "X", "XX", "XXX" (any run of X), or any letter repeated three or more
// times ("ZZZ", "AAAA"); not "AA", a USPS state code (Armed Forces Americas).
bool IsFillerWord(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (c != w[0] || c < 'A' || c > 'Z') return false;
  }
  return w[0] == 'X' || w.size() >= 3;
}

}  // namespace

std::string PlaceholderKey(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\'' || c == '.' || c == '/' || c == '`') continue;
    // U+2019 RIGHT SINGLE QUOTATION MARK (E2 80 99), a typographic apostrophe
    if (c == 0xE2 && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x99) {
      i += 2;
      continue;
    }
    bool word_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                     (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!word_char) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A')
                                  : static_cast<char>(c);
  }
  return out;
}

bool ContainsWords(std::string_view key, std::string_view phrase) {
  if (phrase.empty()) return false;
  size_t pos = 0;
  while ((pos = key.find(phrase, pos)) != std::string_view::npos) {
    bool start_ok = pos == 0 || key[pos - 1] == ' ';
    size_t end = pos + phrase.size();
    bool end_ok = end == key.size() || key[end] == ' ';
    if (start_ok && end_ok) return true;
    ++pos;
  }
  return false;
}

bool IsPlaceholderValue(std::string_view text) {
  std::string key = PlaceholderKey(text);
  if (key.empty()) return true;
  for (const auto& p : PlaceholderPhrases()) {
    if (key == p) return true;
  }
  for (const auto& w : SplitWords(key)) {
    if (PlaceholderWords().count(w) == 0 && !IsFillerWord(w)) return false;
  }
  return true;
}

}  // namespace taxgate::policy
