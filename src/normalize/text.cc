#include "normalize/text.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <memory>

namespace taxgate::normalize {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t;
  thread_local bool tried = false;
  if (!tried) {
    tried = true;
    UErrorCode status = U_ZERO_ERROR;
    t.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Upper",
                                                UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
  }
  return t.get();
}

}  // namespace

std::string FoldToAscii(std::string_view s) {
  std::string out;
  if (IsAscii(s)) {
    out.assign(s);
  } else {
    icu::UnicodeString us = icu::UnicodeString::fromUTF8(
        icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    if (icu::Transliterator* t = ThreadTransliterator()) t->transliterate(us);
    us.toUTF8String(out);
  }
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string CleanText(std::string_view s, std::string_view keep) {
  std::string folded = FoldToAscii(s);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || (!keep.empty() && keep.find(c) != std::string_view::npos)) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    } else if (c == '\'' || c == '.' || c == '`' ||
               static_cast<unsigned char>(c) >= 0x80) {
      // Apostrophes and periods join: O'BRIEN -> OBRIEN, ST. -> ST.
    } else {
      pending_space = true;
    }
  }
  return out;
}

}  // namespace taxgate::normalize
