#include "normalize/usps.h"

#include "gtest/gtest.h"
#include "normalize/address.h"
#include "ruleset/ruleset.h"

namespace taxgate::normalize {
namespace {

Box BoxOf(std::string_view line) {
  AddressWords t = AddressTokens(line);
  for (size_t i = 0; i < t.size(); ++i) {
    Box b = ReadBox(t, i);
    if (b.kind != BoxKind::kNone) return b;
  }
  return {};
}

TEST(UspsGrammarTest, TokensFoldAndSplitGluedPrefixes) {
  EXPECT_EQ(AddressTokens("P.O. Box #12"),
            (AddressWords{"PO", "BOX", "#", "12"}));
  EXPECT_EQ(AddressTokens("rr2 box 15"),
            (AddressWords{"RR", "2", "BOX", "15"}));
  EXPECT_EQ(AddressTokens("ＰＳＣ１２３４ Box 5"),
            (AddressWords{"PSC", "1234", "BOX", "5"}));
}

TEST(UspsGrammarTest, ABoxKeepsItsRoute) {
  EXPECT_EQ(BoxOf("RR 2 Box 15").route, "RR 2");
  EXPECT_EQ(BoxOf("Rural Route 2 Box 15").route, "RR 2");
  EXPECT_EQ(BoxOf("RR2 Box 15").route, "RR 2");
  EXPECT_EQ(BoxOf("HCR 1 Box 9").route, "HC 1");
  EXPECT_EQ(BoxOf("Highway Contract 1 Box 9").route, "HC 1");
  EXPECT_EQ(BoxOf("Star Route 1 Box 9").route, "HC 1");
  EXPECT_EQ(BoxOf("Star Route Box 9").route, "HC");
  EXPECT_EQ(BoxOf("PSC 1234 Box 5678").route, "PSC 1234");
  EXPECT_EQ(BoxOf("Unit 2050 Box 4190").route, "UNIT 2050");
  EXPECT_EQ(BoxOf("RR 2 Box 15").box, "15");
  EXPECT_EQ(BoxOf("RR 2 Box 15").kind, BoxKind::kRoute);
  EXPECT_EQ(BoxOf("PSC 1234 Box 5678").kind, BoxKind::kMilitary);
  Box po = BoxOf("PO Box 15");
  EXPECT_EQ(po.kind, BoxKind::kPoBox);
  EXPECT_EQ(po.route, "");
  EXPECT_EQ(po.box, "15");
  EXPECT_EQ(BoxOf("Apartado Postal 77").box, "77");
}

TEST(UspsGrammarTest, NotABox) {
  EXPECT_EQ(BoxOf("Route 66").kind, BoxKind::kNone);
  EXPECT_EQ(BoxOf("123 Main St").kind, BoxKind::kNone);
  EXPECT_EQ(BoxOf("RR 2").kind, BoxKind::kNone);
  EXPECT_EQ(BoxOf("PO Box").kind, BoxKind::kNone);
  EXPECT_EQ(BoxOf("Box Elder Dr").kind, BoxKind::kNone);
}

// The address check and normalization read the same vocabulary: a unit
// spelling the check knows is one normalization splits off, and the other
// way round.
TEST(UspsVocabularyTest, OneVocabularyForCheckAndNormalization) {
  auto rs = ruleset::DefaultRuleset();
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  const Tables& t = *(*rs)->tables;
  bool apto = false, dc = false;
  for (const auto& u : t.usps.units) apto |= u.designator == "APTO";
  for (const auto& s : t.usps.states) dc |= s.name == "WASHINGTON DC";
  EXPECT_TRUE(apto);
  EXPECT_TRUE(dc);
  EXPECT_EQ(t.unit_designators.at("APTO"), "APT");
  Address a =
      NormalizeAddress("Calle Luna 25 Apto 3", "", "Austin", "TX", "78701", t);
  EXPECT_EQ(a.unit, "APT 3");
  const auto& check = (*rs)->policy->addresses;
  EXPECT_EQ(check.StateCode("Washington DC"), "DC");
  EXPECT_FALSE(t.usps.zip3.empty());
  EXPECT_FALSE(check.ZipFitsState("78701", "NY"));
}

// A building's name before its street address is no unit: "Sunrise
// Apartments, 400 Oak Ave" is 400 Oak Ave (the address check says so too,
// tests/policy/address_shapes.test).
TEST(UspsVocabularyTest, APluralIsABuildingNotAUnit) {
  auto rs = ruleset::DefaultRuleset();
  ASSERT_TRUE(rs.ok());
  Address a = NormalizeAddress("Sunrise Apartments, 400 Oak Ave", "", "Austin",
                               "TX", "78701", *(*rs)->tables);
  EXPECT_EQ(a.unit, "");
}

TEST(UspsVocabularyTest, ErrorsNameTheFile) {
  InputFiles files;
  EXPECT_EQ(ParseUsps(files).status().code(), StatusCode::kNotFound);
  auto rs = ruleset::DefaultRuleset();
  ASSERT_TRUE(rs.ok());
  for (const char* name : kUspsFiles) {
    files.Add({name, std::string("/x/") + name, ""});
  }
  files.Add({"reference/usps_states.csv", "/x/usps_states.csv",
             "name,abbreviation,kind\nTEXAS,TX,state\n"});
  files.Add({"reference/usps_zip3_states.csv", "/x/zip3.csv",
             "first,last,states\n750,7x9,TX\n"});
  auto bad = ParseUsps(files);
  ASSERT_FALSE(bad.ok());
  // The first file that fails is named, with its line when it has one.
  EXPECT_NE(bad.status().message().find("/x/"), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace taxgate::normalize
