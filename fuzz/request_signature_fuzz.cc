// Fuzzes the signed requests of FORMATS.md (domain/request_signature.h):
// the canonical bytes (RFC 8785 JCS), the check of a signature and of a
// registry key as written in the files.
//
// The input is a request's 19 signed columns in FORMATS.md order, then its
// signature, then the signer's public key (base64), separated by line
// feeds.
//
// Properties: no crash, sanitizer report or hang; the signed bytes are the
// domain line and one JSON object that nlohmann::json reads back to exactly
// the request's columns (for valid UTF-8 fields); the check of the given
// signature and key gives a defined answer, never kValid for a signature
// that is not base64 of 64 bytes; a request signed with SignRequest checks
// valid with its key, and invalid once a column changes.
#include <nlohmann/json.hpp>
#include <string>

#include "common/crypto.h"
#include "common/csv_reader.h"
#include "domain/request_signature.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const std::vector<std::string>& columns = domain::SignedRequestColumns();
  FUZZ_CHECK(columns.size() == 19);
  std::vector<std::string> f =
      SplitFields(AsText(data, size), '\n', columns.size() + 2);

  domain::Request r;
  std::string* slots[] = {&r.request_id,
                          &r.signed_by,
                          &r.official_id,
                          &r.case_number,
                          &r.statute,
                          &r.tax_periods,
                          &r.reason,
                          &r.purpose,
                          &r.fields_requested,
                          &r.person.first_name,
                          &r.person.middle_name,
                          &r.person.last_name,
                          &r.person.dob,
                          &r.person.street,
                          &r.person.unit,
                          &r.person.city,
                          &r.person.state,
                          &r.person.zip,
                          &r.person.tin};
  for (size_t i = 0; i < columns.size(); ++i) *slots[i] = f[i];
  r.signature = f[columns.size()];
  domain::Official signer;
  signer.official_id = r.signed_by;
  signer.public_key = f[columns.size() + 1];

  // The canonical bytes read back as the columns.
  const std::string bytes = domain::SignedRequestBytes(r);
  const std::string_view domain_line = "taxgate-request-v1\n";
  FUZZ_CHECK(bytes.compare(0, domain_line.size(), domain_line) == 0);
  bool utf8 = true;
  for (size_t i = 0; i < columns.size(); ++i) {
    utf8 = utf8 && FindInvalidUtf8(*slots[i]) == std::string_view::npos;
  }
  if (utf8) {
    auto j =
        nlohmann::json::parse(bytes.substr(domain_line.size()), nullptr, false);
    FUZZ_CHECK(!j.is_discarded() && j.is_object());
    FUZZ_CHECK(j.size() == columns.size());
    for (size_t i = 0; i < columns.size(); ++i) {
      FUZZ_CHECK(j.at(columns[i]).get<std::string>() == *slots[i]);
    }
  }

  // The signature and key as given.
  domain::SignatureCheck given = domain::CheckRequestSignature(r, &signer);
  FUZZ_CHECK(domain::SignatureCheckName(given) != nullptr);
  auto sig = Base64Decode(r.signature);
  if (!sig || sig->size() != kEd25519SignatureBytes) {
    FUZZ_CHECK(given != domain::SignatureCheck::kValid);
  }
  FUZZ_CHECK(domain::CheckRequestSignature(r, nullptr) !=
             domain::SignatureCheck::kValid);

  // Signed with a test key, the request checks valid; changed, it does not.
  static const std::string seed = domain::TestKeySeed("fuzz", "OFF-1");
  static const std::string public_key = Base64Encode(Ed25519PublicKey(seed));
  domain::Official official = signer;
  official.public_key = public_key;
  r.signature = domain::SignRequest(r, seed);
  FUZZ_CHECK(domain::CheckRequestSignature(r, &official) ==
             domain::SignatureCheck::kValid);
  r.reason += "!";
  FUZZ_CHECK(domain::CheckRequestSignature(r, &official) ==
             domain::SignatureCheck::kBad);
  return 0;
}
