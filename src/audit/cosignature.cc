#include "audit/cosignature.h"

#include <cstdio>

#include "common/crypto.h"
#include "common/strings.h"

namespace taxgate::audit {
namespace {

constexpr std::string_view kEmDash = "\xE2\x80\x94";  // U+2014
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";
constexpr size_t kBlobSize = 4 + 8 + 64;

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

uint32_t Be32(std::string_view b) {
  return (uint32_t{static_cast<uint8_t>(b[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(b[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(b[2])} << 8) |
         uint32_t{static_cast<uint8_t>(b[3])};
}

std::string EncodeKey(std::string_view key) {
  std::string b(1, static_cast<char>(kCosignatureV1Algorithm));
  b += key;
  return Base64Encode(b);
}

// "name+hex8+base64" split at its first two '+' (base64 may hold '+').
Status SplitKey(std::string_view s, std::string* name, std::string* id,
                std::string* key_b64) {
  size_t a = s.find('+');
  size_t b = a == std::string_view::npos ? a : s.find('+', a + 1);
  if (b == std::string_view::npos) {
    return Status::InvalidArgument(
        "cosigner key: want name+hex8+base64 (a C2SP verifier key)");
  }
  *name = std::string(s.substr(0, a));
  *id = std::string(s.substr(a + 1, b - a - 1));
  *key_b64 = std::string(s.substr(b + 1));
  if (!ValidName(*name) || id->size() != 8) {
    return Status::InvalidArgument(
        "cosigner key: want name+hex8+base64 (a C2SP verifier key)");
  }
  return Status::Ok();
}

Result<std::string> DecodeKey(std::string_view b64, const char* what) {
  auto bytes = Base64Decode(b64);
  if (!bytes || bytes->size() != 33) {
    return Status::InvalidArgument(std::string("cosigner key: bad ") + what +
                                   " (want base64 of 0x04 and 32 bytes)");
  }
  if (static_cast<uint8_t>((*bytes)[0]) != kCosignatureV1Algorithm) {
    return Status::InvalidArgument(
        std::string("cosigner key: the ") + what +
        " is not of a cosignature/v1 key (algorithm byte 0x04); a log's "
        "note key (0x01) is not a witness key");
  }
  return bytes->substr(1);
}

}  // namespace

uint32_t CosignerKeyId(std::string_view name, std::string_view public_key) {
  std::string data(name);
  data += '\n';
  data += static_cast<char>(kCosignatureV1Algorithm);
  data += public_key;
  Hash256 h = Sha256(data);
  return Be32(std::string_view(reinterpret_cast<const char*>(h.data()), 4));
}

std::string CosignerKey::ToString() const {
  return name + "+" + Hex8(key_id) + "+" + EncodeKey(public_key);
}

std::string Cosigner::ToString() const {
  return std::string(kPrivatePrefix) + key.name + "+" + Hex8(key.key_id) + "+" +
         EncodeKey(seed);
}

Result<Cosigner> MakeCosigner(std::string_view name, std::string_view seed) {
  if (!ValidName(name)) {
    return Status::InvalidArgument("cosigner key: bad name '" +
                                   std::string(name) +
                                   "' (ASCII, no spaces, no '+')");
  }
  if (seed.size() != kEd25519SeedBytes) {
    return Status::InvalidArgument("cosigner key: the seed must be 32 bytes");
  }
  Cosigner c;
  c.seed = std::string(seed);
  c.key.name = std::string(name);
  c.key.public_key = Ed25519PublicKey(seed);
  c.key.key_id = CosignerKeyId(name, c.key.public_key);
  return c;
}

Result<CosignerKey> ParseCosignerKey(std::string_view text) {
  std::string name, id, b64;
  TG_RETURN_IF_ERROR(SplitKey(Trim(text), &name, &id, &b64));
  CosignerKey k;
  k.name = name;
  TG_ASSIGN_OR_RETURN(k.public_key, DecodeKey(b64, "public key"));
  k.key_id = CosignerKeyId(k.name, k.public_key);
  if (Hex8(k.key_id) != AsciiLower(id)) {
    return Status::InvalidArgument("cosigner key: key id " + id +
                                   " does not match the key of '" + name + "'");
  }
  return k;
}

Result<Cosigner> ParseCosigner(std::string_view text) {
  text = Trim(text);
  if (!StartsWith(text, kPrivatePrefix)) {
    return Status::InvalidArgument(
        "cosigner key: a signer key starts with PRIVATE+KEY+");
  }
  std::string name, id, b64;
  TG_RETURN_IF_ERROR(
      SplitKey(text.substr(kPrivatePrefix.size()), &name, &id, &b64));
  TG_ASSIGN_OR_RETURN(std::string seed, DecodeKey(b64, "seed"));
  TG_ASSIGN_OR_RETURN(Cosigner c, MakeCosigner(name, seed));
  if (Hex8(c.key.key_id) != AsciiLower(id)) {
    return Status::InvalidArgument("cosigner key: key id " + id +
                                   " does not match the key of '" + name + "'");
  }
  return c;
}

std::string CosignedMessage(std::string_view checkpoint_text,
                            uint64_t timestamp) {
  std::string m = "cosignature/v1\ntime " + std::to_string(timestamp) + "\n";
  m += checkpoint_text;
  return m;
}

Result<std::string> Cosign(std::string_view checkpoint_text,
                           const Cosigner& cosigner, uint64_t timestamp) {
  if (timestamp == 0 || timestamp > (uint64_t{1} << 63) - 1) {
    return Status::InvalidArgument("cosignature: timestamp out of range");
  }
  if (checkpoint_text.empty() || checkpoint_text.back() != '\n' ||
      checkpoint_text.find("\n\n") != std::string_view::npos) {
    return Status::InvalidArgument(
        "cosignature: the checkpoint text must be lines ending in a newline, "
        "with no empty line");
  }
  std::string blob(4 + 8, '\0');
  for (int i = 0; i < 4; ++i) {
    blob[i] = static_cast<char>(cosigner.key.key_id >> (24 - 8 * i));
  }
  for (int i = 0; i < 8; ++i) {
    blob[4 + i] = static_cast<char>(timestamp >> (56 - 8 * i));
  }
  blob +=
      Ed25519Sign(cosigner.seed, CosignedMessage(checkpoint_text, timestamp));
  std::string line(kEmDash);
  line += " " + cosigner.key.name + " " + Base64Encode(blob) + "\n";
  return line;
}

Result<std::vector<VerifiedCosignature>> VerifyCosignatures(
    std::string_view checkpoint_text, std::string_view signature_lines,
    const std::vector<CosignerKey>& known) {
  std::vector<VerifiedCosignature> found(known.size());
  std::vector<bool> seen(known.size(), false);
  std::string_view rest = signature_lines;
  int number = 0;
  while (!rest.empty()) {
    ++number;
    size_t eol = rest.find('\n');
    if (eol == std::string_view::npos) {
      return Status::InvalidArgument("signature line " +
                                     std::to_string(number) +
                                     " does not end with a newline");
    }
    std::string_view line = rest.substr(0, eol + 1);
    rest.remove_prefix(eol + 1);
    std::string_view body = line.substr(0, line.size() - 1);
    if (!StartsWith(body, std::string(kEmDash) + " ")) {
      return Status::InvalidArgument("signature line " +
                                     std::to_string(number) +
                                     " does not start with '— '");
    }
    body.remove_prefix(kEmDash.size() + 1);
    size_t space = body.find(' ');
    if (space == std::string_view::npos) {
      return Status::InvalidArgument(
          "signature line " + std::to_string(number) + " has no key name");
    }
    std::string name(body.substr(0, space));
    auto blob = Base64Decode(body.substr(space + 1));
    if (!ValidName(name) || !blob || blob->size() < 4) {
      return Status::InvalidArgument("signature line " +
                                     std::to_string(number) + " of '" + name +
                                     "' is malformed");
    }
    const uint32_t id = Be32(*blob);
    for (size_t k = 0; k < known.size(); ++k) {
      if (known[k].name != name || known[k].key_id != id) continue;
      if (blob->size() != kBlobSize) {
        return Status::DataLoss("cosignature of " + name + "+" + Hex8(id) +
                                " is not 76 bytes");
      }
      uint64_t ts = 0;
      for (int i = 0; i < 8; ++i) {
        ts = (ts << 8) | static_cast<uint8_t>((*blob)[4 + i]);
      }
      if (ts > (uint64_t{1} << 63) - 1 ||
          !Ed25519Verify(known[k].public_key,
                         CosignedMessage(checkpoint_text, ts),
                         blob->substr(12))) {
        return Status::DataLoss("cosignature of " + name + "+" + Hex8(id) +
                                " does not verify");
      }
      if (!seen[k]) {
        seen[k] = true;
        found[k] = VerifiedCosignature{name, ts, std::string(line)};
      }
    }
  }
  std::vector<VerifiedCosignature> out;
  for (size_t k = 0; k < known.size(); ++k) {
    if (seen[k]) out.push_back(found[k]);
  }
  return out;
}

}  // namespace taxgate::audit
