#include "intake/readers.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace taxgate::intake {
namespace {

const char kHeader[] =
    "record_id,tin,first_name,middle_name,last_name,dob,street,unit,city,"
    "state,zip,tax_year,source\n";

TEST(ReadRecordsTest, ReadsRowsAndNormalizesTinDashes) {
  testing::TempDir dir;
  auto path = dir.Write("records.csv", std::string(kHeader) +
                                           "R1,123-45-6789,José,,Peña,1980-"
                                           "01-02,1 Main St,,Austin,TX,78701,"
                                           "2024,return\n");
  auto r = ReadRecords(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].tin, "123456789");
  EXPECT_EQ(r->rows[0].first_name, "José");
  EXPECT_EQ(r->rows[0].source, domain::Source::kReturn);
}

TEST(ReadRecordsTest, MissingColumnIsAnErrorNamingColumnAndFile) {
  testing::TempDir dir;
  auto path = dir.Write("records.csv", "tin,first_name\n1,2\n");
  auto r = ReadRecords(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            path + ":1: column 'record_id' missing (required)");
}

TEST(ReadRecordsTest, BadRowsAreRejectedOneByOneAndOthersKept) {
  testing::TempDir dir;
  auto path =
      dir.Write("records.csv",
                std::string(kHeader) +
                    "R1,,A,,B,,,,,,,2024,return\n"
                    "R2,,A,,B,,,,,,,2024,return,extra\n"   // too many fields
                    "R3,,A,,B,,,,,,,20x4,return\n"         // bad year
                    "R4,,A,,B,,,,,,,2024,w2\n"             // bad source
                    "R1,,A,,B,,,,,,,2024,irs\n"            // repeated id
                    "R5,,A,,B,1999-02-30,,,,,,2024,irs\n"  // not a date
                    "R6,,A,,B,,,,,,,2023,irs\n");
  auto r = ReadRecords(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[1].record_id, "R6");
  ASSERT_EQ(r->rejected.size(), 5u);
  EXPECT_EQ(r->rejected[0].line, 3);
  EXPECT_NE(r->rejected[0].message.find("too many fields"), std::string::npos);
  EXPECT_NE(r->rejected[1].message.find(":4: column 'tax_year'"),
            std::string::npos);
  EXPECT_NE(r->rejected[2].message.find("column 'source'"), std::string::npos);
  EXPECT_NE(r->rejected[3].message.find("repeats"), std::string::npos);
  EXPECT_NE(r->rejected[4].message.find("column 'dob'"), std::string::npos);
}

// Rows are converted on a pool a block (8,192 rows) at a time and taken in
// file order: ids repeated across blocks, also the id of a row refused for
// another field, are refused as repeats; kept rows and rejections keep the
// file's order, and the result is the one of a single thread.
TEST(ReadRecordsTest, ManyBlocksOnAPoolReadAsOnOneThread) {
  testing::TempDir dir;
  std::string text = kHeader;
  constexpr int kRows = 20000;
  auto id = [](int k) {
    if (k == 9000) return std::string("R10");     // row 10's id, kept
    if (k == 19500) return std::string("R1007");  // row 1007's, refused
    return "R" + std::to_string(k);
  };
  for (int k = 0; k < kRows; ++k) {
    const bool bad_year = k % 1000 == 7;
    text += id(k) + ",123456789,A,,B,1980-01-02,1 Main St,,Austin,TX,78701," +
            (bad_year ? "20x4" : "2024") + ",return\n";
  }
  auto path = dir.Write("records.csv", text);
  ThreadPool pool(2);
  auto one = ReadRecords(path);
  auto many = ReadRecords(path, &pool);
  ASSERT_TRUE(one.ok() && many.ok());
  for (const auto* r : {&*one, &*many}) {
    ASSERT_EQ(r->rows.size(), static_cast<size_t>(kRows - 20 - 2));
    ASSERT_EQ(r->rejected.size(), 22u);
    // Kept rows in file order: R0, R1, ... with the refused ones left out.
    EXPECT_EQ(r->rows[0].record_id, "R0");
    EXPECT_EQ(r->rows[7].record_id, "R8");
    EXPECT_EQ(r->rows.back().record_id, "R" + std::to_string(kRows - 1));
    for (size_t i = 1; i < r->rejected.size(); ++i) {
      EXPECT_LT(r->rejected[i - 1].line, r->rejected[i].line);
    }
    int repeats = 0;
    for (const auto& rej : r->rejected) {
      if (rej.message.find("repeats an earlier row's id") !=
          std::string::npos) {
        ++repeats;
        // The file's line of rows 9000 and 19500 (the header is line 1).
        EXPECT_TRUE(rej.line == 9002 || rej.line == 19502) << rej.line;
      } else {
        EXPECT_NE(rej.message.find("column 'tax_year'"), std::string::npos);
      }
    }
    EXPECT_EQ(repeats, 2);
  }
  ASSERT_EQ(one->rows.size(), many->rows.size());
  for (size_t i = 0; i < one->rows.size(); ++i) {
    ASSERT_EQ(one->rows[i].record_id, many->rows[i].record_id) << i;
  }
  for (size_t i = 0; i < one->rejected.size(); ++i) {
    EXPECT_EQ(one->rejected[i].line, many->rejected[i].line);
    EXPECT_EQ(one->rejected[i].message, many->rejected[i].message);
  }
}

TEST(ReadRecordsTest, ForeignRowsLoadWithOneWarning) {
  testing::TempDir dir;
  auto path = dir.Write("records.csv",
                        std::string(kHeader) +
                            "R1,0012345,a,,b,,1 x st,,sydney,nsw,2000,2023,"
                            "return\nR2,,a,,b,,,,,vic,3000,2023,return\n");
  auto r = ReadRecords(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows.size(), 2u);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("first at line 2"), std::string::npos);
  EXPECT_NE(r->warnings[0].find("2 with a state"), std::string::npos);
}

// A date of birth after the row's own tax year (2999 for 1999) is loaded as
// written and reported once, with the first line.
TEST(ReadRecordsTest, ABirthAfterTheTaxYearIsWarned) {
  testing::TempDir dir;
  auto path = dir.Write(
      "records.csv",
      std::string(kHeader) +
          "R1,123456789,a,,b,1999-01-02,1 x st,,austin,TX,78701,2023,return\n"
          "R2,123456780,a,,b,2999-01-02,1 x st,,austin,TX,78701,2023,return\n"
          "R3,123456781,a,,b,2024-05-01,1 x st,,austin,TX,78701,2023,return\n");
  auto r = ReadRecords(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->rows[1].dob, "2999-01-02");
  ASSERT_EQ(r->warnings.size(), 1u) << r->warnings[0];
  EXPECT_NE(r->warnings[0].find("2 rows give a date of birth after their tax "
                                "year (first at line 3)"),
            std::string::npos)
      << r->warnings[0];
}

TEST(ReadRequestsTest, KeepsFieldsAsWrittenAndNumbersRows) {
  testing::TempDir dir;
  auto path = dir.Write("requests.csv",
                        "request_id,statute,last_name,extra_col\n"
                        "Q1,8 USC 1253,García,x\nQ2,,,y\n");
  auto r = ReadRequests(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0].statute, "8 USC 1253");
  EXPECT_EQ(r->rows[0].person.last_name, "García");
  EXPECT_EQ(r->rows[1].index, 1);
  EXPECT_EQ(r->rows[1].line, 3);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("extra_col"), std::string::npos);
}

TEST(ReadRequestsTest, BrokenQuotingStopsWithLine) {
  testing::TempDir dir;
  auto path =
      dir.Write("requests.csv", "request_id,reason\nQ1,\"ok\"\nQ2,\"x\n");
  auto r = ReadRequests(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":3: column 2 ('reason')"),
            std::string::npos);
}

TEST(ReadOfficialsTest, RejectsUnknownRoleAndBadDate) {
  testing::TempDir dir;
  auto path = dir.Write("officials.csv",
                        "official_id,name,agency,title,role,valid_to\n"
                        "H,Head,DHS,Sec,head_of_agency,\n"
                        "X,Who,DHS,?,janitor,\n"
                        "Y,Who,DHS,?,delegate,2026-13-01\n");
  auto r = ReadOfficials(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].role, domain::Role::kHeadOfAgency);
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_NE(r->rejected[0].message.find("column 'role'"), std::string::npos);
  EXPECT_NE(r->rejected[1].message.find("column 'valid_to'"),
            std::string::npos);
}

TEST(ReadOfficialsTest, AnEndBeforeTheStartIsWarned) {
  testing::TempDir dir;
  auto path =
      dir.Write("officials.csv",
                "official_id,name,agency,title,role,valid_from,"
                "valid_to\n"
                "H,Head,DHS,Sec,head_of_agency,2026-01-01,2025-01-01\n"
                "G,Good,DHS,Sec,head_of_agency,2025-01-01,2026-01-01\n");
  auto r = ReadOfficials(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows.size(), 2u);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("officials.csv:2"), std::string::npos)
      << r->warnings[0];
  EXPECT_NE(r->warnings[0].find("never in force"), std::string::npos);
}

TEST(ReadOfficialsTest, RejectsAnOfficialWithoutAName) {
  // Nameless ids would each be a person of their own and escape the
  // engagement ceiling, which counts one person's matters across ids.
  testing::TempDir dir;
  auto path = dir.Write("officials.csv",
                        "official_id,name,agency,title,role\n"
                        "I1,Ann Lee,DHS,SA,investigator\n"
                        "I2,,DHS,SA,investigator\n"
                        "I3,\xE2\x80\x94,DHS,SA,investigator\n");
  auto r = ReadOfficials(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].official_id, "I1");
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].line, 3);
  EXPECT_NE(r->rejected[0].message.find("column 'name'"), std::string::npos);
  EXPECT_EQ(r->rejected[1].line, 4);
  // Without the column, the file is refused as a whole.
  EXPECT_FALSE(ReadOfficials(dir.Write("o2.csv",
                                       "official_id,agency,role\n"
                                       "I1,DHS,investigator\n"))
                   .ok());
}

}  // namespace
}  // namespace taxgate::intake
