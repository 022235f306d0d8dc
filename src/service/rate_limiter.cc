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
  if (b.tokens < cost) return false;
  b.tokens -= cost;
  return true;
}

}  // namespace taxgate::service
