#include "normalize/address.h"

#include <gtest/gtest.h>

#include "common/data_dir.h"
#include "ruleset/ruleset.h"

namespace taxgate::normalize {
namespace {

class AddressTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    tables_ = new Tables(*(*rs)->tables);
  }
  static void TearDownTestSuite() { delete tables_; }
  Address Norm(const char* street, const char* unit = "",
               const char* zip = "") {
    return NormalizeAddress(street, unit, "", "", zip, *tables_);
  }
  static Tables* tables_;
};
Tables* AddressTest::tables_ = nullptr;

TEST_F(AddressTest, SuffixesAndDirectionalsBecomeStandard) {
  Address a = Norm("1420 North Main Street");
  EXPECT_EQ(a.house_number, "1420");
  EXPECT_EQ(a.predirectional, "N");
  EXPECT_EQ(a.street_name, "MAIN");
  EXPECT_EQ(a.suffix, "ST");
  EXPECT_EQ(a.StreetLine(), "1420 N MAIN ST");
  EXPECT_EQ(Norm("1420 n. main st.").StreetLine(), "1420 N MAIN ST");
  EXPECT_EQ(Norm("77 Sunset Boulevard Southwest").StreetLine(),
            "77 SUNSET BLVD SW");
  EXPECT_EQ(Norm("12 Park Aven").StreetLine(), "12 PARK AVE");
}

TEST_F(AddressTest, UnitsAreSplitOff) {
  Address a = Norm("1420 Main St Apt 3B");
  EXPECT_EQ(a.StreetLine(), "1420 MAIN ST");
  EXPECT_EQ(a.unit, "APT 3B");
  EXPECT_EQ(a.unit_id, "3B");
  Address b = Norm("1420 Main St #12");
  EXPECT_EQ(b.unit, "# 12");
  EXPECT_EQ(b.unit_id, "12");
  EXPECT_EQ(Norm("5 Elm St", "Apartment 3b").unit, "APT 3B");
  EXPECT_EQ(Norm("5 Elm St", "Suite 100").unit, "STE 100");
}

TEST_F(AddressTest, OrdinalsAndSpelledNumbers) {
  EXPECT_EQ(Norm("100 First Avenue").StreetLine(), "100 1ST AVE");
  EXPECT_EQ(Norm("One Second Street").StreetLine(), "1 2ND ST");
  EXPECT_EQ(Norm("9 Twenty-First St").StreetLine(), "9 TWENTY 1ST ST");
}

TEST_F(AddressTest, PoBoxForms) {
  EXPECT_EQ(Norm("PO Box 123").po_box, "123");
  EXPECT_EQ(Norm("P.O. Box 123").po_box, "123");
  EXPECT_EQ(Norm("Post Office Box 123").po_box, "123");
  EXPECT_EQ(Norm("Box 123").StreetLine(), "PO BOX 123");
}

TEST_F(AddressTest, BoxesOnARouteKeepTheirRoute) {
  // Box 15 on rural route 2 and box 15 on rural route 7 are two addresses
  // (issue 10: both read "PO BOX 15" once, an exact address match).
  EXPECT_EQ(Norm("RR 2 Box 15").po_box, "RR 2 BOX 15");
  EXPECT_NE(Norm("RR 2 Box 15").po_box, Norm("RR 7 Box 15").po_box);
  EXPECT_NE(Norm("RR 2 Box 15").po_box, Norm("PO Box 15").po_box);
  EXPECT_EQ(Norm("Rural Route 2 Box 15").po_box, "RR 2 BOX 15");
  EXPECT_EQ(Norm("RR2 Box 15").po_box, "RR 2 BOX 15");
  EXPECT_EQ(Norm("HCR 1 Box 9").po_box, "HC 1 BOX 9");
  EXPECT_EQ(Norm("Star Route 1 Box 9").po_box, "HC 1 BOX 9");
  EXPECT_EQ(Norm("PSC 1234 Box 5678").StreetLine(), "PSC 1234 BOX 5678");
}

TEST_F(AddressTest, ZipAndState) {
  EXPECT_EQ(NormalizeZip("78701-1234"), "78701");
  EXPECT_EQ(NormalizeZip("787011234"), "78701");
  EXPECT_EQ(NormalizeZip("2135"), "2135");  // foreign postcode kept
  Address a =
      NormalizeAddress("1 Main St", "", "Austin", "Texas", "78701", *tables_);
  EXPECT_EQ(a.state, "TX");
  EXPECT_EQ(a.city, "AUSTIN");
  Address f = NormalizeAddress("8 stanley street", "miami", "winston hills",
                               "nsw", "4223", *tables_);
  EXPECT_EQ(f.state, "NSW");
  EXPECT_EQ(f.StreetLine(), "8 STANLEY ST");
  EXPECT_EQ(f.unit_id, "MIAMI");
}

TEST_F(AddressTest, SpanishStreetPrefix) {
  EXPECT_EQ(Norm("15 Calle Luna").StreetLine(), "15 CLL LUNA");
}

}  // namespace
}  // namespace taxgate::normalize
