#include "common/csv_writer.h"

#include "common/file_util.h"

namespace taxgate {

void AppendCsvField(std::string& out, std::string_view f) {
  if (f.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(f);
    return;
  }
  out.push_back('"');
  for (char c : f) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void CsvWriter::AppendField(std::string_view f) { AppendCsvField(buffer_, f); }

void CsvWriter::WriteRow(const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) buffer_.push_back(',');
    AppendField(fields[i]);
  }
  buffer_.push_back('\n');
}

void CsvWriter::WriteRow(std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) buffer_.push_back(',');
    first = false;
    AppendField(f);
  }
  buffer_.push_back('\n');
}

Status CsvWriter::Close() {
  if (path_.empty()) {
    return Status::FailedPrecondition("csv: an in-memory writer has no file");
  }
  return WriteOutputFile(path_, buffer_);
}

}  // namespace taxgate
