// CsvReader: RFC 4180 CSV input with the error reporting FORMATS.md asks for.
//
// Accepts CRLF or LF line ends, a leading UTF-8 BOM, quoted fields with
// doubled quotes and embedded newlines, and skips blank lines. Every field is
// checked to be valid UTF-8. Errors name the file, the line and the column
// ("requests.csv:17: column 4 ('statute'): invalid UTF-8 at byte 3").
//
// A row whose field count differs from the header is *not* an error here: it
// is returned with its fields, and the caller decides (intake rejects it with
// a per-row message, see RowShapeError). Structural damage (unterminated or
// broken quoting, invalid UTF-8) is an error: the reader stops.
//
// Thread-compatible: one reader per thread.
#ifndef TAXGATE_COMMON_CSV_READER_H_
#define TAXGATE_COMMON_CSV_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taxgate {

struct CsvRow {
  int64_t line = 0;  // 1-based physical line on which the row starts
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // Reads `path` whole and parses its header row.
  // Errors: NotFound if it cannot be opened; InvalidArgument if it is empty
  // (no header row), or the header is damaged or repeats a column name.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path);
  // Same, over `content`; `name` is used in messages.
  static Result<std::unique_ptr<CsvReader>> FromString(std::string name,
                                                       std::string content);

  // Header names, trimmed and lower-cased.
  const std::vector<std::string>& header() const { return header_; }
  const std::string& name() const { return name_; }

  // Reads the next data row into *row. Returns false at the end of input.
  // Errors: InvalidArgument for broken quoting or invalid UTF-8, naming the
  // file, line and column; the reader must not be used after an error.
  Result<bool> Next(CsvRow* row);

  // "file:line: N fields, header has M" when the row does not fit the
  // header, else an empty string.
  std::string RowShapeError(const CsvRow& row) const;

 private:
  CsvReader(std::string name, std::string content);
  Status ReadHeader();
  Result<bool> ParseRow(CsvRow* row);
  std::string ColumnLabel(size_t index) const;

  std::string name_;
  std::string content_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  std::vector<std::string> header_;
};

// Maps column names to positions for one file: required columns must be
// present, known optional columns may be, anything else is reported once as
// unknown (FORMATS.md: ignored with one warning).
class ColumnMap {
 public:
  // Errors: InvalidArgument "records.csv: column 'record_id' missing" for the
  // first missing required column (all missing ones are listed).
  static Result<ColumnMap> Build(const std::string& file,
                                 const std::vector<std::string>& header,
                                 const std::vector<std::string>& required,
                                 const std::vector<std::string>& optional);
  // Position of `name`, or -1 when the file has no such column.
  int Index(std::string_view name) const;
  // The row's value of `name` (trimmed), or "" when absent or short.
  std::string_view Get(const CsvRow& row, std::string_view name) const;
  // The same, exactly as written (not trimmed).
  std::string_view GetRaw(const CsvRow& row, std::string_view name) const;
  // Header columns that are neither required nor optional.
  const std::vector<std::string>& unknown_columns() const { return unknown_; }
  // "records.csv: ignoring unknown columns: a, b" or "" when none.
  std::string UnknownColumnsWarning() const;

 private:
  std::string file_;
  std::vector<std::pair<std::string, int>> index_;
  std::vector<std::string> unknown_;
};

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string_view::npos when `s` is valid (overlongs and surrogates are
// invalid).
size_t FindInvalidUtf8(std::string_view s);

// Calls `fn(columns, row)` for every row of the CSV text `content` (named
// `name` in messages) with the `required` columns; stops at the first error
// of the reader, of a row's shape, or of `fn`.
Status ForEachCsvRow(
    const std::string& name, const std::string& content,
    const std::vector<std::string>& required,
    const std::function<Status(const ColumnMap&, const CsvRow&)>& fn);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_CSV_READER_H_
