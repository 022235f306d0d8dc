#include "service/rate_limiter.h"

#include <gtest/gtest.h>

namespace taxgate::service {
namespace {

RateLimiter Limiter() {
  return RateLimiter([](const std::string& a) {
    if (a == "BARRED") return 0;
    return a == "FAST" ? 600 : 60;
  });
}

TEST(RateLimiterTest, AllowsAMinutesWorthThenRefuses) {
  RateLimiter r = Limiter();
  for (int i = 0; i < 60; ++i) EXPECT_TRUE(r.Take("ICE", 1, 100.0)) << i;
  EXPECT_FALSE(r.Take("ICE", 1, 100.0));
  // Another agency has its own bucket.
  EXPECT_TRUE(r.Take("FBI", 1, 100.0));
}

TEST(RateLimiterTest, RefillsAtTheRate) {
  RateLimiter r = Limiter();
  EXPECT_TRUE(r.Take("ICE", 60, 0.0));
  EXPECT_FALSE(r.Take("ICE", 1, 0.5));  // half a token so far
  EXPECT_TRUE(r.Take("ICE", 1, 1.0));   // one a second at 60 a minute
  EXPECT_FALSE(r.Take("ICE", 1, 1.0));
  EXPECT_TRUE(r.Take("ICE", 10, 11.0));
}

TEST(RateLimiterTest, ABatchCostsOneTokenPerRequestAndMayRunADebt) {
  RateLimiter r = Limiter();
  EXPECT_TRUE(r.Take("ICE", 90, 0.0));   // more than a minute's worth
  EXPECT_FALSE(r.Take("ICE", 1, 0.0));   // 30 in debt
  EXPECT_FALSE(r.Take("ICE", 1, 30.0));  // repaid after 30 s, not yet one
  EXPECT_TRUE(r.Take("ICE", 1, 31.0));
}

TEST(RateLimiterTest, ZeroRefusesEverything) {
  RateLimiter r = Limiter();
  EXPECT_FALSE(r.Take("BARRED", 1, 0.0));
  EXPECT_FALSE(r.Take("BARRED", 1, 3600.0));
}

TEST(RateLimiterTest, ClockGoingBackDoesNotMintTokens) {
  RateLimiter r = Limiter();
  EXPECT_TRUE(r.Take("ICE", 60, 100.0));
  EXPECT_FALSE(r.Take("ICE", 1, 50.0));
  EXPECT_FALSE(r.Take("ICE", 1, 100.5));
}

}  // namespace
}  // namespace taxgate::service
