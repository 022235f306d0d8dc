// Fuzzes the CSV reader (common/csv_reader.h): CsvReader, ColumnMap,
// ForEachCsvRow and FindInvalidUtf8.
//
// Properties:
//  - FindInvalidUtf8 agrees with an independent decoder written from the
//    Unicode table of well-formed byte sequences (Unicode 15, table 3-7),
//    and the bytes before the offset it names are valid;
//  - every field the reader returns is valid UTF-8, and the header is
//    trimmed, lower case, without an empty or repeated name;
//  - a file the reader reads whole, written again with the CSV writer's
//    quoting (common/csv_writer.h), reads back to the same header and rows;
//  - ColumnMap and ForEachCsvRow agree with the reader.
#include <string>
#include <vector>

#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/strings.h"
#include "fuzz_util.h"

namespace taxgate::fuzz {
namespace {

// Unicode 15, table 3-7: the well-formed UTF-8 byte sequences.
size_t ReferenceInvalidUtf8(std::string_view s) {
  auto in = [](unsigned char c, unsigned lo, unsigned hi) {
    return c >= lo && c <= hi;
  };
  size_t i = 0;
  while (i < s.size()) {
    auto at = [&](size_t k) -> unsigned char {
      return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
    };
    unsigned char b0 = at(0);
    size_t len = 0;
    if (b0 <= 0x7F) {
      len = 1;
    } else if (in(b0, 0xC2, 0xDF)) {
      len = in(at(1), 0x80, 0xBF) ? 2 : 0;
    } else if (b0 == 0xE0) {
      len = in(at(1), 0xA0, 0xBF) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    } else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) {
      len = in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    } else if (b0 == 0xED) {
      len = in(at(1), 0x80, 0x9F) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    } else if (b0 == 0xF0) {
      len = in(at(1), 0x90, 0xBF) && in(at(2), 0x80, 0xBF) &&
                    in(at(3), 0x80, 0xBF)
                ? 4
                : 0;
    } else if (in(b0, 0xF1, 0xF3)) {
      len = in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF) &&
                    in(at(3), 0x80, 0xBF)
                ? 4
                : 0;
    } else if (b0 == 0xF4) {
      len = in(at(1), 0x80, 0x8F) && in(at(2), 0x80, 0xBF) &&
                    in(at(3), 0x80, 0xBF)
                ? 4
                : 0;
    }
    if (len == 0 || i + len > s.size()) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Reads every row; false on the first error.
bool ReadAll(const std::string& content, std::vector<std::string>* header,
             std::vector<std::vector<std::string>>* rows) {
  auto reader = CsvReader::FromString("fuzz.csv", content);
  if (!reader.ok()) return false;
  *header = (*reader)->header();
  CsvRow row;
  while (true) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) return false;
    if (!*more) return true;
    FUZZ_CHECK(!row.fields.empty());
    FUZZ_CHECK(row.line >= 1);
    rows->push_back(row.fields);
  }
}

// The rows as the CSV writer writes them. A row of one empty field would be
// a blank line, which the reader skips: it is written as "".
std::string Write(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  auto line = [&out](const std::vector<std::string>& fields) {
    if (fields.size() == 1 && fields[0].empty()) {
      out += "\"\"\n";
      return;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out.push_back(',');
      if (out.empty() && StartsWith(fields[i], "\xEF\xBB\xBF")) {
        // A name that starts with U+FEFF at the start of the file (a file
        // given two BOMs) would be read as the BOM: quoted, it is not.
        out.push_back('"');
        for (char c : fields[i]) {
          if (c == '"') out.push_back('"');
          out.push_back(c);
        }
        out.push_back('"');
        continue;
      }
      AppendCsvField(out, fields[i]);
    }
    out.push_back('\n');
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

}  // namespace
}  // namespace taxgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const std::string content(AsText(data, size));

  // FindInvalidUtf8 against the reference decoder.
  size_t bad = FindInvalidUtf8(content);
  FUZZ_CHECK(bad == ReferenceInvalidUtf8(content));
  if (bad != std::string_view::npos) {
    FUZZ_CHECK(bad < content.size());
    FUZZ_CHECK(FindInvalidUtf8(std::string_view(content).substr(0, bad)) ==
               std::string_view::npos);
  }

  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  if (!ReadAll(content, &header, &rows)) return 0;

  FUZZ_CHECK(!header.empty());
  for (size_t i = 0; i < header.size(); ++i) {
    FUZZ_CHECK(!header[i].empty());
    FUZZ_CHECK(header[i] == AsciiLower(Trim(header[i])));
    for (size_t k = 0; k < i; ++k) FUZZ_CHECK(header[k] != header[i]);
  }
  for (const auto& r : rows) {
    for (const auto& f : r) {
      FUZZ_CHECK(FindInvalidUtf8(f) == std::string_view::npos);
    }
  }

  // Written again, the file reads back the same.
  std::vector<std::string> header2;
  std::vector<std::vector<std::string>> rows2;
  FUZZ_CHECK(ReadAll(Write(header, rows), &header2, &rows2));
  FUZZ_CHECK(header2 == header);
  FUZZ_CHECK(rows2 == rows);

  // ColumnMap: the first column required, the last optional.
  auto cols =
      ColumnMap::Build("fuzz.csv", header, {header.front()}, {header.back()});
  FUZZ_CHECK(cols.ok());
  FUZZ_CHECK(cols->Index(header.front()) == 0);
  FUZZ_CHECK(cols->unknown_columns().size() + 1 + (header.size() > 1) ==
             header.size());
  auto missing = ColumnMap::Build("fuzz.csv", header, {" no column "},
                                  {});  // names are trimmed
  FUZZ_CHECK(!missing.ok());

  // ForEachCsvRow sees the rows of the header's width, in order, and stops
  // at the first other one.
  size_t seen = 0;
  Status st = ForEachCsvRow(
      "fuzz.csv", content, {header.front()},
      [&](const ColumnMap& map, const CsvRow& row) -> Status {
        FUZZ_CHECK(seen < rows.size());
        FUZZ_CHECK(row.fields == rows[seen]);
        FUZZ_CHECK(map.GetRaw(row, header.front()) == rows[seen][0]);
        FUZZ_CHECK(map.Get(row, header.front()) == Trim(rows[seen][0]));
        ++seen;
        return Status::Ok();
      });
  size_t fitting = 0;
  while (fitting < rows.size() && rows[fitting].size() == header.size()) {
    ++fitting;
  }
  FUZZ_CHECK(seen == fitting);
  FUZZ_CHECK(st.ok() == (fitting == rows.size()));
  return 0;
}
