#include "policy/statute_table.h"

#include <string>
#include <vector>

#include "common/data_dir.h"
#include "gtest/gtest.h"

namespace taxgate::policy {
namespace {

struct Form {
  const char* text;
  CodeKind code;
  int title;
  const char* section;
  const char* subsections;
};

TEST(ParseCitationTest, ReadsTheFormsAgenciesWrite) {
  const std::vector<Form> forms = {
      {"8 U.S.C. § 1253(a)(1)", CodeKind::kUsc, 8, "1253", "(A)(1)"},
      {"8 U.S.C. 1253(a)(1)", CodeKind::kUsc, 8, "1253", "(A)(1)"},
      {"8 U.S.C. §1253(a)(1)", CodeKind::kUsc, 8, "1253", "(A)(1)"},
      {"8 U.S.C. §§ 1253", CodeKind::kUsc, 8, "1253", ""},
      {"8 USC 1253", CodeKind::kUsc, 8, "1253", ""},
      {"8 usc 1253", CodeKind::kUsc, 8, "1253", ""},
      {"8USC1253", CodeKind::kUsc, 8, "1253", ""},
      {"8 U. S. C. 1253", CodeKind::kUsc, 8, "1253", ""},
      {"8 U.S. Code § 1253", CodeKind::kUsc, 8, "1253", ""},
      {"8 United States Code Section 1253", CodeKind::kUsc, 8, "1253", ""},
      {"Title 8, Section 1253", CodeKind::kUsc, 8, "1253", ""},
      {"Title 8 Section 1253(a)", CodeKind::kUsc, 8, "1253", "(A)"},
      {"Title 8 U.S.C. Section 1253", CodeKind::kUsc, 8, "1253", ""},
      {"Title 8 USC 1326", CodeKind::kUsc, 8, "1326", ""},
      {"Section 1253 of Title 8", CodeKind::kUsc, 8, "1253", ""},
      {"Sec. 1326 of Title 8, U.S.C.", CodeKind::kUsc, 8, "1326", ""},
      {"U.S.C. Title 8 Sec. 1326", CodeKind::kUsc, 8, "1326", ""},
      {"8 U.S.C. 1253 (a)(1)", CodeKind::kUsc, 8, "1253", "(A)(1)"},
      {"8 U.S.C. 1253(a)(1).", CodeKind::kUsc, 8, "1253", "(A)(1)"},
      {"18 U.S.C. 1546", CodeKind::kUsc, 18, "1546", ""},
      {"18 U.S.C. § 1546(a)", CodeKind::kUsc, 18, "1546", "(A)"},
      {"18 U.S.C. 1028A", CodeKind::kUsc, 18, "1028A", ""},
      {"18 U.S.C. § 1028A(a)(1)", CodeKind::kUsc, 18, "1028A", "(A)(1)"},
      {"8 U.S.C. § 1229a", CodeKind::kUsc, 8, "1229A", ""},
      {"8 U.S.C. 1227(a)(1)(B)", CodeKind::kUsc, 8, "1227", "(A)(1)(B)"},
      {"26 U.S.C. 7201", CodeKind::kUsc, 26, "7201", ""},
      {"26 USCA 7206(1)", CodeKind::kUsc, 26, "7206", "(1)"},
      {"8 C.F.R. 241.4", CodeKind::kCfr, 8, "241.4", ""},
      {"8 CFR § 287.7", CodeKind::kCfr, 8, "287.7", ""},
      {"8 C.F.R. § 241.4(a)", CodeKind::kCfr, 8, "241.4", "(A)"},
      {"Title 8 Code of Federal Regulations 241.4", CodeKind::kCfr, 8, "241.4",
       ""},
      {"Section 241.4 of Title 8 C.F.R.", CodeKind::kCfr, 8, "241.4", ""},
  };
  for (const auto& f : forms) {
    auto c = ParseCitation(f.text);
    ASSERT_TRUE(c.has_value()) << f.text;
    EXPECT_EQ(c->code, f.code) << f.text;
    EXPECT_EQ(c->title, f.title) << f.text;
    EXPECT_EQ(c->section, f.section) << f.text;
    EXPECT_EQ(c->subsections, f.subsections) << f.text;
  }
}

TEST(ParseCitationTest, AgencyPoliciesAreRecognized) {
  for (const char* text : {"ICE Directive 11064.3", "DHS Policy Memorandum",
                           "Executive Order 14159", "IRS-DHS MOU of April 2025",
                           "ICE Enforcement and Removal Operations "
                           "Manual"}) {
    auto c = ParseCitation(text);
    ASSERT_TRUE(c.has_value()) << text;
    EXPECT_EQ(c->code, CodeKind::kPolicy) << text;
  }
}

TEST(ParseCitationTest, TextThatIsNoCitationDoesNotParse) {
  for (const char* text : {"", "immigration law", "the INA", "8", "U.S.C.",
                           "8 U.S.C.", "Title 8", "1253", "99 U.S.C. 1",
                           "8 U.S.C. abc", "Section 1253", "8 U.S.C. 1253.4"}) {
    EXPECT_FALSE(ParseCitation(text).has_value()) << text;
  }
}

TEST(SplitCitationsTest, SplitsOnSemicolons) {
  EXPECT_EQ(SplitCitations("8 USC 1326; 18 USC 1546"),
            (std::vector<std::string>{"8 USC 1326", "18 USC 1546"}));
  EXPECT_TRUE(SplitCitations(" ; ").empty());
  EXPECT_EQ(SplitCitations("Title 8, Section 1253").size(), 1u);
}

class StatuteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = StatuteTable::Load(ConfigDir() + "/statutes.csv");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(t).value();
  }
  StatuteTable table_;
};

TEST_F(StatuteTableTest, ShippedTableClassifiesCommonCitations) {
  struct Want {
    const char* text;
    StatuteKind kind;
  };
  const std::vector<Want> wants = {
      {"8 U.S.C. 1253(a)(1)", StatuteKind::kCriminal},
      {"8 U.S.C. § 1253(a)(1)", StatuteKind::kCriminal},
      {"8 USC 1253", StatuteKind::kCriminal},
      {"Title 8, Section 1253", StatuteKind::kCriminal},
      {"8 USC 1306", StatuteKind::kCriminal},
      {"8 USC 1324(a)(1)(A)(iii)", StatuteKind::kCriminal},
      {"8 USC 1325", StatuteKind::kCriminal},
      {"8 USC 1326", StatuteKind::kCriminal},
      {"8 USC 1327", StatuteKind::kCriminal},
      {"8 USC 1328", StatuteKind::kCriminal},
      {"18 U.S.C. 1001", StatuteKind::kCriminal},
      {"18 U.S.C. 1015", StatuteKind::kCriminal},
      {"18 U.S.C. 1028", StatuteKind::kCriminal},
      {"18 U.S.C. 1028A", StatuteKind::kCriminal},
      {"18 U.S.C. 1425", StatuteKind::kCriminal},
      {"18 U.S.C. 1426", StatuteKind::kCriminal},
      {"18 U.S.C. 1543", StatuteKind::kCriminal},
      {"18 U.S.C. 1546", StatuteKind::kCriminal},
      {"18 U.S.C. 911", StatuteKind::kCriminal},
      {"18 U.S.C. 371", StatuteKind::kCriminal},
      {"18 U.S.C. 1956", StatuteKind::kCriminal},
      {"8 U.S.C. 1227(a)(1)(B)", StatuteKind::kCivil},
      {"8 U.S.C. § 1229a", StatuteKind::kCivil},
      {"8 U.S.C. 1229", StatuteKind::kCivil},
      {"8 U.S.C. 1231", StatuteKind::kCivil},
      {"8 U.S.C. 1182", StatuteKind::kCivil},
      {"8 U.S.C. 1225", StatuteKind::kCivil},
      {"8 U.S.C. 1226", StatuteKind::kCivil},
      {"8 U.S.C. 1357", StatuteKind::kCivil},
      {"8 U.S.C. 1324a", StatuteKind::kCivil},
      {"8 U.S.C. 1253(d)", StatuteKind::kCivil},         // subsection row
      {"8 U.S.C. 1324a(f)(1)", StatuteKind::kCriminal},  // longest prefix
      {"26 U.S.C. 7201", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 7206(1)", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 7212(a)", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 7216", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 6103", StatuteKind::kTaxAdministration},  // "26,*" row
      {"8 C.F.R. 241.4", StatuteKind::kRegulation},
      {"ICE Directive 11064.3", StatuteKind::kRegulation},
      {"8 U.S.C. 1999", StatuteKind::kUnknown},
      {"18 U.S.C. 9999", StatuteKind::kUnknown},
      {"50 U.S.C. 1801", StatuteKind::kUnknown},
      {"immigration law", StatuteKind::kUnknown},
      {"INA 243(a)", StatuteKind::kUnknown},
  };
  for (const auto& w : wants) {
    EXPECT_EQ(StatuteKindName(table_.ClassifyText(w.text)),
              std::string(StatuteKindName(w.kind)))
        << w.text;
  }
}

TEST(StatuteTableLoadTest, BadRowsNameFileAndLine) {
  struct Bad {
    const char* csv;
    const char* want;
  };
  const std::vector<Bad> bads = {
      {"title,section,kind\n8,1253,criminal\n8,1253,civil\n",
       "t.csv:3: title 8 section 1253 is listed twice"},
      {"title,section,kind\n8,1253,felony\n", "t.csv:2: column 'kind'"},
      {"title,section,kind\n8,1253,unknown\n", "t.csv:2: column 'kind'"},
      {"title,section,kind\nviii,1253,criminal\n", "t.csv:2: column 'title'"},
      {"title,section,kind\n8,,criminal\n", "t.csv:2: column 'section'"},
      {"title,section,kind\n8,12 53,criminal\n", "t.csv:2: column 'section'"},
      {"title,kind\n8,criminal\n", "section"},
  };
  for (const auto& b : bads) {
    auto t = StatuteTable::FromCsv("t.csv", b.csv);
    ASSERT_FALSE(t.ok()) << b.csv;
    EXPECT_NE(t.status().message().find(b.want), std::string::npos)
        << t.status().message();
  }
  auto ok = StatuteTable::FromCsv(
      "t.csv",
      "title,section,kind,description\n8,1253(d),civil,x\n26,*,"
      "tax_administration,IRC\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ(ok->ClassifyText("26 USC 1"), StatuteKind::kTaxAdministration);
  EXPECT_EQ(ok->ClassifyText("8 USC 1253"), StatuteKind::kUnknown);
  EXPECT_EQ(ok->ClassifyText("8 USC 1253(d)(1)"), StatuteKind::kCivil);
  EXPECT_FALSE(StatuteTable::Load("/nonexistent/statutes.csv").ok());
}

}  // namespace
}  // namespace taxgate::policy
