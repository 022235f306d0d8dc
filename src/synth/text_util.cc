#include "synth/text_util.h"

#include <array>
#include <cstdint>
#include <vector>

namespace taxgate::synth {
namespace {

bool IsAsciiLetter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// True when byte i starts a 2-byte Latin-1 letter (C3 80..BF, not the
// multiplication/division signs).
bool IsLatin1Letter(std::string_view s, size_t i) {
  if (i + 1 >= s.size() || static_cast<unsigned char>(s[i]) != 0xC3) {
    return false;
  }
  unsigned char b = static_cast<unsigned char>(s[i + 1]);
  return b >= 0x80 && b <= 0xBF && b != 0x97 && b != 0xB7;
}

// Appends s[i] (and its continuation byte for a Latin-1 letter) in the
// requested case; returns the number of bytes consumed.
size_t AppendCased(std::string& out, std::string_view s, size_t i, bool upper) {
  char c = s[i];
  if (IsLatin1Letter(s, i)) {
    unsigned char b = static_cast<unsigned char>(s[i + 1]);
    if (upper && b >= 0xA0 && b != 0xBF) b -= 0x20;
    if (!upper && b >= 0x80 && b <= 0x9E) b += 0x20;
    out.push_back(c);
    out.push_back(static_cast<char>(b));
    return 2;
  }
  if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  out.push_back(c);
  return 1;
}

bool EndsWithOrdinal(std::string_view w) {
  if (w.size() < 3) return false;
  std::string_view tail = w.substr(w.size() - 2);
  if (tail != "ST" && tail != "ND" && tail != "RD" && tail != "TH") {
    return false;
  }
  for (size_t i = 0; i + 2 < w.size(); ++i) {
    if (w[i] < '0' || w[i] > '9') return false;
  }
  return true;
}

bool IsParticle(std::string_view upper_word) {
  static constexpr std::array<std::string_view, 17> kParticles = {
      "DE", "DEL", "LA", "LAS", "LOS", "Y",   "E",   "DA",   "DAS",
      "DO", "DOS", "DI", "VAN", "VON", "DER", "DEN", "DELLA"};
  for (auto p : kParticles) {
    if (upper_word == p) return true;
  }
  return false;
}

// Keyboard neighbours of each lower-case letter (QWERTY).
std::string_view Neighbours(char lower) {
  static constexpr std::array<std::string_view, 26> kNear = {
      "qwsz",   "vghn", "xdfv",   "serfcx", "wsdr",   "drtgvc", "ftyhbv",
      "gyujnb", "ujko", "huikmn", "jiolm",  "kop",    "njk",    "bhjm",
      "iklp",   "ol",   "wa",     "edft",   "awedxz", "rfgy",   "yhji",
      "cfgb",   "qase", "zsdc",   "tghu",   "asx"};
  return kNear[static_cast<size_t>(lower - 'a')];
}

}  // namespace

std::string Utf8Upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) i += AppendCased(out, s, i, true);
  return out;
}

std::string Utf8Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) i += AppendCased(out, s, i, false);
  return out;
}

std::string TitleCase(std::string_view s, bool lower_particles) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  bool first_word = true;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '-' || c == '\'' || c == '.') {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size() && s[end] != ' ' && s[end] != '-' && s[end] != '\'' &&
           s[end] != '.') {
      ++end;
    }
    std::string_view word = s.substr(i, end - i);
    std::string upper = Utf8Upper(word);
    if (word[0] >= '0' && word[0] <= '9') {
      // "3B" stays, "5TH" becomes "5th".
      bool ordinal = EndsWithOrdinal(upper);
      out.append(ordinal ? Utf8Lower(word) : upper);
      first_word = false;
      i = end;
      continue;
    }
    bool particle = lower_particles && !first_word && IsParticle(upper);
    size_t j = 0;
    size_t letters = 0;
    bool mc = upper.size() > 3 && upper[0] == 'M' && upper[1] == 'C';
    while (j < word.size()) {
      bool up = !particle && (letters == 0 || (mc && letters == 2));
      j += AppendCased(out, word, j, up);
      ++letters;
    }
    first_word = false;
    i = end;
  }
  return out;
}

std::string StripAccents(std::string_view s) {
  // Base letters for C3 80..C3 BF (U+00C0..U+00FF); '\0' keeps the sequence.
  static constexpr char kBase[65] =
      "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUYTsaaaaaaaceeeeiiiidnooooo\0ouuuuyty";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC3 && i + 1 < s.size()) {
      unsigned char b = static_cast<unsigned char>(s[i + 1]);
      if (b >= 0x80 && b <= 0xBF && kBase[b - 0x80] != '\0') {
        out.push_back(kBase[b - 0x80]);
        ++i;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool HasNonAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::string Typo(Rng& rng, std::string_view s, int edits) {
  std::string out(s);
  for (int e = 0; e < edits; ++e) {
    // Positions of ASCII letters.
    size_t count = 0;
    for (char c : out) count += IsAsciiLetter(c) ? 1 : 0;
    if (count < 3) break;
    size_t nth = rng.Uniform(count);
    size_t pos = 0;
    for (size_t k = 0; k < out.size(); ++k) {
      if (!IsAsciiLetter(out[k])) continue;
      if (nth-- == 0) {
        pos = k;
        break;
      }
    }
    char c = out[pos];
    bool upper = c >= 'A' && c <= 'Z';
    char lower = upper ? static_cast<char>(c - 'A' + 'a') : c;
    std::string_view near = Neighbours(lower);
    char repl = near[rng.Uniform(near.size())];
    if (upper) repl = static_cast<char>(repl - 'a' + 'A');
    switch (rng.Uniform(4)) {
      case 0:  // substitution
        out[pos] = repl;
        break;
      case 1:  // deletion
        out.erase(pos, 1);
        break;
      case 2:  // insertion (a doubled letter or a neighbour)
        out.insert(pos, 1, rng.Chance(0.5) ? c : repl);
        break;
      default:  // transposition with the next ASCII letter
        if (pos + 1 < out.size() && IsAsciiLetter(out[pos + 1]) &&
            out[pos + 1] != c) {
          std::swap(out[pos], out[pos + 1]);
        } else {
          out[pos] = repl;
        }
        break;
    }
  }
  return out;
}

std::string TransposeDigits(Rng& rng, std::string_view digits) {
  std::string out(digits);
  std::vector<size_t> spots;
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] >= '0' && out[i] <= '9' && out[i + 1] >= '0' &&
        out[i + 1] <= '9' && out[i] != out[i + 1]) {
      spots.push_back(i);
    }
  }
  if (spots.empty()) return out;
  size_t i = spots[rng.Uniform(spots.size())];
  std::swap(out[i], out[i + 1]);
  return out;
}

std::string Ordinal(int n) {
  const char* suffix = "TH";
  int last2 = n % 100;
  if (last2 < 11 || last2 > 13) {
    switch (n % 10) {
      case 1:
        suffix = "ST";
        break;
      case 2:
        suffix = "ND";
        break;
      case 3:
        suffix = "RD";
        break;
      default:
        break;
    }
  }
  return std::to_string(n) + suffix;
}

std::string Concat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out.append(p);
  return out;
}

std::string ZeroPad(int64_t n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) >= width) return digits;
  return std::string(static_cast<size_t>(width) - digits.size(), '0') + digits;
}

}  // namespace taxgate::synth
