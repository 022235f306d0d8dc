#include "common/file_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace taxgate {

Result<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(path + ": cannot open file");
  std::string out;
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    out.reserve(static_cast<size_t>(st.st_size));
  }
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      return Status::Unavailable(path + ": read error: " + why);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view content,
                           bool owner_only) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  // A fresh file, never one left behind or planted (O_EXCL, and no symlink
  // followed), with its mode set whatever the umask.
  ::unlink(tmp.c_str());
  int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
             owner_only ? 0600 : 0644);
  if (fd < 0) {
    return Status::Unavailable(path +
                               ": cannot create: " + std::strerror(errno));
  }
  if (owner_only && ::fchmod(fd, 0600) != 0) {
    int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return Status::Unavailable(path + ": cannot set mode: " + std::strerror(e));
  }
  size_t done = 0;
  while (done < content.size()) {
    ssize_t w = ::write(fd, content.data() + done, content.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Unavailable(path + ": write failed: " + std::strerror(e));
    }
    done += static_cast<size_t>(w);
  }
  // Closed whether or not the sync worked (a failed sync used to leave the
  // descriptor open), and the reason is the sync's when it failed.
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    const int e = synced ? errno : sync_errno;
    ::unlink(tmp.c_str());
    return Status::Unavailable(path + ": sync failed: " + std::strerror(e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Unavailable(path +
                               ": rename failed: " + std::strerror(errno));
  }
  return SyncParentDir(path);
}

Status SyncParentDir(const std::string& path) {
  // (Not `dir = "."` on an empty string: GCC 12 at -O3 warns, wrongly,
  // that the copy may overlap.)
  const std::filesystem::path parent =
      std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Unavailable(
        dir + ": cannot open folder to sync: " + std::strerror(errno));
  }
  int rc = ::fsync(fd);
  int e = errno;
  ::close(fd);
  if (rc != 0) {
    return Status::Unavailable(dir +
                               ": folder sync failed: " + std::strerror(e));
  }
  return Status::Ok();
}

Status MakeDirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable(dir + ": cannot create: " + ec.message());
  return Status::Ok();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

int RemoveStaleTempFiles(const std::string& dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const size_t at = name.rfind(".tmp.");
    if (at == std::string::npos || at == 0) continue;
    const std::string pid_text = name.substr(at + 5);
    if (pid_text.empty() ||
        pid_text.find_first_not_of("0123456789") != std::string::npos ||
        pid_text.size() > 9) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or unknown
    std::error_code rm;
    if (std::filesystem::remove(entry.path(), rm)) ++removed;
  }
  return removed;
}

std::vector<int> ProcessesHolding(const std::string& path) {
  std::vector<int> out;
  struct stat target;
  if (::stat(path.c_str(), &target) != 0) return out;
  std::error_code ec;
  const int self = static_cast<int>(::getpid());
  for (const auto& proc : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = proc.path().filename().string();
    if (name.empty() ||
        name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const int pid = std::stoi(name);
    if (pid == self) continue;
    std::error_code fd_ec;
    for (const auto& fd :
         std::filesystem::directory_iterator(proc.path() / "fd", fd_ec)) {
      struct stat st;
      if (::stat(fd.path().c_str(), &st) == 0 && st.st_dev == target.st_dev &&
          st.st_ino == target.st_ino) {
        out.push_back(pid);
        break;
      }
    }
  }
  return out;
}

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// True when `path` is a regular file that starts as a SQLite database.
bool IsSqliteFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  char head[16] = {};
  ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  return n == 16 && std::memcmp(head, "SQLite format 3", 16) == 0;
}

// A store's key folder: "<db>.keys".
bool IsKeyFolder(const std::filesystem::path& dir) {
  return EndsWith(dir.filename().string(), ".keys");
}

}  // namespace

Status CheckOutputPath(const std::string& path) {
  const std::filesystem::path p(path);
  std::filesystem::path parent = p.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  const std::filesystem::path real_parent =
      std::filesystem::weakly_canonical(parent, ec);
  if (IsKeyFolder(ec ? parent : real_parent)) {
    return Status::FailedPrecondition(
        path + ": refusing to write an output into a store's key folder");
  }
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      return Status::FailedPrecondition(
          path + ": refusing to write an output over a symbolic link");
    }
    if (!S_ISREG(st.st_mode)) {
      return Status::FailedPrecondition(
          path +
          ": refusing to write an output over something that is not a "
          "regular file (a folder, a device, a pipe)");
    }
    if (IsSqliteFile(path)) {
      return Status::FailedPrecondition(
          path + ": refusing to write an output over a database (the store?)");
    }
  }
  for (std::string_view suffix : {"-wal", "-shm", "-journal"}) {
    if (EndsWith(path, suffix) &&
        IsSqliteFile(path.substr(0, path.size() - suffix.size()))) {
      return Status::FailedPrecondition(
          path + ": refusing to write an output over a database's " +
          std::string(suffix.substr(1)) + " file");
    }
  }
  return Status::Ok();
}

Status WriteOutputFile(const std::string& path, std::string_view content) {
  TG_RETURN_IF_ERROR(CheckOutputPath(path));
  return WriteFileAtomically(path, content, /*owner_only=*/true);
}

Status MakeOutputDir(const std::string& dir) {
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::weakly_canonical(dir, ec);
  if (IsKeyFolder(ec ? std::filesystem::path(dir) : real)) {
    return Status::FailedPrecondition(
        dir + ": refusing to write outputs into a store's key folder");
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      return Status::FailedPrecondition(dir + ": not a folder");
    }
    return Status::Ok();
  }
  TG_RETURN_IF_ERROR(MakeDirs(dir));
  if (::chmod(dir.c_str(), 0700) != 0) {
    return Status::Unavailable(dir +
                               ": cannot set mode: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace taxgate
