// ThreadPool: the one set of worker threads of a command, sized once (the
// `--threads` option; 0 = every core) and passed to everything that works in
// parallel: building the match index, estimating u, training, matching a
// batch, counting near-copies of reasons.
//
// Work is split into slices whose bounds depend only on the work and on a
// slice count the caller chooses, never on the number of threads, so a
// caller that writes each result to its own slot (or adds whole numbers)
// gets the same result on any number of threads.
//
// A null pool (or one of size 1) runs everything on the calling thread. A
// call made from inside a running job also runs inline (no deadlock). An
// exception thrown by a slice stops the slices not yet started; the call
// returns once the running ones are done and rethrows the first exception
// on the calling thread (never on a worker, where it would terminate).
//
// Thread-safety: one job at a time; calls from several threads are
// serialized.
#ifndef TAXGATE_COMMON_THREAD_POOL_H_
#define TAXGATE_COMMON_THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace taxgate {

class ThreadPool {
 public:
  // `threads` workers in all, the caller included; 0 = the machine's cores.
  // Clamped to [1, 256].
  explicit ThreadPool(int threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return size_; }

  // Calls fn(slice, begin, end) for `slices` contiguous slices covering
  // [0, n) (slice k is [n*k/slices, n*(k+1)/slices)); returns when all are
  // done. Slices run on any thread, in any order.
  void ForSlices(
      size_t n, size_t slices,
      const std::function<void(size_t slice, size_t begin, size_t end)>& fn);
  // Calls fn(i) for every i in [0, n), in chunks of `grain`.
  void ForEach(size_t n, const std::function<void(size_t i)>& fn,
               size_t grain = 16);

 private:
  void Worker();
  void RunSlices();

  int size_ = 1;
  std::vector<std::thread> threads_;
  std::mutex run_mu_;  // one job at a time
  std::mutex mu_;
  std::condition_variable start_cv_, done_cv_;
  uint64_t generation_ = 0;
  bool stop_ = false;
  int busy_ = 0;
  // The running job.
  const std::function<void(size_t, size_t, size_t)>* job_ = nullptr;
  size_t job_n_ = 0, job_slices_ = 0, next_slice_ = 0;
  std::exception_ptr error_;  // the first exception of the running job
};

// pool->ForSlices(...), or inline when `pool` is null.
void ForSlices(ThreadPool* pool, size_t n, size_t slices,
               const std::function<void(size_t, size_t, size_t)>& fn);
// pool->ForEach(...), or inline when `pool` is null.
void ForEach(ThreadPool* pool, size_t n, const std::function<void(size_t)>& fn,
             size_t grain = 16);
// The number of threads `pool` runs (1 when null).
inline int ThreadsOf(const ThreadPool* pool) {
  return pool == nullptr ? 1 : pool->size();
}

}  // namespace taxgate

#endif  // TAXGATE_COMMON_THREAD_POOL_H_
