// CsvFileWriter: streams CSV rows to a file through a bounded buffer, for
// outputs too large to hold in memory (records.csv of a million people).
// Same output as common/csv_writer.h (RFC 4180, LF, no BOM, quoting via
// AppendCsvField) and the same atomicity: rows go to "<path>.tmp", which
// Close() fsyncs and renames over <path>; a writer destroyed without Close()
// removes its temporary. Thread-compatible.
#ifndef TAXGATE_SYNTH_CSV_FILE_WRITER_H_
#define TAXGATE_SYNTH_CSV_FILE_WRITER_H_

#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace taxgate::synth {

// Appends one CSV row (fields quoted as needed, then '\n') to `out`.
void AppendCsvRow(std::string& out,
                  std::initializer_list<std::string_view> fields);

class CsvFileWriter {
 public:
  // Errors: Unavailable when the temporary file cannot be created.
  static Result<std::unique_ptr<CsvFileWriter>> Open(const std::string& path);
  ~CsvFileWriter();
  CsvFileWriter(const CsvFileWriter&) = delete;
  CsvFileWriter& operator=(const CsvFileWriter&) = delete;

  void WriteRow(std::initializer_list<std::string_view> fields);
  // Appends whole rows already formatted with AppendCsvRow.
  void WriteRaw(std::string_view rows);
  // Errors: Unavailable on a failed write, fsync or rename (also for a
  // write that failed earlier).
  Status Close();

 private:
  CsvFileWriter(std::string path, std::FILE* file);
  void FlushIfFull();
  bool Flush();

  static constexpr size_t kBufferLimit = 1 << 22;
  std::string path_;
  std::string tmp_path_;
  std::FILE* file_;
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_CSV_FILE_WRITER_H_
