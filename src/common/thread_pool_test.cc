#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

namespace taxgate {
namespace {

TEST(ThreadPoolTest, EveryIndexOnceOnAnyNumberOfThreads) {
  for (int threads : {1, 2, 3, 8}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.size(), threads);
    for (size_t n : {0u, 1u, 7u, 1000u}) {
      std::vector<std::atomic<int>> hits(n);
      pool.ForEach(
          n, [&](size_t i) { hits[i]++; }, 3);
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << i;
    }
  }
}

TEST(ThreadPoolTest, SlicesDependOnTheWorkNotOnTheThreads) {
  std::vector<std::tuple<size_t, size_t, size_t>> want;
  for (int threads : {1, 2, 5}) {
    ThreadPool pool(threads);
    std::vector<std::tuple<size_t, size_t, size_t>> got(7);
    pool.ForSlices(100, 7, [&](size_t k, size_t b, size_t e) {
      got[k] = {k, b, e};
    });
    if (want.empty()) want = got;
    EXPECT_EQ(got, want) << threads;
  }
  EXPECT_EQ(std::get<1>(want[0]), 0u);
  EXPECT_EQ(std::get<2>(want[6]), 100u);
  // A sum of doubles made per slice and added in slice order is the same
  // on any number of threads.
  std::vector<double> x(10000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 1.0 / (1.0 + i);
  std::set<double> sums;
  for (int threads : {1, 2, 3, 4}) {
    ThreadPool pool(threads);
    std::vector<double> part(16, 0);
    pool.ForSlices(x.size(), part.size(), [&](size_t k, size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) part[k] += x[i];
    });
    sums.insert(std::accumulate(part.begin(), part.end(), 0.0));
  }
  EXPECT_EQ(sums.size(), 1u);
}

TEST(ThreadPoolTest, ANestedCallRunsInlineAndANullPoolRunsHere) {
  ThreadPool pool(4);
  std::atomic<int> inner{0};
  pool.ForEach(
      8, [&](size_t) { pool.ForEach(5, [&](size_t) { inner++; }); }, 1);
  EXPECT_EQ(inner.load(), 40);
  int count = 0;  // no atomic needed: a null pool runs on this thread
  ForEach(nullptr, 10, [&](size_t) { ++count; });
  EXPECT_EQ(count, 10);
  EXPECT_EQ(ThreadsOf(nullptr), 1);
}

TEST(ThreadPoolTest, ManyJobsBackToBack) {
  ThreadPool pool(3);
  std::atomic<int64_t> total{0};
  for (int job = 0; job < 500; ++job) {
    pool.ForEach(
        17, [&](size_t i) { total += static_cast<int64_t>(i); }, 1);
  }
  EXPECT_EQ(total.load(), 500 * (16 * 17 / 2));
}

// An exception in a slice, on a worker or on the caller, comes back to the
// caller once the running slices are done; the pool stays usable.
TEST(ThreadPoolTest, AnExceptionReachesTheCallerAndThePoolGoesOn) {
  ThreadPool pool(4);
  for (size_t bad : {0u, 5u, 63u}) {
    std::atomic<int> ran{0};
    EXPECT_THROW(pool.ForSlices(64, 64,
                                [&](size_t k, size_t, size_t) {
                                  ran++;
                                  if (k == bad) throw std::runtime_error("x");
                                }),
                 std::runtime_error);
    EXPECT_GE(ran.load(), 1);
    EXPECT_LE(ran.load(), 64);
  }
  // Still a pool: the next job runs on every thread again, not inline.
  std::atomic<int> hits{0};
  pool.ForEach(
      1000, [&](size_t) { hits++; }, 1);
  EXPECT_EQ(hits.load(), 1000);
  // A nested call that throws.
  EXPECT_THROW(pool.ForEach(
                   4,
                   [&](size_t) {
                     pool.ForEach(
                         2, [](size_t) { throw std::logic_error("inner"); });
                   },
                   1),
               std::logic_error);
}

TEST(ThreadPoolTest, TwoCallersShareOnePool) {
  ThreadPool pool(3);
  std::atomic<int64_t> a{0}, b{0};
  std::thread other([&] {
    for (int i = 0; i < 200; ++i)
      pool.ForEach(
          10, [&](size_t) { a++; }, 1);
  });
  for (int i = 0; i < 200; ++i)
    pool.ForEach(
        10, [&](size_t) { b++; }, 1);
  other.join();
  EXPECT_EQ(a.load(), 2000);
  EXPECT_EQ(b.load(), 2000);
}

}  // namespace
}  // namespace taxgate
