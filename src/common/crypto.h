// Hashes and encodings (libsodium): SHA-256, HMAC-SHA-256, hex, base64.
// Thread-safe. InitCrypto() must run once before use (the CLI and tests do).
#ifndef TAXGATE_COMMON_CRYPTO_H_
#define TAXGATE_COMMON_CRYPTO_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxgate {

using Hash256 = std::array<uint8_t, 32>;

// Initialises libsodium; safe to call more than once. Returns false when
// the library cannot start (then nothing else here may be used).
bool InitCrypto();

Hash256 Sha256(std::string_view data);
// HMAC-SHA-256 of `data` under `key` (any length).
Hash256 HmacSha256(std::string_view key, std::string_view data);
std::string ToHex(const uint8_t* data, size_t size);
inline std::string ToHex(const Hash256& h) { return ToHex(h.data(), h.size()); }
std::optional<std::string> FromHex(std::string_view hex);
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);
// `n` bytes from the OS random source.
std::string RandomBytes(size_t n);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_CRYPTO_H_
