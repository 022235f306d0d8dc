#include "text/text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace taxgate::text {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool AsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

// Collapses runs of spaces, trims, and empties a text with no letter or
// digit. `out` holds ASCII spaces only as separators.
std::string Finish(std::string in, bool has_alnum) {
  if (!has_alnum) return "";
  std::string out;
  out.reserve(in.size());
  bool space = false;
  for (char c : in) {
    if (c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string CleanAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool alnum = false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      out.push_back(' ');
    } else if (u < 0x20 || u == 0x7F) {
      continue;  // other control characters carry nothing
    } else if (c == '`') {
      out.push_back('\'');
    } else {
      alnum = alnum || AsciiAlnum(c);
      out.push_back(c);
    }
  }
  return Finish(std::move(out), alnum);
}

bool IsVulgarFraction(UChar32 c) {
  return (c >= 0x00BC && c <= 0x00BE) || (c >= 0x2150 && c <= 0x215F) ||
         c == 0x2189;
}

bool IsSingleQuote(UChar32 c) {
  switch (c) {
    case 0x0060:
    case 0x00B4:
    case 0x02B9:
    case 0x02BB:
    case 0x02BC:
    case 0x02BD:
    case 0x02C8:
    case 0x055A:
    case 0x05F3:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x2039:
    case 0x203A:
    case 0xA78C:
    case 0xFF07:
      return true;
    default:
      return false;
  }
}

bool IsDoubleQuote(UChar32 c) {
  switch (c) {
    case 0x00AB:
    case 0x00BB:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0x301D:
    case 0x301E:
    case 0x301F:
    case 0xFF02:
      return true;
    default:
      return false;
  }
}

bool IsDash(UChar32 c) {
  return u_charType(c) == U_DASH_PUNCTUATION || c == 0x2212 || c == 0x2043 ||
         c == 0x2796;
}

bool IsSlash(UChar32 c) { return c == 0x2044 || c == 0x2215 || c == 0x29F8; }

bool IsSpaceLike(UChar32 c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
      c == 0x85) {
    return true;
  }
  // The Braille blank (U+2800) is drawn as a space and used as one to
  // split a word ("Un⠀known").
  if (c == 0x2800) return true;
  int8_t t = u_charType(c);
  return t == U_SPACE_SEPARATOR || t == U_LINE_SEPARATOR ||
         t == U_PARAGRAPH_SEPARATOR || u_isUWhiteSpace(c);
}

bool IsDropped(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return true;
  int8_t t = u_charType(c);
  return t == U_FORMAT_CHAR || t == U_CONTROL_CHAR;
}

bool IsLetterOrDigit(UChar32 c) {
  return u_isalpha(c) || u_charType(c) == U_DECIMAL_DIGIT_NUMBER;
}

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

const icu::Normalizer2* Nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  return icu::Normalizer2::getNFKCInstance(status);
}
const icu::Normalizer2* Nfd() {
  UErrorCode status = U_ZERO_ERROR;
  return icu::Normalizer2::getNFDInstance(status);
}
const icu::Normalizer2* Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  return icu::Normalizer2::getNFCInstance(status);
}

// UTS #39 confusable prototypes. The checker is shared (const use is
// thread-safe in ICU); each thread caches what it has looked up.
class Confusables {
 public:
  static const Confusables& Get() {
    static const Confusables* instance = new Confusables();
    return *instance;
  }

  // The ASCII character `c` looks like, or 0. `upper` says the character
  // is an upper-case letter (then an upper-case ASCII letter is preferred:
  // Cyrillic "І" is "I", not "l").
  char AsciiFor(UChar32 c) const {
    thread_local std::unordered_map<UChar32, char> cache;
    auto it = cache.find(c);
    if (it != cache.end()) return it->second;
    char out = 0;
    std::string sk = Skeleton(c);
    if (!sk.empty() && IsAscii(sk)) {
      auto proto = by_prototype_.find(sk);
      if (proto != by_prototype_.end()) {
        bool upper = u_isupper(c) || u_istitle(c);
        out = upper ? proto->second.upper : proto->second.lower;
      } else if (sk.size() == 1 && AsciiAlnum(sk[0])) {
        out = sk[0];
      }
    }
    cache.emplace(c, out);
    return out;
  }

 private:
  struct Choice {
    char upper = 0;  // preferred for an upper-case source letter
    char lower = 0;  // preferred otherwise
  };

  Confusables() {
    UErrorCode status = U_ZERO_ERROR;
    checker_ = uspoof_open(&status);
    if (U_FAILURE(status)) checker_ = nullptr;
    // Prototype of each ASCII letter and digit ("m" -> "rn", "I" -> "l",
    // "0" -> "O"): a character whose prototype is one of them is read as
    // that ASCII character; letters win over digits.
    const std::string_view order[] = {"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                      "abcdefghijklmnopqrstuvwxyz",
                                      "0123456789"};
    for (std::string_view group : order) {
      for (char a : group) {
        std::string sk = Skeleton(static_cast<UChar32>(a));
        if (sk.empty()) continue;
        Choice& ch = by_prototype_[sk];
        bool upper = a >= 'A' && a <= 'Z';
        bool lower = a >= 'a' && a <= 'z';
        if (upper && ch.upper == 0) ch.upper = a;
        if (lower && ch.lower == 0) ch.lower = a;
      }
    }
    for (auto& [proto, ch] : by_prototype_) {
      if (ch.upper == 0) ch.upper = ch.lower;
      if (ch.lower == 0) ch.lower = ch.upper;
      if (ch.upper == 0) {
        // Only a digit has this prototype.
        for (char d = '0'; d <= '9'; ++d) {
          if (Skeleton(d) == proto) ch.upper = ch.lower = d;
        }
      }
    }
  }

  std::string Skeleton(UChar32 c) const {
    if (checker_ == nullptr) return "";
    char in[8];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(in), n, 8, c, error);
    if (error) return "";
    char out[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t len =
        uspoof_getSkeletonUTF8(checker_, 0, in, n, out, sizeof out, &status);
    if (U_FAILURE(status) || len <= 0 ||
        len >= static_cast<int32_t>(sizeof out))
      return "";
    return std::string(out, static_cast<size_t>(len));
  }

  USpoofChecker* checker_ = nullptr;
  std::map<std::string, Choice> by_prototype_;
};

icu::Transliterator* LatinToAscii() {
  thread_local std::unique_ptr<icu::Transliterator> t;
  thread_local bool tried = false;
  if (!tried) {
    tried = true;
    UErrorCode status = U_ZERO_ERROR;
    t.reset(icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD,
                                                status));
    if (U_FAILURE(status)) t.reset();
  }
  return t.get();
}

// Replaces every character outside ASCII that looks like an ASCII letter
// or digit by that character.
icu::UnicodeString MapConfusables(const icu::UnicodeString& in) {
  const Confusables& conf = Confusables::Get();
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    // A digit of any script is a digit ("𝟏", Arabic-Indic "١"; Clean makes
    // it ASCII), never the letter it resembles ("𝟏" looks like "l").
    if (c >= 0x80 && u_charType(c) != U_DECIMAL_DIGIT_NUMBER) {
      if (char a = conf.AsciiFor(c)) {
        out.append(static_cast<UChar32>(a));
        continue;
      }
      // A lower-case letter whose capital has a look-alike reads as it, so
      // a word folds the same whatever its case ("Неизвестный" and
      // "неизвестный": capital "Н" looks like "H", small "н" like nothing).
      if (u_islower(c)) {
        if (char a = conf.AsciiFor(u_toupper(c))) {
          out.append(static_cast<UChar32>(u_tolower(a)));
          continue;
        }
      }
    }
    out.append(c);
  }
  return out;
}

bool IsWordScript(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &status);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA;
}

}  // namespace

std::string Clean(std::string_view s) {
  if (IsAscii(s)) return CleanAscii(s);
  icu::UnicodeString in = FromUtf8(s);
  // Before NFKC: vulgar fractions (NFKC would glue "123½" into "1231⁄2")
  // and apostrophe-like marks (NFKC makes the acute accent "´" a space and
  // a combining mark, splitting "don´t").
  icu::UnicodeString pre;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (IsVulgarFraction(c)) pre.append(static_cast<UChar32>(' '));
    if (IsSingleQuote(c)) c = '\'';
    pre.append(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString nfkc = Nfkc()->normalize(pre, status);
  if (U_FAILURE(status)) nfkc = pre;
  std::string out;
  out.reserve(s.size());
  bool alnum = false;
  for (int32_t i = 0; i < nfkc.length();) {
    UChar32 c = nfkc.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      char a = static_cast<char>(c);
      if (a == '\t' || a == '\n' || a == '\r' || a == '\v' || a == '\f') {
        out.push_back(' ');
      } else if (c < 0x20 || c == 0x7F) {
        continue;
      } else {
        if (a == '`') a = '\'';
        alnum = alnum || AsciiAlnum(a);
        out.push_back(a);
      }
      continue;
    }
    if (IsSpaceLike(c)) {
      out.push_back(' ');
    } else if (IsDropped(c)) {
      continue;
    } else if (IsDash(c)) {
      out.push_back('-');
    } else if (IsSingleQuote(c)) {
      out.push_back('\'');
    } else if (IsDoubleQuote(c)) {
      out.push_back('"');
    } else if (IsSlash(c)) {
      out.push_back('/');
    } else if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
      alnum = true;
    } else {
      alnum = alnum || IsLetterOrDigit(c);
      icu::UnicodeString one(c);
      one.toUTF8String(out);
    }
  }
  return Finish(std::move(out), alnum);
}

bool IsBlank(std::string_view s) { return Clean(s).empty(); }

std::string Fold(std::string_view s) {
  // Look-alikes first: NFKC would turn some of them into other letters
  // (the lunate sigma "ϲ", which looks like "c", into "σ").
  std::string clean =
      IsAscii(s) ? Clean(s) : Clean(ToUtf8(MapConfusables(FromUtf8(s))));
  if (IsAscii(clean)) {
    for (char& c : clean) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return clean;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = Nfd()->normalize(FromUtf8(clean), status);
  if (U_FAILURE(status)) u = FromUtf8(clean);
  // Accents removed.
  // Spacing and enclosing marks go too after a Latin letter, a digit, a
  // symbol or nothing ("vi\u0903olating", "fraud\u20DD"); after a letter of
  // their own script they are part of the word (Devanagari and Tamil vowel
  // signs: "सीता" is not "सती").
  icu::UnicodeString bare;
  bool after_other_script = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    const int8_t t = u_charType(c);
    if (t == U_NON_SPACING_MARK) continue;
    if (t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK) {
      if (!after_other_script) continue;
    } else {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      after_other_script = u_isalpha(c) && script != USCRIPT_LATIN &&
                           script != USCRIPT_COMMON &&
                           script != USCRIPT_INHERITED;
    }
    bare.append(c);
  }
  // Look-alikes before case folding (upper-case Cyrillic "Н" looks like
  // "H", its lower case "н" like nothing ASCII), then after it.
  u = MapConfusables(bare);
  u.foldCase();
  u = MapConfusables(u);
  bool ascii = true;
  for (int32_t i = 0; i < u.length() && ascii; ++i) ascii = u.charAt(i) < 0x80;
  if (!ascii) {
    if (icu::Transliterator* t = LatinToAscii()) t->transliterate(u);
    status = U_ZERO_ERROR;
    icu::UnicodeString nfc = Nfc()->normalize(u, status);
    if (U_SUCCESS(status)) u = nfc;
  }
  std::string out = ToUtf8(u);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // Folding can leave a run of spaces (a dropped mark between two).
  return Finish(std::move(out), true);
}

std::vector<std::string> Words(std::string_view folded) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  const auto* p = reinterpret_cast<const uint8_t*>(folded.data());
  const int32_t n = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    if (c < 0x80) {
      char a = static_cast<char>(c);
      if (AsciiAlnum(a)) {
        word.push_back(a);
      } else if (a == '\'' && !word.empty() && i < n && AsciiAlnum(folded[i])) {
        continue;  // "don't" -> "dont"
      } else {
        flush();
      }
      continue;
    }
    if (IsWordScript(c)) {
      flush();
      words.emplace_back(folded.substr(start, i - start));
      continue;
    }
    int8_t t = u_charType(c);
    bool part = IsLetterOrDigit(c) || t == U_COMBINING_SPACING_MARK ||
                t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK;
    if (part) {
      word.append(folded.substr(start, i - start));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

std::vector<std::string> FoldedWords(std::string_view s) {
  return Words(Fold(s));
}

std::string AgencyCode(std::string_view s) {
  std::string out;
  for (char c : Fold(s)) {
    if (c == ' ') continue;
    out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A')
                                         : c);
  }
  return out;
}

namespace {
template <typename Pred>
bool AnyCodePoint(std::string_view s, Pred pred) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && pred(c)) return true;
  }
  return false;
}
}  // namespace

bool HasLetter(std::string_view s) {
  return AnyCodePoint(s, [](UChar32 c) { return u_isalpha(c) != 0; });
}

bool HasDigit(std::string_view s) {
  return AnyCodePoint(
      s, [](UChar32 c) { return u_charType(c) == U_DECIMAL_DIGIT_NUMBER; });
}

bool HasIdeographs(std::string_view s) {
  return AnyCodePoint(s, [](UChar32 c) {
    if (c < 0x80) return false;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
           sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL;
  });
}

bool HasNonLatinLetter(std::string_view folded) {
  return AnyCodePoint(folded, [](UChar32 c) {
    if (c < 0x80 || !u_isalpha(c)) return false;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    return sc != USCRIPT_LATIN && sc != USCRIPT_COMMON &&
           sc != USCRIPT_INHERITED;
  });
}

}  // namespace taxgate::text
