#include "storage/database.h"

#include <cctype>

#include "common/strings.h"
#include "storage/sqlite/sqlite_database.h"
#ifdef TAXGATE_WITH_POSTGRES
#include "storage/postgres/postgres_database.h"
#endif

namespace taxgate::storage {
namespace {

// `s` with its %XX escapes decoded (a broken escape is kept as it is).
std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(
          std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool IsPostgresSpec(const std::string& spec) {
  return StartsWith(spec, "postgresql://") || StartsWith(spec, "postgres://");
}

std::string StoreName(const std::string& spec) {
  if (!IsPostgresSpec(spec)) return spec;
  const size_t start = spec.find("://") + 3;
  size_t end = spec.find_first_of("/?", start);
  if (end == std::string::npos) end = spec.size();
  // postgresql://[user[:password]@]host...: the user stays, the password
  // goes.
  std::string authority = spec.substr(start, end - start);
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string user = authority.substr(0, at);
    if (size_t colon = user.find(':'); colon != std::string::npos) {
      user.resize(colon);
    }
    authority = user + authority.substr(at);
  }
  std::string out = spec.substr(0, start) + authority;
  std::string rest = spec.substr(end);
  const size_t q = rest.find('?');
  if (q == std::string::npos) return out + rest;
  out += rest.substr(0, q);
  std::string kept;
  for (const std::string& param : Split(rest.substr(q + 1), '&')) {
    const std::string key = param.substr(0, param.find('='));
    if (AsciiLower(std::string(Trim(PercentDecoded(key)))) == "password") {
      continue;
    }
    kept += (kept.empty() ? "?" : "&") + param;
  }
  return out + kept;
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& spec,
                                               OpenMode mode) {
  if (IsPostgresSpec(spec)) {
#ifdef TAXGATE_WITH_POSTGRES
    return OpenPostgresDatabase(spec, mode);
#else
    return Status::FailedPrecondition(
        StoreName(spec) +
        ": this taxgate was built without PostgreSQL (cmake "
        "-DTAXGATE_WITH_POSTGRES=ON, with libpq-dev installed); use a file "
        "path for the embedded SQLite store");
#endif
  }
  return OpenSqliteDatabase(spec, mode);
}

}  // namespace taxgate::storage
