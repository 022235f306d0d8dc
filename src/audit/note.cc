#include "audit/note.h"

#include <algorithm>
#include <cstdio>

#include "common/crypto.h"
#include "common/csv_reader.h"
#include "common/strings.h"

namespace taxgate::audit {
namespace {

constexpr std::string_view kEmDash = "\xE2\x80\x94";  // U+2014
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";
constexpr int kMaxSignatures = 100;  // as Go's sumdb/note

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= ' ' || c == '+' || c >= 0x7f) return false;
  }
  return true;
}

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// Splits "name+hex8+base64" at its first two '+' (base64 may hold '+');
// false when there are fewer.
bool SplitKey(std::string_view s, std::vector<std::string>* out) {
  size_t a = s.find('+');
  if (a == std::string_view::npos) return false;
  size_t b = s.find('+', a + 1);
  if (b == std::string_view::npos) return false;
  *out = {std::string(s.substr(0, a)), std::string(s.substr(a + 1, b - a - 1)),
          std::string(s.substr(b + 1))};
  return true;
}

// Checks text per C2SP: non-empty, ends with "\n", no empty line... (an
// empty line would end the text early), no control characters but "\n".
Status CheckText(std::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return Status::InvalidArgument("note text must end with a newline");
  }
  if (text.find("\n\n") != std::string_view::npos || text.front() == '\n') {
    return Status::InvalidArgument("note text must not hold an empty line");
  }
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\n') {
      return Status::InvalidArgument("note text holds a control character");
    }
  }
  if (FindInvalidUtf8(text) != std::string_view::npos) {
    return Status::InvalidArgument("note text is not valid UTF-8");
  }
  return Status::Ok();
}

// 0x01 || key, base64.
std::string EncodeKey(std::string_view key) {
  std::string b(1, static_cast<char>(kEd25519NoteAlgorithm));
  b += key;
  return Base64Encode(b);
}

Result<std::string> DecodeKey(std::string_view b64, size_t size,
                              const char* what) {
  auto bytes = Base64Decode(b64);
  if (!bytes || bytes->size() != size + 1 ||
      static_cast<uint8_t>((*bytes)[0]) != kEd25519NoteAlgorithm) {
    return Status::InvalidArgument(std::string("note key: bad ") + what +
                                   " (want base64 of 0x01 and " +
                                   std::to_string(size) + " bytes)");
  }
  return bytes->substr(1);
}

}  // namespace

uint32_t NoteKeyId(std::string_view name, std::string_view public_key) {
  std::string data(name);
  data += '\n';
  data += static_cast<char>(kEd25519NoteAlgorithm);
  data += public_key;
  Hash256 h = Sha256(data);
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) |
         (uint32_t{h[2]} << 8) | uint32_t{h[3]};
}

std::string NoteVerifier::ToString() const {
  return name + "+" + Hex8(key_id) + "+" + EncodeKey(public_key);
}

std::string NoteSigner::ToString() const {
  return std::string(kPrivatePrefix) + verifier.name + "+" +
         Hex8(verifier.key_id) + "+" + EncodeKey(seed);
}

Result<NoteSigner> MakeNoteSigner(std::string_view name,
                                  std::string_view seed) {
  if (!ValidName(name)) {
    return Status::InvalidArgument("note key: bad name '" + std::string(name) +
                                   "'");
  }
  if (seed.size() != kEd25519SeedBytes) {
    return Status::InvalidArgument("note key: the seed must be 32 bytes");
  }
  NoteSigner s;
  s.seed = std::string(seed);
  s.verifier.name = std::string(name);
  s.verifier.public_key = Ed25519PublicKey(seed);
  s.verifier.key_id = NoteKeyId(name, s.verifier.public_key);
  return s;
}

Result<NoteVerifier> ParseNoteVerifier(std::string_view text) {
  std::vector<std::string> parts;
  if (!SplitKey(Trim(text), &parts) || !ValidName(parts[0]) ||
      parts[1].size() != 8) {
    return Status::InvalidArgument(
        "note key: want name+hex8+base64 (a verifier key)");
  }
  NoteVerifier v;
  v.name = parts[0];
  TG_ASSIGN_OR_RETURN(
      v.public_key, DecodeKey(parts[2], kEd25519PublicKeyBytes, "public key"));
  v.key_id = NoteKeyId(v.name, v.public_key);
  if (Hex8(v.key_id) != AsciiLower(parts[1])) {
    return Status::InvalidArgument("note key: key id " + parts[1] +
                                   " does not match the key of '" + v.name +
                                   "'");
  }
  return v;
}

Result<NoteSigner> ParseNoteSigner(std::string_view text) {
  text = Trim(text);
  if (text.substr(0, kPrivatePrefix.size()) != kPrivatePrefix) {
    return Status::InvalidArgument(
        "note key: a signer key starts with PRIVATE+KEY+");
  }
  std::vector<std::string> parts;
  if (!SplitKey(text.substr(kPrivatePrefix.size()), &parts) ||
      parts[1].size() != 8) {
    return Status::InvalidArgument(
        "note key: want PRIVATE+KEY+name+hex8+base64 (a signer key)");
  }
  TG_ASSIGN_OR_RETURN(std::string seed,
                      DecodeKey(parts[2], kEd25519SeedBytes, "seed"));
  TG_ASSIGN_OR_RETURN(NoteSigner s, MakeNoteSigner(parts[0], seed));
  if (Hex8(s.verifier.key_id) != AsciiLower(parts[1])) {
    return Status::InvalidArgument("note key: key id " + parts[1] +
                                   " does not match the key of '" + parts[0] +
                                   "'");
  }
  return s;
}

Result<std::string> SignNote(std::string_view text, const NoteSigner& signer) {
  TG_RETURN_IF_ERROR(CheckText(text));
  const NoteVerifier& v = signer.verifier;
  std::string blob(4, '\0');
  blob[0] = static_cast<char>(v.key_id >> 24);
  blob[1] = static_cast<char>(v.key_id >> 16);
  blob[2] = static_cast<char>(v.key_id >> 8);
  blob[3] = static_cast<char>(v.key_id);
  blob += Ed25519Sign(signer.seed, text);
  std::string note(text);
  note += "\n";
  note += kEmDash;
  note += " " + v.name + " " + Base64Encode(blob) + "\n";
  return note;
}

Result<OpenedNote> OpenNote(std::string_view note,
                            const std::vector<NoteVerifier>& known) {
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("note: no signature block");
  }
  OpenedNote out;
  out.text = std::string(note.substr(0, split + 1));
  TG_RETURN_IF_ERROR(CheckText(out.text));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') {
    return Status::InvalidArgument(
        "note: signature block must end with a "
        "newline");
  }
  int lines = 0;
  std::vector<std::string> seen;  // name+key id of each signature
  while (!sigs.empty()) {
    if (++lines > kMaxSignatures) {
      return Status::InvalidArgument(
          "note: more than " + std::to_string(kMaxSignatures) + " signatures");
    }
    size_t eol = sigs.find('\n');
    std::string_view line = sigs.substr(0, eol);
    sigs.remove_prefix(eol + 1);
    if (line.substr(0, kEmDash.size() + 1) != std::string(kEmDash) + " ") {
      return Status::InvalidArgument("note: signature line without '— '");
    }
    line.remove_prefix(kEmDash.size() + 1);
    size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return Status::InvalidArgument("note: signature line without a key name");
    }
    std::string name(line.substr(0, space));
    auto blob = Base64Decode(line.substr(space + 1));
    if (!ValidName(name) || !blob || blob->size() < 5) {
      return Status::InvalidArgument("note: malformed signature of '" + name +
                                     "'");
    }
    uint32_t id = (uint32_t{static_cast<uint8_t>((*blob)[0])} << 24) |
                  (uint32_t{static_cast<uint8_t>((*blob)[1])} << 16) |
                  (uint32_t{static_cast<uint8_t>((*blob)[2])} << 8) |
                  uint32_t{static_cast<uint8_t>((*blob)[3])};
    std::string who = name + "+" + Hex8(id);
    if (std::find(seen.begin(), seen.end(), who) != seen.end()) {
      return Status::InvalidArgument("note: two signatures by " + who);
    }
    seen.push_back(who);
    for (const NoteVerifier& k : known) {
      if (k.name != name || k.key_id != id) continue;
      if (!Ed25519Verify(k.public_key, out.text, blob->substr(4))) {
        return Status::DataLoss("note: signature of " + name + "+" + Hex8(id) +
                                " does not verify");
      }
      out.verified_by.push_back(name);
    }
  }
  if (out.verified_by.empty()) {
    return Status::NotFound("note: no signature by a known key");
  }
  return out;
}

}  // namespace taxgate::audit
