// Record: one row of the tax-record store, one observation of a person in
// one tax year from one source (FORMATS.md, records.csv). Plain value type.
#ifndef TAXGATE_DOMAIN_RECORD_H_
#define TAXGATE_DOMAIN_RECORD_H_

#include <optional>
#include <string>
#include <string_view>

namespace taxgate::domain {

// Where the IRS got a row (LAW.md, "What may be released").
enum class Source {
  kReturn,      // filed by or for the taxpayer (a 1040)
  kInfoReturn,  // filed by a third party (W-2, 1099)
  kIrs,         // made by the IRS itself
};

// "return", "info_return", "irs".
const char* SourceName(Source s);
std::optional<Source> ParseSource(std::string_view s);

struct Record {
  std::string record_id;
  std::string tin;  // 9 digits when well formed; as filed otherwise
  std::string first_name;
  std::string middle_name;
  std::string last_name;
  std::string dob;  // YYYY-MM-DD or empty
  std::string street;
  std::string unit;
  std::string city;
  std::string state;
  std::string zip;
  int tax_year = 0;
  Source source = Source::kReturn;
};

}  // namespace taxgate::domain

#endif  // TAXGATE_DOMAIN_RECORD_H_
