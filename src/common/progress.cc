#include "common/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace taxgate {
namespace {

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

std::string Clock(double seconds) {
  const int64_t s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(
        buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
        static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld",
                  static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  }
  return buf;
}

}  // namespace

bool TerminalProgress::Wanted() {
  return isatty(STDERR_FILENO) && std::getenv("TAXGATE_NO_PROGRESS") == nullptr;
}

TerminalProgress::TerminalProgress(std::string command, bool enabled)
    : command_(std::move(command)), enabled_(enabled) {}

TerminalProgress::~TerminalProgress() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

ProgressFn TerminalProgress::Fn() {
  if (!enabled_) return nullptr;
  return [this](std::string_view stage, int64_t done, int64_t total) {
    Report(stage, done, total);
  };
}

std::string TerminalProgress::Line(std::string_view command,
                                   std::string_view stage, int64_t done,
                                   int64_t total, double elapsed) {
  std::string line = std::string(command) + "  " + std::string(stage) + "  ";
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  if (total > 0) {
    const double share =
        std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int width = 24, filled = static_cast<int>(share * width);
    line += "[" + std::string(static_cast<size_t>(filled), '#') +
            std::string(static_cast<size_t>(width - filled), '-') + "]  ";
    char pct[16];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(share * 100));
    line += std::string(pct) + "  " + Thousands(done) + "/" + Thousands(total);
  } else if (done > 0) {
    line += Thousands(done);
  }
  if (rate > 0) {
    line += "  " + Thousands(static_cast<int64_t>(rate)) + "/s";
    if (total > 0 && done < total) {
      line += "  " + Clock(static_cast<double>(total - done) / rate) + " left";
    }
  }
  line += "  (" + Clock(elapsed) + ")";
  return line;
}

void TerminalProgress::Report(std::string_view stage, int64_t done,
                              int64_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (stage != stage_) {
    stage_ = std::string(stage);
    stage_start_ = now;
  } else if (now - last_draw_ < std::chrono::milliseconds(100) &&
             done < total) {
    return;
  }
  last_draw_ = now;
  const double elapsed =
      std::chrono::duration<double>(now - stage_start_).count();
  std::fprintf(stderr, "\r\033[K%s",
               Line(command_, stage_, done, total, elapsed).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace taxgate
