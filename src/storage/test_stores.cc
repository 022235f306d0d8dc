#include "storage/test_stores.h"

#include <sqlite3.h>

#include <cstdlib>
#include <random>

#ifdef TAXGATE_WITH_POSTGRES
#include <libpq-fe.h>
#endif

namespace taxgate::testing {
namespace {

#ifdef TAXGATE_WITH_POSTGRES
std::string BaseUrl() {
  const char* url = std::getenv("TAXGATE_TEST_POSTGRES_URL");
  return url ? url : "";
}

// `url` naming the database `database` instead of its own.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t start = url.find("://") + 3;
  const size_t query = url.find('?', start);
  const size_t slash = url.find('/', start);
  if (slash != std::string::npos && slash < query) {
    return url.substr(0, slash + 1) + database +
           (query == std::string::npos ? "" : url.substr(query));
  }
  if (query == std::string::npos) return url + "/" + database;
  return url.substr(0, query) + "/" + database + url.substr(query);
}

// Runs one statement on the server of `url`.
Status RunOn(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  Status s = Status::Ok();
  if (PQstatus(c) != CONNECTION_OK) {
    s = Status::Unavailable(std::string("test server: ") + PQerrorMessage(c));
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      s = Status::Unavailable(std::string("test server: ") +
                              PQresultErrorMessage(r));
    }
    PQclear(r);
  }
  PQfinish(c);
  return s;
}

std::string Quoted(const std::string& identifier) {
  return "\"" + identifier + "\"";  // (made of [a-z0-9_] here)
}
#endif

}  // namespace

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "Sqlite" : "Postgres";
}

std::vector<Backend> AllBackends() {
  return {Backend::kSqlite, Backend::kPostgres};
}

std::string SkipReason(Backend backend) {
  if (backend == Backend::kSqlite) return "";
#ifndef TAXGATE_WITH_POSTGRES
  return "PostgreSQL tests skipped: this build has TAXGATE_WITH_POSTGRES=OFF";
#else
  if (BaseUrl().empty()) {
    return "PostgreSQL tests skipped: TAXGATE_TEST_POSTGRES_URL is not set "
           "(scripts/pg-server start, then eval \"$(scripts/pg-server env "
           "DIR)\")";
  }
  return "";
#endif
}

Result<std::unique_ptr<ScratchStore>> ScratchStore::Make(
    Backend backend, const std::string& dir, const std::string& name) {
  if (backend == Backend::kSqlite) {
    return std::unique_ptr<ScratchStore>(
        new ScratchStore(backend, dir + "/" + name, ""));
  }
#ifndef TAXGATE_WITH_POSTGRES
  return Status::FailedPrecondition(SkipReason(backend));
#else
  const std::string base = BaseUrl();
  if (base.empty()) return Status::FailedPrecondition(SkipReason(backend));
  std::random_device rd;
  std::string database = "taxgate_test_";
  for (int i = 0; i < 12; ++i) database += "0123456789abcdef"[rd() % 16];
  TG_RETURN_IF_ERROR(RunOn(base, "CREATE DATABASE " + Quoted(database)));
  return std::unique_ptr<ScratchStore>(
      new ScratchStore(backend, WithDatabase(base, database), database));
#endif
}

ScratchStore::~ScratchStore() {
#ifdef TAXGATE_WITH_POSTGRES
  if (!database_.empty()) {
    (void)RunOn(BaseUrl(), "DROP DATABASE IF EXISTS " + Quoted(database_) +
                               " WITH (FORCE)");
  }
#endif
}

Status ScratchStore::Exec(const std::string& sql) const {
  if (backend_ == Backend::kSqlite) {
    sqlite3* raw = nullptr;
    Status s = Status::Ok();
    if (sqlite3_open(spec_.c_str(), &raw) != SQLITE_OK ||
        sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) !=
            SQLITE_OK) {
      s = Status::Unavailable(spec_ + ": " + sqlite3_errmsg(raw));
    }
    sqlite3_close(raw);
    return s;
  }
#ifdef TAXGATE_WITH_POSTGRES
  return RunOn(spec_, sql);
#else
  return Status::FailedPrecondition(SkipReason(backend_));
#endif
}

}  // namespace taxgate::testing
