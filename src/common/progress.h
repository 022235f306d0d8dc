// Progress of a long command, for a person at a terminal: one line on
// stderr, redrawn at most ten times a second, with a bar, the count, the
// rate and the time left ("process  deciding  [#####-----]  48%
// 48,000/100,000  2,013/s  0:26 left"). Quiet when stderr is not a
// terminal (a pipe, a log, CI) or TAXGATE_NO_PROGRESS is set, so that
// scripts and logs see only the summary.
//
// Libraries report through a ProgressFn (they never print); the faces make
// one with TerminalProgress. Thread-safe: the function may be called from
// any thread.
#ifndef TAXGATE_COMMON_PROGRESS_H_
#define TAXGATE_COMMON_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace taxgate {

// `stage` names what is being done; `total` < 0 when unknown (then the
// count and rate are shown without a bar). A null ProgressFn reports nothing.
using ProgressFn =
    std::function<void(std::string_view stage, int64_t done, int64_t total)>;

class TerminalProgress {
 public:
  // `command` starts the line ("process", "load"). Drawn only when
  // `enabled` (default: stderr is a terminal and TAXGATE_NO_PROGRESS is
  // unset).
  explicit TerminalProgress(std::string command, bool enabled = Wanted());
  ~TerminalProgress();  // clears the line

  ProgressFn Fn();
  // The line for these figures (for tests): `elapsed` in seconds.
  static std::string Line(std::string_view command, std::string_view stage,
                          int64_t done, int64_t total, double elapsed);
  static bool Wanted();

 private:
  void Report(std::string_view stage, int64_t done, int64_t total);
  std::string command_;
  bool enabled_;
  std::mutex mu_;
  std::string stage_;
  std::chrono::steady_clock::time_point stage_start_, last_draw_;
  bool drawn_ = false;
};

}  // namespace taxgate

#endif  // TAXGATE_COMMON_PROGRESS_H_
