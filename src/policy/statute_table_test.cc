#include "policy/statute_table.h"

#include <optional>
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

class StatuteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = StatuteTable::Load(ConfigDir() + "/statutes.csv");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(t).value();
  }
  std::optional<Citation> ParseCitation(std::string_view text) const {
    return table_.ParseCitation(text);
  }
  // The kinds of every citation of `text`, by name.
  std::vector<std::string> Kinds(std::string_view text) const {
    std::vector<std::string> out;
    for (StatuteKind k : table_.ClassifyAll(text)) {
      out.emplace_back(StatuteKindName(k));
    }
    return out;
  }
  StatuteTable table_;
};

TEST_F(StatuteTableTest, ReadsTheFormsAgenciesWrite) {
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
      // Spellings LAW.md names.
      {"8 USC s 1227(a)", CodeKind::kUsc, 8, "1227", "(A)"},
      {"8 U.S.C. Sect. 1227", CodeKind::kUsc, 8, "1227", ""},
      {"8 U. S. C. \xC2\xA7 1227", CodeKind::kUsc, 8, "1227", ""},
      {"Title 8, United States Code, Section 1325(a)", CodeKind::kUsc, 8,
       "1325", "(A)"},
      // INA sections stand for their Title 8 sections.
      {"INA \xC2\xA7 237", CodeKind::kUsc, 8, "1227", ""},
      {"INA \xC2\xA7 243(a)", CodeKind::kUsc, 8, "1253", "(A)"},
      {"I.N.A. section 276", CodeKind::kUsc, 8, "1326", ""},
      {"Section 275(a) of the Immigration and Nationality Act", CodeKind::kUsc,
       8, "1325", "(A)"},
      // Title 26 written as the Internal Revenue Code.
      {"I.R.C. \xC2\xA7 7201", CodeKind::kUsc, 26, "7201", ""},
      {"Internal Revenue Code section 7203", CodeKind::kUsc, 26, "7203", ""},
      // A description in parentheses is not part of the citation.
      {"8 U.S.C. 1326 (reentry of removed aliens)", CodeKind::kUsc, 8, "1326",
       ""},
      // Full-width and look-alike characters.
      {"\xEF\xBC\x98 U.S.C. \xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x92"
       "\xEF\xBC\x96",
       CodeKind::kUsc, 8, "1326", ""},
      {"8 U.S.\xD0\xA1. 1326", CodeKind::kUsc, 8, "1326", ""},  // Cyrillic С
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

TEST_F(StatuteTableTest, AgencyPoliciesAreRecognized) {
  for (const char* text : {"ICE Directive 11064.3", "DHS Policy Memorandum",
                           "Executive Order 14159", "IRS-DHS MOU of April 2025",
                           "ICE Enforcement and Removal Operations "
                           "Manual"}) {
    auto c = ParseCitation(text);
    ASSERT_TRUE(c.has_value()) << text;
    EXPECT_EQ(c->code, CodeKind::kPolicy) << text;
  }
}

TEST_F(StatuteTableTest, TextThatIsNoCitationDoesNotParse) {
  for (const char* text : {"", "immigration law", "the INA", "8", "U.S.C.",
                           "8 U.S.C.", "Title 8", "1253", "99 U.S.C. 1",
                           "8 U.S.C. abc", "Section 1253", "8 U.S.C. 1253.4"}) {
    EXPECT_FALSE(ParseCitation(text).has_value()) << text;
  }
}

TEST_F(StatuteTableTest, EveryCitationOfAListIsJudged) {
  using V = std::vector<std::string>;
  const V crim_civil = {"criminal", "civil"};
  EXPECT_EQ(Kinds("8 U.S.C. 1253(a)(1), 8 U.S.C. 1227"), crim_civil);
  EXPECT_EQ(Kinds("8 U.S.C. \xC2\xA7\xC2\xA7 1253(a), 1227"), crim_civil);
  EXPECT_EQ(Kinds("8 U.S.C. 1326; 18 U.S.C. 1546"),
            (V{"criminal", "criminal"}));
  EXPECT_EQ(Kinds("8 U.S.C. 1253(a)(1) and 8 C.F.R. 241.4"),
            (V{"criminal", "regulation"}));
  EXPECT_EQ(Kinds("18 U.S.C. 1001 / 26 U.S.C. 7201"),
            (V{"criminal", "tax_administration"}));
  EXPECT_EQ(Kinds("8 U.S.C. 1326 & 1227"), crim_civil);
  EXPECT_EQ(Kinds("8 U.S.C. 1326\n8 U.S.C. 1227"), crim_civil);
  EXPECT_EQ(Kinds("8 U.S.C. 1326(a) and (b)(2)"), (V{"criminal", "criminal"}));
  EXPECT_EQ(Kinds("18 U.S.C. 1546; INA 212(a)(6)(C)(i)"), crim_civil);
  // The commas of one citation do not make it several.
  EXPECT_EQ(Kinds("Title 8, United States Code, Section 1326"),
            (V{"criminal"}));
  // A description after a citation is no citation of its own.
  EXPECT_EQ(Kinds("8 U.S.C. 1326, illegal reentry"), (V{"criminal"}));
  // A number that is no citation is not guessed.
  EXPECT_EQ(Kinds("8 U.S.C. 1326 and Public Law 104-208"),
            (V{"criminal", "unknown"}));
}

TEST_F(StatuteTableTest, StateAndLocalLawIsNotFederal) {
  for (const char* text :
       {"Tex. Penal Code \xC2\xA7 38.04", "Texas Penal Code 38.04",
        "Cal. Penal Code 148", "N.Y. Penal Law \xC2\xA7 190.25",
        "A.R.S. 13-2508", "Fla. Stat. 843.02", "O.C.G.A. 16-10-24", "state law",
        "City ordinance 12-3"}) {
    auto kinds = Kinds(text);
    ASSERT_FALSE(kinds.empty()) << text;
    EXPECT_EQ(kinds[0], "state_law") << text;
  }
  EXPECT_EQ(Kinds("8 U.S.C. 1326; Tex. Penal Code 38.04"),
            (std::vector<std::string>{"criminal", "state_law"}));
}

TEST_F(StatuteTableTest, ShippedTableClassifiesCommonCitations) {
  struct Want {
    const char* text;
    StatuteKind kind;
  };
  const std::vector<Want> wants = {
      {"8 U.S.C. 1253(a)(1)", StatuteKind::kCriminal},
      {"8 U.S.C. § 1253(a)(1)", StatuteKind::kCriminal},
      {"Title 8, Section 1253(a)", StatuteKind::kCriminal},
      {"8 USC 1306", StatuteKind::kCriminal},
      {"8 USC 1324(a)(1)(A)(iii)", StatuteKind::kCriminal},
      {"8 USC 1325(a)", StatuteKind::kCriminal},
      // Sections whose subsections differ in kind, cited without one.
      {"8 USC 1253", StatuteKind::kUnknown},
      {"8 USC 1253(e)", StatuteKind::kUnknown},
      {"8 USC 1325", StatuteKind::kUnknown},
      {"8 USC 1324", StatuteKind::kUnknown},
      {"8 USC 1324(b)", StatuteKind::kCivil},
      {"8 USC 1325(b)", StatuteKind::kCivil},
      {"8 U.S.C. 1253(c)", StatuteKind::kCivil},
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
      {"8 U.S.C. 1324a(a)(1)", StatuteKind::kCivil},
      {"8 USC s 1227(a)", StatuteKind::kCivil},
      {"8 U.S.C. Sect. 1227", StatuteKind::kCivil},
      {"INA \xC2\xA7 237", StatuteKind::kCivil},
      {"INA \xC2\xA7 243(a)(1)", StatuteKind::kCriminal},
      {"INA 276", StatuteKind::kCriminal},
      {"8 U.S.C. 1253(d)", StatuteKind::kCivil},         // subsection row
      {"8 U.S.C. 1324a(f)(1)", StatuteKind::kCriminal},  // longest prefix
      {"26 U.S.C. 7201", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 7206(1)", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 7212(a)", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 7216", StatuteKind::kTaxAdministration},
      {"26 U.S.C. 6103", StatuteKind::kTaxAdministration},  // "26,*" row
      {"I.R.C. \xC2\xA7 7201", StatuteKind::kTaxAdministration},
      {"Internal Revenue Code", StatuteKind::kTaxAdministration},
      {"8 C.F.R. 241.4", StatuteKind::kRegulation},
      {"ICE Directive 11064.3", StatuteKind::kRegulation},
      {"8 U.S.C. 1999", StatuteKind::kUnknown},
      {"18 U.S.C. 9999", StatuteKind::kUnknown},
      {"50 U.S.C. 1801", StatuteKind::kUnknown},
      {"immigration law", StatuteKind::kUnknown},
      {"INA 999", StatuteKind::kUnknown},
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
      {"title,section,kind,ina\n8,1227,civil,237\n8,1228,civil,237\n",
       "t.csv:3: INA section 237 is mapped twice"},
      {"title,section,kind,ina\n18,1001,criminal,237\n", "column 'ina'"},
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
