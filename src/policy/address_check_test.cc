// Table-driven tests of the address classifier: real addresses of every
// accepted kind, and placeholders and half-addresses of every kind, each in
// several localities.
#include "policy/address_check.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/data_dir.h"
#include "gtest/gtest.h"
#include "policy/policy.h"
#include "ruleset/ruleset.h"

namespace taxgate::policy {
namespace {

struct Locality {
  const char* city;
  const char* state;
  const char* zip;
};

struct Case {
  std::string street, unit, city, state, zip;
};

std::string Describe(const Case& c) {
  return "[" + c.street + "|" + c.unit + "|" + c.city + "|" + c.state + "|" +
         c.zip + "]";
}

class AddressCheckTest : public ::testing::Test {
 protected:
  // The shipped policy's classifier: its placeholder lists, specimen ZIPs
  // and foreign places.
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    classifier_ = new AddressClassifier((*rs)->policy->addresses);
  }
  static void TearDownTestSuite() {
    delete classifier_;
    classifier_ = nullptr;
  }
  static AddressCheck Check(const Case& c) {
    return classifier_->Classify(c.street, c.unit, c.city, c.state, c.zip);
  }
  static AddressClassifier* classifier_;
};

AddressClassifier* AddressCheckTest::classifier_ = nullptr;

// Civilian street lines, each tried with city+state+ZIP, ZIP alone and
// city+state alone.
const std::vector<std::string> kRealStreetLines = {
    "123 Main St", "1420 N Main St", "123 1/2 Elm Ave", "123-1/2 Oak St",
    "W156N11500 Fond du Lac Ave", "N95W18000 Appleton Ave", "55 Peña Blvd",
    "4100 Calle Real", "1234 S 500 E", "12-34 31st Ave", "123A Main St",
    "100 Broadway", "1600 Pennsylvania Ave NW", "350 5th Ave Fl 34",
    "123 Main St Apt 4B", "123 Main St # 12", "123 Main St, Suite 210",
    "123 Front St", "7 Key West Dr", "10 North St", "88 Oak Ave", "19 Maple Ct",
    "3001 S Congress Ave", "732 E 5th St", "2209 W Cermak Rd", "123 main st",
    "1 Infinite Loop", "0 Ocean Blvd", "123 Main St Rear", "Apt 4 123 Main St",
    "500 Avenida de la Paz", "9 Rue Royale", "101 Martin Luther King Jr Blvd",
    "PO Box 4412", "P.O. Box 12", "POB 12", "P O Box 5", "Post Office Box 77",
    "PO Box #88", "PO Drawer 9", "Apartado 123", "RR 2 Box 15", "R.R. 2 Box 15",
    "RR2 Box 15", "Rural Route 3 Box 120", "HC 1 Box 9",
    "Highway Contract 68 Box 22", "Star Route 1 Box 4", "Rte 4 Box 210",
    "URB Las Gladiolas 150 Calle A", "Urb. Villa Carolina 12 Calle 5",
    "Carr 2 Km 3.4",
    // The shapes LAW.md names.
    "Calle Luna 25", "Avenida Juarez 1200", "Main St 12", "123\xC2\xBD Main St",
    "One Microsoft Way", "Twenty-One Jump St", "Box 12", "HCR 1 Box 5",
    "Star Route Box 9", "1000 AAA Dr", "c/o Maria Lopez, 55 Elm St",
    "Harris County Jail, 1200 Baker St", "In custody, 1200 Baker St",
    "\xE2\x80\x8F"
    "123 Main St",  // a leading right-to-left mark
    "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93 Main St",  // full width
    "123 Ma\xE2\x80\x8Bin St",                       // a zero-width space
};

const std::vector<Locality> kCivilianLocalities = {
    {"Springfield", "IL", "62704"},
    {"", "", "62704-1123"},
    {"Houston", "TX", ""},
    {"Austin", "Texas", ""},  // the state as its name
};

TEST_F(AddressCheckTest, RealStreetPoBoxRuralAndPuertoRicoAddresses) {
  int n = 0;
  for (const auto& line : kRealStreetLines) {
    for (const auto& loc : kCivilianLocalities) {
      Case c{line, "", loc.city, loc.state, loc.zip};
      AddressCheck got = Check(c);
      EXPECT_EQ(got.verdict, AddressVerdict::kReal)
          << Describe(c) << " why: " << got.why;
      ++n;
    }
  }
  EXPECT_GE(n, 200);
}

TEST_F(AddressCheckTest, RealMilitaryAddresses) {
  const std::vector<Case> cases = {
      {"PSC 1234 Box 5678", "", "APO", "AE", "09001"},
      {"PSC 1234 Box 5678", "", "APO", "AE", ""},
      {"PSC 802 Box 74", "", "FPO", "AP", "96349"},
      {"Unit 2050 Box 4190", "", "APO", "AP", "96278"},
      {"Unit 2050 Box 4190", "", "DPO", "AE", "09498"},
      {"CMR 450 Box 123", "", "APO", "AE", "09058"},
      {"USS Nimitz", "", "FPO", "AP", "96620"},
      {"USNS Comfort", "", "FPO", "AA", "34099"},
      {"PSC1234 Box 5678", "", "APO", "AE", "09001"},
      {"PSC 1234 Box 5678", "", "", "", "09001"},
      {"PSC 1234 Box 5678", "", "APO", "", "09001"},
  };
  for (const auto& c : cases) {
    AddressCheck got = Check(c);
    EXPECT_EQ(got.verdict, AddressVerdict::kReal)
        << Describe(c) << " why: " << got.why;
    EXPECT_EQ(got.kind, AddressKind::kMilitary) << Describe(c);
  }
}

TEST_F(AddressCheckTest, KindsAreReported) {
  EXPECT_EQ(Check({"123 Main St", "", "Austin", "TX", "78701"}).kind,
            AddressKind::kStreet);
  EXPECT_EQ(Check({"PO Box 1", "", "Austin", "TX", "78701"}).kind,
            AddressKind::kPoBox);
  EXPECT_EQ(Check({"HC 1 Box 9", "", "Marfa", "TX", "79843"}).kind,
            AddressKind::kRuralRoute);
  EXPECT_EQ(
      Check({"URB Las Gladiolas 150 Calle A", "", "San Juan", "PR", "00926"})
          .kind,
      AddressKind::kUrbanization);
}

// Placeholders, in any spelling or language, and street lines of no
// accepted kind; each with several localities.
const std::vector<std::string> kNotRealStreetLines = {
    "Failed to Provide",
    "FAILED TO PROVIDE",
    "failed-to-provide",
    "Unknown Address",
    "Address Unknown",
    "UNKNOWN",
    "unknown",
    "Unk",
    "NA NA",
    "NA",
    "N/A",
    "N.A.",
    "n/a n/a",
    "Don't Care",
    "Don't Care 12345",
    "DONT CARE",
    "Do not care",
    "Don’t know",
    "Sin domicilio",
    "SIN DOMICILIO FIJO",
    "Sin dirección",
    "Desconocido",
    "Desconocida",
    "Domicilio desconocido",
    "Inconnu",
    "Sans domicile fixe",
    "Desconhecido",
    "Homeless",
    "HOMELESS - SHELTER",
    "Transient",
    "No fixed address",
    "No fixed abode",
    "In custody",
    "In ICE custody",
    "Incarcerated",
    "Detained",
    "Deported",
    "None",
    "NONE",
    "TBD",
    "Refused",
    "Declined",
    "No address",
    "No Address Provided",
    "Not provided",
    "Not available",
    "Not applicable",
    "Redacted",
    "XXX",
    "xxxxx",
    "123 XXX St",
    "123 Unknown St",
    "General Delivery",
    "Entrega General",
    "See file",
    "Same as above",
    "Main St",
    "Elm Street",
    "Calle Real",
    "North Main Street",
    "123",
    "12345",
    "123 N",
    "123 Street",
    "123 Apt 4",
    "Apt 3B",
    "Unit 4",
    "# 12",
    "PO Box",
    "P.O. Box",
    "RR 2",
    "HC 1",
    "Rural Route",
    "-",
    "?",
    "...",
    "null",
    "placeholder",
    // In other scripts and spellings.
    "Unkn\xD0\xBEwn",  // Cyrillic о
    "\xEF\xBC\xB5\xEF\xBC\xAE\xEF\xBC\xAB\xEF\xBC\xAE\xEF\xBC\xAF\xEF\xBC\xB7"
    "\xEF\xBC\xAE",                                      // full-width UNKNOWN
    "Unkn\xE2\x80\x8Bown",                               // zero-width space
    "\xE2\x80\x94",                                      // an em dash alone
    "Endere\xC3\xA7o desconhecido",                      // Portuguese
    "Adresse inconnue",                                  // French
    "Ohne festen Wohnsitz",                              // German
    "\xE5\x9C\xB0\xE5\x9D\x80\xE4\xB8\x8D\xE8\xAF\xA6",  // 地址不详
    "123 Main St, Anytown",
};

TEST_F(AddressCheckTest, PlaceholdersAndHalfAddressesAreNotReal) {
  int n = 0;
  for (const auto& line : kNotRealStreetLines) {
    for (const auto& loc : kCivilianLocalities) {
      Case c{line, "", loc.city, loc.state, loc.zip};
      AddressCheck got = Check(c);
      EXPECT_EQ(got.verdict, AddressVerdict::kNotReal)
          << Describe(c) << " kind: " << AddressKindName(got.kind);
      EXPECT_FALSE(got.why.empty()) << Describe(c);
      ++n;
    }
  }
  EXPECT_GE(n, 200);
}

TEST_F(AddressCheckTest, NoStreetLineOrBadLocalityIsNotReal) {
  const std::vector<Case> cases = {
      // A ZIP is not an address; nor a city, nor city + state.
      {"", "", "", "", "90210"},
      {"", "", "", "", "12345"},
      {"", "", "", "", "62704-1123"},
      {"", "", "Chicago", "IL", ""},
      {"", "", "Chicago", "", ""},
      {"", "", "", "IL", ""},
      {"", "", "Chicago", "IL", "60601"},
      {"", "Apt 4", "Chicago", "IL", "60601"},
      {"", "", "", "", "00000"},
      // A real street line without city + state or ZIP.
      {"123 Main St", "", "", "", ""},
      {"123 Main St", "", "Springfield", "", ""},
      {"123 Main St", "", "", "IL", ""},
      // A placeholder state; a specimen ZIP with no city and state.
      {"123 Main St", "", "Springfield", "XX", "62704"},
      {"123 Main St", "", "Springfield", "N/A", "62704"},
      {"123 Main St", "", "", "", "00000"},
      {"123 Main St", "", "", "", "12345"},
      {"123 Main St", "", "", "", "99999"},
      {"123 Main St", "", "", "", "11111"},
      {"123 Main St", "", "Anytown", "", "12345"},
      // Split across street and city.
      {"1 Not", "", "Provided", "", "62704"},
      {"1 Failed To", "", "Provide", "TX", "77002"},
      // Placeholder city.
      {"123 Main St", "", "Unknown", "IL", "62704"},
      {"123 Main St", "", "N/A", "IL", "62704"},
      {"123 Main St", "", "Desconocido", "TX", "78040"},
      // Military boxes outside military localities, and the reverse.
      {"PSC 1234 Box 5678", "", "Houston", "TX", "77002"},
      {"Unit 2050 Box 4190", "", "", "", "77002"},
      {"123 Main St", "", "APO", "AE", "09001"},
      {"PSC 1234 Box 5678", "", "APO", "TX", "09001"},
      {"PSC 1234 Box 5678", "", "Houston", "AE", "09001"},
      {"PSC 1234", "", "APO", "AE", "09001"},
      {"CMR 450", "", "APO", "AE", "09058"},
      // The examples of LAW.md and the February 2026 ruling.
      {"Failed to Provide", "", "", "", "12345"},
      {"Unknown Address", "", "", "", "60601"},
      {"NA NA", "", "", "", "00000"},
      {"Don't Care", "", "", "", "12345"},
      {"Homeless", "", "Chicago", "IL", "60601"},
      {"Main St", "", "Houston", "TX", "77002"},
  };
  for (const auto& c : cases) {
    AddressCheck got = Check(c);
    EXPECT_EQ(got.verdict, AddressVerdict::kNotReal) << Describe(c);
  }
}

TEST_F(AddressCheckTest, ForeignAndUnknownShapesAreNotGuessed) {
  const std::vector<Case> cases = {
      {"1 Rue de Rivoli", "", "Paris", "France", "75001"},
      {"Av. Reforma 222", "", "Ciudad de Mexico", "CDMX", "06600"},
      {"123 Main St", "", "Toronto", "ON", "M5V 3L9"},
      {"10 Downing St", "", "London", "", "SW1A 2AA"},
      {"Calle 5 de Mayo 12", "", "Guadalajara", "Jalisco", ""},
      {"\xE5\xBB\xBA\xE5\x9B\xBD\xE8\xB7\xAF"
       "88",
       "", "\xE5\x8C\x97\xE4\xBA\xAC", "", ""},          // 建国路88, 北京
      {"123 Main St", "", "Springfield", "IL", "6270"},  // not a ZIP
      {"123 Main St", "", "Springfield", "IL", "627041"},
      {"123-456-789 Something", "", "Springfield", "IL", "62704"},
  };
  for (const auto& c : cases) {
    AddressCheck got = Check(c);
    EXPECT_EQ(got.verdict, AddressVerdict::kUnverified)
        << Describe(c) << " why: " << got.why;
  }
}

TEST_F(AddressCheckTest, AZipOfAnotherStateIsNotGuessed) {
  // An Italian address with Milan's province code, which is Michigan's.
  AddressCheck got = Check({"Via Dante 10", "", "Milano", "MI", "20121"});
  EXPECT_EQ(got.verdict, AddressVerdict::kUnverified) << got.why;
  EXPECT_EQ(Check({"123 Main St", "", "Houston", "TX", "10001"}).verdict,
            AddressVerdict::kUnverified);
  // ZIPs that fit, prefixes two states share, territories and military.
  const std::vector<Case> real = {
      {"1600 Pennsylvania Ave NW", "", "Washington", "DC", "20500"},
      {"100 Main St", "", "Fishers Island", "NY", "06390"},
      {"3 Locust St", "", "Carter Lake", "IA", "51510"},
      {"5 Main St", "", "Pago Pago", "AS", "96799"},
      {"PSC 802 Box 74", "", "APO", "AE", "09499"},
      {"1000 Congress Ave", "", "Austin", "Texas", "73301"},
      {"1 Main St", "", "Holtsville", "NY", "00501"}};
  for (const auto& c : real) {
    AddressCheck r = Check(c);
    EXPECT_EQ(r.verdict, AddressVerdict::kReal) << Describe(c) << " " << r.why;
  }
  EXPECT_FALSE(classifier_->ZipFitsState("20121", "MI"));
  EXPECT_TRUE(classifier_->ZipFitsState("20121", "VA"));
  EXPECT_TRUE(classifier_->ZipFitsState("42901", "XX"));  // unused prefix
}

TEST_F(AddressCheckTest, SpecimenZipsNeedARealCityAndState) {
  EXPECT_EQ(Check({"1 River Rd", "", "Schenectady", "NY", "12345"}).verdict,
            AddressVerdict::kReal);
  EXPECT_EQ(Check({"1 River Rd", "", "", "", "12345"}).verdict,
            AddressVerdict::kNotReal);
  EXPECT_EQ(Check({"Don't Care", "", "", "", "12345"}).verdict,
            AddressVerdict::kNotReal);
}

TEST_F(AddressCheckTest, NothingWrittenIsMissing) {
  const std::vector<Case> cases = {
      {"", "", "", "", ""},
      {"  ", "", " ", "", "  "},
      {"\xC2\xA0", "", "\xE2\x80\x94", "", "\xE2\x80\x8B"},
      {"", "Apt 4", "", "", ""},
      {"", "#12", "", "", ""},
      {"", "Unit 4", "", "", ""},
  };
  for (const auto& c : cases) {
    AddressCheck got = Check(c);
    EXPECT_EQ(got.verdict, AddressVerdict::kMissing) << Describe(c);
  }
}

TEST_F(AddressCheckTest, UnitFieldIsNeverJudged) {
  EXPECT_EQ(Check({"123 Main St", "N/A", "Austin", "TX", "78701"}).verdict,
            AddressVerdict::kReal);
  EXPECT_EQ(Check({"123 Main St", "Unknown", "Austin", "TX", "78701"}).verdict,
            AddressVerdict::kReal);
}

TEST_F(AddressCheckTest, PersonQueryOverloadReadsTheAddressFields) {
  domain::PersonQuery p;
  p.street = "RR 2 Box 15";
  p.city = "Hico";
  p.state = "TX";
  p.zip = "76457";
  EXPECT_EQ(classifier_->Classify(p).verdict, AddressVerdict::kReal);
  p.street = "";
  EXPECT_EQ(classifier_->Classify(p).verdict, AddressVerdict::kNotReal);
  p = domain::PersonQuery{};
  EXPECT_EQ(classifier_->Classify(p).verdict, AddressVerdict::kMissing);
}

TEST(AddressClassifierBuildTest, AVocabularyWithoutStatesIsAnError) {
  auto built = AddressClassifier::Build(normalize::UspsVocabulary{});
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.status().message().find("no state codes"), std::string::npos)
      << built.status().ToString();
}

// Found by fuzz/address_fuzz.cc: the street address was looked for at
// every word of the line, and each try searched the rest of the line for a
// house number, the end of the street name, a number word or an area's
// number, so a street line of n words took n^2 steps (20,000 words of
// "N/A": minutes). Four times the words must take about four times as long,
// not sixteen (the best of two runs each, so a busy machine does not fail
// the test).
// Long street lines of filler (a fuzzed batch, an agency pasting a field
// many times) are read, never taken for an address. The check once took
// time in the square of the line's length (20,000 words of "N/A": about
// 100 s: docs/fuzzing.md); speed is not asserted in tests.
TEST_F(AddressCheckTest, LongStreetLinesAreNeverAnAddress) {
  for (const std::string word : {"N/A ", "1 ", "ONE ", "URB 1 "}) {
    std::string street;
    for (int i = 0; i < 6000; ++i) street += word;
    AddressCheck got = Check({street, "", "Austin", "TX", "78701"});
    EXPECT_NE(got.verdict, AddressVerdict::kReal) << word;
    EXPECT_FALSE(got.why.empty()) << word;
  }
}

}  // namespace
}  // namespace taxgate::policy
