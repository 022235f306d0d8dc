// Test-only: the backends the storage and pipeline tests run on, and a
// fresh, empty place for a store of each (STYLE.md #8: one conformance
// suite, run against every backend through a factory).
//
// SQLite needs nothing. PostgreSQL needs a server the tests may make
// databases on: TAXGATE_TEST_POSTGRES_URL (scripts/pg-server starts a
// throwaway one and prints it; the role needs CREATEDB). Without it the
// PostgreSQL tests are skipped with a message naming the variable
// (GTEST_SKIP), never passed silently.
#ifndef TAXGATE_STORAGE_TEST_STORES_H_
#define TAXGATE_STORAGE_TEST_STORES_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"

namespace taxgate::testing {

enum class Backend { kSqlite, kPostgres };

// "Sqlite", "Postgres": for parametrized test names.
std::string BackendName(Backend backend);
// How googletest (and so ctest's test names) prints a backend.
inline void PrintTo(Backend backend, std::ostream* os) {
  *os << BackendName(backend);
}
// Every backend, for INSTANTIATE_TEST_SUITE_P.
std::vector<Backend> AllBackends();
// Why `backend` cannot be tested here ("" when it can).
std::string SkipReason(Backend backend);

// A new, empty place for one store, removed on destruction: a file in a
// folder of the test's own for SQLite; a database of its own on the
// server of TAXGATE_TEST_POSTGRES_URL, made now and dropped at the end, so
// tests run in parallel never meet.
class ScratchStore {
 public:
  // `dir`: the test's folder (TempDir); `name`: the store's name in it.
  static Result<std::unique_ptr<ScratchStore>> Make(Backend backend,
                                                    const std::string& dir,
                                                    const std::string& name);
  ~ScratchStore();
  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;

  Backend backend() const { return backend_; }
  // What OpenDatabase and --db take: a path, or a postgresql:// URL.
  const std::string& spec() const { return spec_; }
  // Runs `sql` on the store behind taxgate's back (tests that alter a
  // stored row).
  Status Exec(const std::string& sql) const;

 private:
  ScratchStore(Backend backend, std::string spec, std::string database)
      : backend_(backend),
        spec_(std::move(spec)),
        database_(std::move(database)) {}
  Backend backend_;
  std::string spec_;
  std::string database_;  // PostgreSQL: the database made for it
};

}  // namespace taxgate::testing

#endif  // TAXGATE_STORAGE_TEST_STORES_H_
