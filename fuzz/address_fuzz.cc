// Fuzzes the reading of an address: the USPS box grammar and tokens
// (normalize/usps.h), normalization for matching (normalize/address.h) and
// the address check of the statute rules (policy/address_check.h), on the
// shipped tables and policy (config/, data/).
//
// The input is one request's address, its fields separated by line feeds:
// street, unit, city, state, ZIP.
//
// Properties: no crash, sanitizer report or hang; every token is non-empty
// and upper case; a box read at a token ends past it and inside the line,
// with a box number; the check gives a verdict with its reason, and kReal
// with an address kind; a line the check calls a street address classifies
// with a core; normalization's ZIP is digits.
#include <string>

#include "fuzz_util.h"
#include "normalize/address.h"
#include "normalize/usps.h"
#include "policy/address_check.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const ruleset::Ruleset& rs = ShippedRuleset();
  const std::vector<std::string> f = SplitFields(AsText(data, size), '\n', 5);
  const std::string& street = f[0];
  const std::string& unit = f[1];
  const std::string& city = f[2];
  const std::string& state = f[3];
  const std::string& zip = f[4];

  // The grammar, at every token of every field.
  for (const std::string& field : f) {
    normalize::AddressWords t = normalize::AddressTokens(field);
    for (const std::string& w : t) FUZZ_CHECK(!w.empty());
    for (size_t i = 0; i <= t.size(); ++i) {
      size_t k = normalize::SkipNumberSign(t, i);
      FUZZ_CHECK(k >= i);
      FUZZ_CHECK(k <= t.size() || i > t.size());
      FUZZ_CHECK(i + normalize::PoBoxPrefix(t, i) <= t.size());
      bool strict = false;
      FUZZ_CHECK(i + normalize::RuralPrefix(t, i, &strict) <= t.size());
      normalize::Box box = normalize::ReadBox(t, i);
      if (box.kind != normalize::BoxKind::kNone) {
        FUZZ_CHECK(box.end > i && box.end <= t.size());
        FUZZ_CHECK(box.box == t[box.end - 1]);
        FUZZ_CHECK(normalize::IsBoxNumber(box.box));
        FUZZ_CHECK((box.kind == normalize::BoxKind::kPoBox) ==
                   box.route.empty());
      }
    }
  }

  // Normalization for matching.
  normalize::Address a =
      normalize::NormalizeAddress(street, unit, city, state, zip, *rs.tables);
  (void)a.StreetLine();
  for (char c : a.zip5) FUZZ_CHECK(c >= '0' && c <= '9');
  for (char c : normalize::NormalizeZip(zip)) FUZZ_CHECK(c >= '0' && c <= '9');

  // The address check.
  const policy::AddressClassifier& check = rs.policy->addresses;
  policy::AddressCheck verdict = check.Classify(street, unit, city, state, zip);
  FUZZ_CHECK(policy::AddressVerdictName(verdict.verdict) != nullptr);
  if (verdict.verdict == policy::AddressVerdict::kReal) {
    FUZZ_CHECK(verdict.kind != policy::AddressKind::kNone);
  } else {
    FUZZ_CHECK(!verdict.why.empty());
  }
  // The same request through the PersonQuery overload.
  domain::PersonQuery person;
  person.street = street;
  person.unit = unit;
  person.city = city;
  person.state = state;
  person.zip = zip;
  policy::AddressCheck again = check.Classify(person);
  FUZZ_CHECK(again.verdict == verdict.verdict);
  FUZZ_CHECK(again.kind == verdict.kind);
  FUZZ_CHECK(again.why == verdict.why);

  std::string code = check.StateCode(state);
  if (!code.empty()) FUZZ_CHECK(check.StateCode(code) == code);
  (void)check.LooksLikeStreetAddress(street);
  if (zip.size() >= 5) (void)check.ZipFitsState(zip.substr(0, 5), code);
  return 0;
}
