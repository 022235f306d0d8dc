// Request: one disclosure request of an agency's batch (FORMATS.md,
// requests.csv). Fields are kept exactly as the agency wrote them, spaces
// included (they are what the signer signed): reading and judging them is
// the policy module's job (through the text layer). Plain value type.
#ifndef TAXGATE_DOMAIN_REQUEST_H_
#define TAXGATE_DOMAIN_REQUEST_H_

#include <cstdint>
#include <string>

namespace taxgate::domain {

// The person a request names, as the agency knows them.
struct PersonQuery {
  std::string first_name;
  std::string middle_name;
  std::string last_name;
  std::string dob;
  std::string street;
  std::string unit;
  std::string city;
  std::string state;
  std::string zip;
  std::string tin;
};

struct Request {
  std::string request_id;
  std::string signed_by;
  std::string official_id;
  std::string case_number;
  std::string statute;
  std::string tax_periods;  // ';'-separated years, as written
  std::string reason;
  std::string purpose;           // empty means criminal_investigation
  std::string fields_requested;  // ';'-separated; empty means "address"
  PersonQuery person;
  std::string signature;  // the signer's Ed25519 signature, base64 ("" none)
  int64_t line = 0;       // line of the request in its file (0 when not a file)
  int64_t index = 0;      // 0-based position in its batch
};

}  // namespace taxgate::domain

#endif  // TAXGATE_DOMAIN_REQUEST_H_
