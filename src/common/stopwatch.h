// Wall-clock seconds for the figures commands report (`--json`'s
// "seconds" and phases): a steady clock, never the time of day.
#ifndef TAXGATE_COMMON_STOPWATCH_H_
#define TAXGATE_COMMON_STOPWATCH_H_

#include <chrono>

namespace taxgate {

inline double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
}

// Seconds since it was made, or since the last Lap().
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const { return SecondsSince(start_); }
  // The seconds since the last lap (or the start), and a new lap begins.
  double Lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - start_).count();
    start_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace taxgate

#endif  // TAXGATE_COMMON_STOPWATCH_H_
