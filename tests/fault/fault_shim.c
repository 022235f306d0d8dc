/* fault_shim: an LD_PRELOAD library that makes the Nth write or sync of a
 * run fail, for tests/cli/faults.sh (docs/fault_injection.md).
 *
 * It wraps write, pwrite, pwrite64, writev, fsync, fdatasync, ftruncate and
 * ftruncate64 (what SQLite's unix VFS and taxgate's own file code call:
 * `nm -D libsqlite3.so.0` lists pwrite64, write, fdatasync and ftruncate64;
 * nothing calls fallocate) and counts the calls made on a regular file, and
 * fsync/fdatasync on a folder (how a rename is made durable). Standard
 * input, output and error, and whatever is not a file (pipes, terminals,
 * sockets), are never counted and never fail.
 *
 * Environment:
 *   TAXGATE_FAULT_AT=N          the Nth counted call fails (1-based; unset
 *                               or 0: count only)
 *   TAXGATE_FAULT_STICKY=1      ... and every counted call after it
 *   TAXGATE_FAULT_ERRNO=E       EIO (default), ENOSPC, EDQUOT or a number
 *   TAXGATE_FAULT_PATH_SUBSTR=S count only files whose path holds S
 *   TAXGATE_FAULT_COUNT_FILE=F  at exit, write to F the number of counted
 *                               calls, then, when one was made to fail, a
 *                               line "failed N OP PATH" naming the first
 *   TAXGATE_FAULT_TRACE=F       append "N OP PATH" to F for every counted
 *                               call (to choose N by hand)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void*, size_t);
typedef ssize_t (*pwrite_fn)(int, const void*, size_t, off_t);
typedef ssize_t (*pwrite64_fn)(int, const void*, size_t, off64_t);
typedef ssize_t (*writev_fn)(int, const struct iovec*, int);
typedef int (*sync_fn)(int);
typedef int (*ftruncate_fn)(int, off_t);
typedef int (*ftruncate64_fn)(int, off64_t);

static struct {
  write_fn write;
  pwrite_fn pwrite;
  pwrite64_fn pwrite64;
  writev_fn writev;
  sync_fn fsync;
  sync_fn fdatasync;
  ftruncate_fn ftruncate;
  ftruncate64_fn ftruncate64;
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static long fault_at;
static int sticky;
static int fault_errno = EIO;
static const char* path_substr;
static const char* count_file;
static int trace_fd = -1;
static long counted;     /* updated atomically */
static long failed_call; /* the first call made to fail; 0 when none */
static char failed_what[PATH_MAX + 64];

static void init(void) {
  /* dlsym(RTLD_NEXT): the next definition after this library, libc's (or a
   * sanitizer's interceptor, which then calls libc's). */
  real.write = (write_fn)dlsym(RTLD_NEXT, "write");
  real.pwrite = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
  real.pwrite64 = (pwrite64_fn)dlsym(RTLD_NEXT, "pwrite64");
  real.writev = (writev_fn)dlsym(RTLD_NEXT, "writev");
  real.fsync = (sync_fn)dlsym(RTLD_NEXT, "fsync");
  real.fdatasync = (sync_fn)dlsym(RTLD_NEXT, "fdatasync");
  real.ftruncate = (ftruncate_fn)dlsym(RTLD_NEXT, "ftruncate");
  real.ftruncate64 = (ftruncate64_fn)dlsym(RTLD_NEXT, "ftruncate64");
  if (!real.write || !real.pwrite || !real.pwrite64 || !real.writev ||
      !real.fsync || !real.fdatasync || !real.ftruncate || !real.ftruncate64) {
    abort(); /* a libc without one of them: nothing sensible to do */
  }
  const char* v = getenv("TAXGATE_FAULT_AT");
  fault_at = v ? strtol(v, NULL, 10) : 0;
  v = getenv("TAXGATE_FAULT_STICKY");
  sticky = v && strcmp(v, "1") == 0;
  v = getenv("TAXGATE_FAULT_ERRNO");
  if (v && *v) {
    if (strcmp(v, "EIO") == 0) {
      fault_errno = EIO;
    } else if (strcmp(v, "ENOSPC") == 0) {
      fault_errno = ENOSPC;
    } else if (strcmp(v, "EDQUOT") == 0) {
      fault_errno = EDQUOT;
    } else {
      fault_errno = (int)strtol(v, NULL, 10);
      if (fault_errno <= 0) fault_errno = EIO;
    }
  }
  path_substr = getenv("TAXGATE_FAULT_PATH_SUBSTR");
  if (path_substr && !*path_substr) path_substr = NULL;
  count_file = getenv("TAXGATE_FAULT_COUNT_FILE");
  v = getenv("TAXGATE_FAULT_TRACE");
  if (v && *v) {
    trace_fd = open(v, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  }
}

/* The path of `fd` (from /proc/self/fd), or "?". */
static void fd_path(int fd, char* out, size_t size) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, out, size - 1);
  if (n < 0) n = snprintf(out, size, "?");
  out[n] = '\0';
}

static void put(int fd, const char* text) {
  size_t len = strlen(text), done = 0;
  while (done < len) {
    ssize_t w = real.write(fd, text + done, len - done);
    if (w <= 0) return;
    done += (size_t)w;
  }
}

/* Counts a call on `fd` if it is one to count; returns nonzero when this
 * call must fail (errno is then set). */
static int fault(int fd, const char* op, int is_sync) {
  pthread_once(&once, init);
  if (fd <= 2) return 0;
  struct stat st;
  if (fstat(fd, &st) != 0) return 0;
  if (!S_ISREG(st.st_mode) && !(is_sync && S_ISDIR(st.st_mode))) return 0;
  char path[PATH_MAX];
  path[0] = '\0';
  if (path_substr || trace_fd >= 0 || fault_at > 0) {
    fd_path(fd, path, sizeof path);
    if (path_substr && !strstr(path, path_substr)) return 0;
  }
  long n = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
  int fail = fault_at > 0 && (n == fault_at || (sticky && n > fault_at));
  if (trace_fd >= 0) {
    char line[PATH_MAX + 64];
    snprintf(line, sizeof line, "%ld %s %s%s\n", n, op, path,
             fail ? " (failed)" : "");
    put(trace_fd, line);
  }
  if (!fail) return 0;
  long none = 0;
  if (__atomic_compare_exchange_n(&failed_call, &none, n, 0, __ATOMIC_SEQ_CST,
                                  __ATOMIC_SEQ_CST)) {
    snprintf(failed_what, sizeof failed_what, "%s %s", op, path);
  }
  errno = fault_errno;
  return 1;
}

ssize_t write(int fd, const void* buf, size_t count) {
  if (fault(fd, "write", 0)) return -1;
  return real.write(fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  if (fault(fd, "pwrite", 0)) return -1;
  return real.pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  if (fault(fd, "pwrite64", 0)) return -1;
  return real.pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  if (fault(fd, "writev", 0)) return -1;
  return real.writev(fd, iov, iovcnt);
}

int fsync(int fd) {
  if (fault(fd, "fsync", 1)) return -1;
  return real.fsync(fd);
}

int fdatasync(int fd) {
  if (fault(fd, "fdatasync", 1)) return -1;
  return real.fdatasync(fd);
}

int ftruncate(int fd, off_t length) {
  if (fault(fd, "ftruncate", 0)) return -1;
  return real.ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
  if (fault(fd, "ftruncate64", 0)) return -1;
  return real.ftruncate64(fd, length);
}

__attribute__((destructor)) static void report(void) {
  pthread_once(&once, init);
  if (!count_file || !*count_file) return;
  int fd = open(count_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  char line[PATH_MAX + 128];
  long n = __atomic_load_n(&counted, __ATOMIC_SEQ_CST);
  long f = __atomic_load_n(&failed_call, __ATOMIC_SEQ_CST);
  if (f > 0) {
    snprintf(line, sizeof line, "%ld\nfailed %ld %s\n", n, f, failed_what);
  } else {
    snprintf(line, sizeof line, "%ld\n", n);
  }
  put(fd, line);
  close(fd);
}
