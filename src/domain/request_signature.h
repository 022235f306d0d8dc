// Signed requests (FORMATS.md, "Signed requests"; LAW.md, SIGNATURE_INVALID:
// the written request is the signer's).
//
// The bytes signed are the line "taxgate-request-v1", a line feed, then the
// request as one JSON object in RFC 8785 canonical form (JCS): the request
// columns of requests.csv except `signature` (no others), keys as the column
// names, values as the strings in the file exactly as given (untrimmed; an
// absent column is an empty string). Keys are sorted; strings are written
// as ECMAScript's JSON.stringify writes them (raw UTF-8; \" \\ \b \t \n \f
// \r; \u00xx for the other control characters). The signature is Ed25519
// (RFC 8032) by the key the registry holds for `signed_by`, in base64.
// ../shared/tools/sign_requests.py is an independent implementation of the
// same bytes.
//
// Pure functions, thread-safe.
#ifndef TAXGATE_DOMAIN_REQUEST_SIGNATURE_H_
#define TAXGATE_DOMAIN_REQUEST_SIGNATURE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/official.h"
#include "domain/request.h"

namespace taxgate::domain {

// The columns signed, in FORMATS.md order.
const std::vector<std::string>& SignedRequestColumns();

// The signed columns of `r` (SignedRequestColumns order), values as given.
std::vector<std::pair<std::string, std::string>> SignedRequestMembers(
    const Request& r);

// "taxgate-request-v1\n" + JCS of the request's columns.
std::string SignedRequestBytes(const Request& r);

// RFC 8785 for an object whose values are all strings and whose keys are
// ASCII: {"k":"v",...} with keys sorted.
std::string CanonicalJson(
    std::vector<std::pair<std::string, std::string>> members);

enum class SignatureCheck {
  kValid,
  kMissing,    // no signature
  kMalformed,  // not base64 of 64 bytes
  kNoKey,      // the signer is unknown or has no usable public key
  kBad,        // does not verify: other bytes, or another key
};
const char* SignatureCheckName(SignatureCheck c);

// Checks `r`'s signature against `signer` (the registry's entry for
// r.signed_by, or nullptr when unknown).
SignatureCheck CheckRequestSignature(const Request& r, const Official* signer);

// The base64 signature of `r` by the Ed25519 key whose 32-byte seed is
// `seed`. REQUIRES: seed.size() == 32.
std::string SignRequest(const Request& r, std::string_view seed);

// A test key pair's 32-byte seed: SHA-256 of `seed_text` + "/" +
// `official_id`, as ../shared/tools/sign_requests.py derives it. Anyone
// who knows `seed_text` can sign as the official: for tests and demos only.
std::string TestKeySeed(std::string_view seed_text,
                        std::string_view official_id);

}  // namespace taxgate::domain

#endif  // TAXGATE_DOMAIN_REQUEST_SIGNATURE_H_
