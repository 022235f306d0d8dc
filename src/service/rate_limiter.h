// RateLimiter: a token bucket per agency (policy [service]): each agency
// may send `per_minute` requests a minute, in bursts of up to a minute's
// worth. Thread-safe. Time is passed in, so tests drive it.
#ifndef TAXGATE_SERVICE_RATE_LIMITER_H_
#define TAXGATE_SERVICE_RATE_LIMITER_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace taxgate::service {

class RateLimiter {
 public:
  // `rate_of(agency)`: that agency's requests per minute (0: none).
  explicit RateLimiter(std::function<int(const std::string&)> rate_of)
      : rate_of_(std::move(rate_of)) {}

  // Takes `cost` tokens of `agency`'s bucket at time `now_seconds`; false
  // (and nothing taken) when the bucket holds less than one. A large
  // batch may take it below zero: later calls wait until it is repaid.
  bool Take(const std::string& agency, double cost, double now_seconds);

 private:
  struct Bucket {
    double tokens = 0;
    double last = 0;
    bool started = false;
  };
  std::function<int(const std::string&)> rate_of_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_RATE_LIMITER_H_
