// Helpers shared by the libFuzzer harnesses of fuzz/ (docs/fuzzing.md).
//
// A harness asserts only real properties of the code it drives: it must not
// crash, trip a sanitizer or hang, and where cheap a value it parsed must
// survive a round trip. FUZZ_CHECK reports a broken property and aborts, so
// libFuzzer keeps the input as a crash (it is no assert(): NDEBUG does not
// turn it off).
#ifndef TAXGATE_FUZZ_FUZZ_UTIL_H_
#define TAXGATE_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ruleset/ruleset.h"

#define FUZZ_CHECK(cond)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      std::fprintf(stderr, "%s:%d: fuzz property broken: %s\n", __FILE__, \
                   __LINE__, #cond);                                      \
      std::abort();                                                       \
    }                                                                     \
  } while (0)

namespace taxgate::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The input cut at every `sep` into exactly `n` fields (missing ones are
// empty; the last one keeps any further separators).
inline std::vector<std::string> SplitFields(std::string_view text, char sep,
                                            size_t n) {
  std::vector<std::string> out;
  while (out.size() + 1 < n) {
    size_t at = text.find(sep);
    if (at == std::string_view::npos) break;
    out.emplace_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  out.emplace_back(text);
  out.resize(n);
  return out;
}

// The shipped rules, loaded once per process the way the tests load them
// (ruleset::DefaultRuleset: config/ and data/ through the build tree's
// share/taxgate and etc/taxgate links). A harness cannot run without them:
// it says why and exits.
inline const ruleset::Ruleset& ShippedRuleset() {
  static const ruleset::Ruleset* loaded = [] {
    auto rs = ruleset::DefaultRuleset();
    if (!rs.ok()) {
      std::fprintf(stderr, "fuzz: cannot load the shipped ruleset: %s\n",
                   rs.status().ToString().c_str());
      std::exit(2);
    }
    return rs->get();
  }();
  return *loaded;
}

}  // namespace taxgate::fuzz

#endif  // TAXGATE_FUZZ_FUZZ_UTIL_H_
