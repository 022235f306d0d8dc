#include "synth/csv_file_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/csv_writer.h"

namespace taxgate::synth {

void AppendCsvRow(std::string& out,
                  std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) out.push_back(',');
    first = false;
    AppendCsvField(out, f);
  }
  out.push_back('\n');
}

Result<std::unique_ptr<CsvFileWriter>> CsvFileWriter::Open(
    const std::string& path) {
  std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    return Status::Unavailable(tmp +
                               ": cannot create: " + std::strerror(errno));
  }
  return std::unique_ptr<CsvFileWriter>(new CsvFileWriter(path, f));
}

CsvFileWriter::CsvFileWriter(std::string path, std::FILE* file)
    : path_(std::move(path)), tmp_path_(path_ + ".tmp"), file_(file) {
  buffer_.reserve(kBufferLimit + (1 << 16));
}

CsvFileWriter::~CsvFileWriter() {
  if (file_) {
    std::fclose(file_);
    std::remove(tmp_path_.c_str());
  }
}

void CsvFileWriter::WriteRow(std::initializer_list<std::string_view> fields) {
  AppendCsvRow(buffer_, fields);
  FlushIfFull();
}

void CsvFileWriter::WriteRaw(std::string_view rows) {
  buffer_.append(rows);
  FlushIfFull();
}

void CsvFileWriter::FlushIfFull() {
  if (buffer_.size() >= kBufferLimit) Flush();
}

bool CsvFileWriter::Flush() {
  if (!failed_ && !buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    failed_ = true;
  }
  buffer_.clear();
  return !failed_;
}

Status CsvFileWriter::Close() {
  if (!file_) return Status::Unavailable(path_ + ": already closed");
  bool ok = Flush() && std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (!ok) {
    std::remove(tmp_path_.c_str());
    return Status::Unavailable(path_ + ": write failed");
  }
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp_path_.c_str());
    return Status::Unavailable(path_ + ": cannot rename into place: " + why);
  }
  return Status::Ok();
}

}  // namespace taxgate::synth
