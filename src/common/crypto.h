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

// Ed25519 (RFC 8032) signatures. Keys are byte strings: a 32-byte seed
// (what a key file keeps), the 32-byte public key derived from it, and
// 64-byte signatures.
inline constexpr size_t kEd25519SeedBytes = 32;
inline constexpr size_t kEd25519PublicKeyBytes = 32;
inline constexpr size_t kEd25519SignatureBytes = 64;
// REQUIRES: seed.size() == kEd25519SeedBytes.
std::string Ed25519PublicKey(std::string_view seed);
std::string Ed25519Sign(std::string_view seed, std::string_view message);
// False for a wrong signature, a wrong key or sizes that do not fit.
bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature);

// Passwords: Argon2id (libsodium's crypto_pwhash_str at its "interactive"
// limits: 64 MiB and 2 passes, above OWASP's minimum of 19 MiB and 2
// passes; about 0.1 s here), in the PHC string
// form "$argon2id$v=19$m=...,t=...,p=1$salt$hash" with a fresh random salt.
// nullopt when the memory cannot be had.
std::optional<std::string> PasswordHash(std::string_view password);
// True when `password` is the one `hash` was made from (constant time).
bool PasswordVerify(const std::string& hash, std::string_view password);
// Constant-time equality of two strings of the same length.
bool SecureEqual(std::string_view a, std::string_view b);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_CRYPTO_H_
