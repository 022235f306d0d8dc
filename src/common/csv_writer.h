// CsvWriter: RFC 4180 output (LF line ends, no BOM), quoting only fields
// that need it. Buffers in memory and writes the file atomically on Close()
// (a temporary beside the target, fsync, rename), so a reader never sees a
// half-written file. Thread-compatible.
#ifndef TAXGATE_COMMON_CSV_WRITER_H_
#define TAXGATE_COMMON_CSV_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taxgate {

class CsvWriter {
 public:
  explicit CsvWriter(std::string path) : path_(std::move(path)) {}
  // A writer that only builds text in memory (buffer()); Close() is then an
  // error.
  CsvWriter() = default;
  void WriteRow(const std::vector<std::string>& fields);
  void WriteRow(std::initializer_list<std::string_view> fields);
  // Writes the buffered rows to the file. Errors: Unavailable on I/O failure.
  Status Close();
  const std::string& buffer() const { return buffer_; }

 private:
  void AppendField(std::string_view f);
  std::string path_;
  std::string buffer_;
};

// Appends `f` to `out`, quoted when it holds a comma, quote, CR or LF.
void AppendCsvField(std::string& out, std::string_view f);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_CSV_WRITER_H_
