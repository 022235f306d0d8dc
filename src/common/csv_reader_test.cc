#include "common/csv_reader.h"

#include <gtest/gtest.h>

namespace taxgate {
namespace {

std::vector<CsvRow> ReadAll(const std::string& text, Status* error) {
  auto r = CsvReader::FromString("t.csv", text);
  std::vector<CsvRow> rows;
  if (!r.ok()) {
    *error = r.status();
    return rows;
  }
  while (true) {
    CsvRow row;
    auto got = (*r)->Next(&row);
    if (!got.ok()) {
      *error = got.status();
      return rows;
    }
    if (!*got) return rows;
    rows.push_back(row);
  }
}

TEST(CsvReaderTest, ParsesQuotedFieldsWithCommasQuotesAndNewlines) {
  Status err;
  auto rows =
      ReadAll("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n", &err);
  ASSERT_TRUE(err.ok()) << err.ToString();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[0], "x,1");
  EXPECT_EQ(rows[0].fields[1], "say \"hi\"");
  EXPECT_EQ(rows[1].fields[0], "two\nlines");
  EXPECT_EQ(rows[1].line, 3);
}

TEST(CsvReaderTest, AcceptsBomAndCrlfAndLowercasesHeader) {
  auto r =
      CsvReader::FromString("t.csv", "\xEF\xBB\xBFRecord_ID, Tin\r\n1,2\r\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->header()[0], "record_id");
  EXPECT_EQ((*r)->header()[1], "tin");
  CsvRow row;
  ASSERT_TRUE(*(*r)->Next(&row));
  EXPECT_EQ(row.fields[1], "2");
  EXPECT_EQ(row.line, 2);
}

TEST(CsvReaderTest, EmptyFileIsAnErrorNamingTheFile) {
  auto r = CsvReader::FromString("empty.csv", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty.csv:1: file is empty"),
            std::string::npos);
}

TEST(CsvReaderTest, UnterminatedQuoteNamesLineAndColumn) {
  Status err;
  ReadAll("a,b\n1,2\n3,\"open\n", &err);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.message(),
            "t.csv:3: column 2 ('b'): quoted field is never closed "
            "(unterminated quote)");
}

TEST(CsvReaderTest, CharacterAfterClosingQuoteIsBrokenQuoting) {
  Status err;
  ReadAll("a,b\n\"x\"y,2\n", &err);
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.message().find("t.csv:2: column 1 ('a')"), std::string::npos);
}

TEST(CsvReaderTest, InvalidUtf8NamesLineColumnAndByte) {
  Status err;
  auto rows = ReadAll(
      "a,b\nok,fine\n1,ca\xff"
      "fe\n",
      &err);
  EXPECT_EQ(rows.size(), 1u);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.message(),
            "t.csv:3: column 2 ('b'): invalid UTF-8 at byte 3 of the field");
}

// A NUL byte is never data: in a header name it would make the column
// silently unknown, in a field it would cut the value wherever a C string
// is made of it.
TEST(CsvReaderTest, NulBytesAreRefusedInTheHeaderAndInFields) {
  Status err;
  ReadAll(std::string("record_id,tin\0\n1,2\n", 19), &err);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.message(),
            "t.csv:1: column 2: NUL byte at byte 4 of the field (a binary or "
            "damaged file?)");
  err = Status::Ok();
  auto rows = ReadAll(std::string("a,b\nok,fine\n1,x\0y\n", 18), &err);
  EXPECT_EQ(rows.size(), 1u);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.message(),
            "t.csv:3: column 2 ('b'): NUL byte at byte 2 of the field (a "
            "binary or damaged file?)");
}

// A file without its header row: the first data row is read as one, and
// the message says so.
TEST(CsvReaderTest, AMissingHeaderRowIsNamedAsSuch) {
  auto r = CsvReader::FromString("r.csv", "R1,123456789,ANA,,LOPEZ\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("is it missing?"), std::string::npos)
      << r.status().ToString();
  auto m = ColumnMap::Build("r.csv", {"r1", "123456789", "ana"},
                            {"record_id", "tin"}, {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("is the header row missing?"),
            std::string::npos);
}

TEST(CsvReaderTest, RowWithTooManyFieldsIsReturnedWithShapeError) {
  auto r = CsvReader::FromString("t.csv", "a,b\n1,2,3\n");
  ASSERT_TRUE(r.ok());
  CsvRow row;
  ASSERT_TRUE(*(*r)->Next(&row));
  EXPECT_EQ((*r)->RowShapeError(row),
            "t.csv:2: 3 fields, header has 2 (too many fields)");
}

TEST(CsvReaderTest, DuplicateHeaderColumnIsAnError) {
  auto r = CsvReader::FromString("t.csv", "a,A\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'a' appears twice"), std::string::npos);
}

TEST(FindInvalidUtf8Test, RejectsOverlongAndSurrogates) {
  EXPECT_EQ(FindInvalidUtf8("Jos\xC3\xA9"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);       // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("a\xED\xA0\x80"), 1u);  // surrogate
  EXPECT_EQ(FindInvalidUtf8("ab\xE2\x82"), 2u);     // truncated
}

TEST(ColumnMapTest, MissingRequiredColumnsAreAllNamed) {
  auto m = ColumnMap::Build("r.csv", {"tin", "zzz"},
                            {"record_id", "tin", "dob"}, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(),
            "r.csv:1: columns 'record_id', 'dob' missing (required)");
}

TEST(ColumnMapTest, UnknownColumnsAreWarnedOnceAndValuesTrimmed) {
  auto m = ColumnMap::Build("r.csv", {"tin", "zzz"}, {"tin"}, {"dob"});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->UnknownColumnsWarning(), "r.csv: ignoring unknown columns: zzz");
  CsvRow row{2, {" 123 ", "x"}};
  EXPECT_EQ(m->Get(row, "tin"), "123");
  EXPECT_EQ(m->Get(row, "dob"), "");
}

}  // namespace
}  // namespace taxgate
