#include "service/rate_limiter.h"

#include <algorithm>

namespace taxgate::service {

bool RateLimiter::Take(const std::string& agency, double cost,
                       double now_seconds) {
  const double per_minute = static_cast<double>(rate_of_(agency));
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& b = buckets_[agency];
  if (!b.started) {
    b.tokens = per_minute;
    b.last = now_seconds;
    b.started = true;
  }
  const double elapsed = std::max(0.0, now_seconds - b.last);
  b.tokens = std::min(per_minute, b.tokens + elapsed * per_minute / 60.0);
  b.last = std::max(b.last, now_seconds);
  // A call is let in while the bucket holds a token; a batch may take it
  // below zero (a debt paid back at the rate), so a batch larger than a
  // minute's worth is possible, and nothing else until it is repaid.
  if (per_minute <= 0 || b.tokens < std::min(1.0, cost)) return false;
  b.tokens -= cost;
  return true;
}

}  // namespace taxgate::service
