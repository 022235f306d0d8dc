#include "common/csv_reader.h"

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "common/file_util.h"
#include "common/strings.h"

namespace taxgate {

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

CsvReader::CsvReader(std::string name, std::string content)
    : name_(std::move(name)), content_(std::move(content)) {}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  TG_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  return FromString(path, std::move(content));
}

Result<std::unique_ptr<CsvReader>> CsvReader::FromString(std::string name,
                                                         std::string content) {
  std::unique_ptr<CsvReader> r(
      new CsvReader(std::move(name), std::move(content)));
  TG_RETURN_IF_ERROR(r->ReadHeader());
  return r;
}

std::string CsvReader::ColumnLabel(size_t index) const {
  std::string label = "column " + std::to_string(index + 1);
  if (index < header_.size()) label += " ('" + header_[index] + "')";
  return label;
}

Status CsvReader::ReadHeader() {
  if (StartsWith(content_, "\xEF\xBB\xBF")) pos_ = 3;
  CsvRow row;
  auto got = ParseRow(&row);
  if (!got.ok()) return got.status();
  if (!*got) {
    return Status::InvalidArgument(name_ +
                                   ":1: file is empty (expected a header row)");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    std::string h = AsciiLower(Trim(row.fields[i]));
    if (h.empty()) {
      return Status::InvalidArgument(
          name_ + ":" + std::to_string(row.line) + ": column " +
          std::to_string(i + 1) +
          " of the header has no name (the file must start with a header "
          "row naming its columns: is it missing?)");
    }
    if (!seen.insert(h).second) {
      return Status::InvalidArgument(name_ + ":" + std::to_string(row.line) +
                                     ": column '" + h +
                                     "' appears twice in the header");
    }
    header_.push_back(std::move(h));
  }
  return Status::Ok();
}

Result<bool> CsvReader::Next(CsvRow* row) { return ParseRow(row); }

Result<bool> CsvReader::ParseRow(CsvRow* row) {
  const size_t n = content_.size();
  const char* data = content_.data();
  // Skip blank lines.
  while (pos_ < n && (data[pos_] == '\n' || data[pos_] == '\r')) {
    if (data[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  row->line = line_;
  // The row's strings are reused from one row to the next: no allocation
  // once they have grown to the file's field sizes.
  size_t col = 0;
  while (true) {
    if (col == row->fields.size()) row->fields.emplace_back();
    std::string& field = row->fields[col];
    field.clear();
    const int64_t field_line = line_;
    const size_t field_col = col;
    ++col;
    if (pos_ < n && data[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < n) {
        // Copy up to the next quote in one go.
        const char* q =
            static_cast<const char*>(std::memchr(data + pos_, '"', n - pos_));
        size_t stop = q ? static_cast<size_t>(q - data) : n;
        for (size_t i = pos_; i < stop; ++i) {
          if (data[i] == '\n') ++line_;
        }
        field.append(data + pos_, stop - pos_);
        pos_ = stop;
        if (pos_ >= n) break;
        if (pos_ + 1 < n && data[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        closed = true;
        break;
      }
      if (!closed) {
        return Status::InvalidArgument(
            name_ + ":" + std::to_string(field_line) + ": " +
            ColumnLabel(field_col) +
            ": quoted field is never closed (unterminated quote)");
      }
      if (pos_ < n && data[pos_] != ',' && data[pos_] != '\n' &&
          data[pos_] != '\r') {
        return Status::InvalidArgument(
            name_ + ":" + std::to_string(line_) + ": " +
            ColumnLabel(field_col) +
            ": unexpected character after closing quote (broken quoting)");
      }
    } else {
      const size_t begin = pos_;
      while (pos_ < n) {
        char c = data[pos_];
        if (c == ',' || c == '\n' || c == '\r') break;
        if (c == '"') {
          return Status::InvalidArgument(
              name_ + ":" + std::to_string(line_) + ": " +
              ColumnLabel(field_col) +
              ": quote inside an unquoted field (broken quoting)");
        }
        ++pos_;
      }
      field.assign(data + begin, pos_ - begin);
    }
    if (size_t nul = field.find('\0'); nul != std::string::npos) {
      return Status::InvalidArgument(
          name_ + ":" + std::to_string(field_line) + ": " +
          ColumnLabel(field_col) + ": NUL byte at byte " +
          std::to_string(nul + 1) +
          " of the field (a binary or damaged file?)");
    }
    size_t bad = FindInvalidUtf8(field);
    if (bad != std::string_view::npos) {
      return Status::InvalidArgument(name_ + ":" + std::to_string(field_line) +
                                     ": " + ColumnLabel(field_col) +
                                     ": invalid UTF-8 at byte " +
                                     std::to_string(bad + 1) + " of the field");
    }
    if (pos_ >= n) break;
    char c = data[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of row: \n, \r\n or a lone \r.
    if (c == '\r') ++pos_;
    if (pos_ < n && data[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  row->fields.resize(col);
  return true;
}

std::string CsvReader::RowShapeError(const CsvRow& row) const {
  if (row.fields.size() == header_.size()) return "";
  return name_ + ":" + std::to_string(row.line) + ": " +
         std::to_string(row.fields.size()) + " fields, header has " +
         std::to_string(header_.size()) +
         (row.fields.size() > header_.size() ? " (too many fields)"
                                             : " (too few fields)");
}

Result<ColumnMap> ColumnMap::Build(const std::string& file,
                                   const std::vector<std::string>& header,
                                   const std::vector<std::string>& required,
                                   const std::vector<std::string>& optional) {
  ColumnMap m;
  m.file_ = file;
  std::vector<std::string> missing;
  for (const auto& name : required) {
    bool found = false;
    for (const auto& h : header) found = found || h == name;
    if (!found) missing.push_back("'" + name + "'");
  }
  if (!missing.empty()) {
    return Status::InvalidArgument(
        file + ":1: " + (missing.size() == 1 ? "column " : "columns ") +
        Join(missing, ", ") + " missing (required)" +
        (missing.size() == required.size() && required.size() > 1
             ? ": the first line names none of them; is the header row "
               "missing?"
             : ""));
  }
  for (size_t i = 0; i < header.size(); ++i) {
    bool known = false;
    for (const auto& name : required) known = known || name == header[i];
    for (const auto& name : optional) known = known || name == header[i];
    if (known) {
      m.index_.emplace_back(header[i], static_cast<int>(i));
    } else {
      m.unknown_.push_back(header[i]);
    }
  }
  return m;
}

int ColumnMap::Index(std::string_view name) const {
  for (const auto& [n, i] : index_)
    if (n == name) return i;
  return -1;
}

std::string_view ColumnMap::Get(const CsvRow& row,
                                std::string_view name) const {
  int i = Index(name);
  if (i < 0 || static_cast<size_t>(i) >= row.fields.size()) return {};
  return Trim(row.fields[i]);
}

std::string_view ColumnMap::GetRaw(const CsvRow& row,
                                   std::string_view name) const {
  int i = Index(name);
  if (i < 0 || static_cast<size_t>(i) >= row.fields.size()) return {};
  return row.fields[i];
}

std::string ColumnMap::UnknownColumnsWarning() const {
  if (unknown_.empty()) return "";
  return file_ + ": ignoring unknown columns: " + Join(unknown_, ", ");
}

Status ForEachCsvRow(
    const std::string& name, const std::string& content,
    const std::vector<std::string>& required,
    const std::function<Status(const ColumnMap&, const CsvRow&)>& fn) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::FromString(name, content));
  TG_ASSIGN_OR_RETURN(auto cols,
                      ColumnMap::Build(name, reader->header(), required, {}));
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) return Status::Ok();
    std::string shape = reader->RowShapeError(row);
    if (!shape.empty()) return Status::InvalidArgument(shape);
    TG_RETURN_IF_ERROR(fn(cols, row));
  }
}

}  // namespace taxgate
