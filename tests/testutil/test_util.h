// Helpers for tests: a temporary folder removed at the end, the source tree.
#ifndef TAXGATE_TESTS_TESTUTIL_TEST_UTIL_H_
#define TAXGATE_TESTS_TESTUTIL_TEST_UTIL_H_

#include <string>

namespace taxgate::testing {

// A fresh folder under $TMPDIR, deleted with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string File(const std::string& name) const;
  // Writes `content` to File(name) and returns its path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// The repository root (TAXGATE_SOURCE_DIR, set by ctest; else the cwd).
std::string SourceDir();
// ../shared next to the repository, where the benchmark data lives.
std::string SharedDir();

}  // namespace taxgate::testing

#endif  // TAXGATE_TESTS_TESTUTIL_TEST_UTIL_H_
