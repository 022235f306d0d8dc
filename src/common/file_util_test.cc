#include "common/file_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"

namespace taxgate {
namespace {

// A pid that belonged to a process that is gone now.
pid_t DeadPid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

// What a write killed mid-way leaves (a key rotation: a secret) goes; what
// a live process is writing, and anything else, stays.
TEST(RemoveStaleTempFilesTest, RemovesOnlyWhatADeadProcessLeft) {
  testing::TempDir dir;
  const std::string dead =
      dir.Write("checkpoint.key.tmp." + std::to_string(DeadPid()), "secret");
  const std::string live =
      dir.Write("hmac.key.tmp." + std::to_string(::getppid()), "x");
  const std::string own =
      dir.Write("hmac.key.tmp." + std::to_string(::getpid()), "x");
  const std::string key = dir.Write("checkpoint.key", "k");
  const std::string odd = dir.Write("notes.tmp.abc", "n");
  EXPECT_EQ(RemoveStaleTempFiles(dir.path()), 1);
  EXPECT_FALSE(FileExists(dead));
  EXPECT_TRUE(FileExists(live));
  EXPECT_TRUE(FileExists(own));
  EXPECT_TRUE(FileExists(key));
  EXPECT_TRUE(FileExists(odd));
  EXPECT_EQ(RemoveStaleTempFiles(dir.path() + "/missing"), 0);
}

// An output is never written over the store or its write-ahead log.
TEST(WriteOutputFileTest, RefusesTheStoreAndItsWal) {
  testing::TempDir dir;
  const std::string store =
      dir.Write("s.db", std::string("SQLite format 3\0", 16));
  EXPECT_FALSE(WriteOutputFile(store, "x").ok());
  EXPECT_FALSE(WriteOutputFile(store + "-wal", "x").ok());
  EXPECT_TRUE(CheckOutputPath(dir.File("report.csv")).ok());
}

}  // namespace
}  // namespace taxgate
