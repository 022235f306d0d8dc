#include "common/thread_pool.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace taxgate {
namespace {

// The pool whose job this thread is running, if any (nested calls inline).
thread_local const ThreadPool* running_in = nullptr;

// Sets running_in for a scope, and puts back the outer value however the
// scope is left.
class RunningIn {
 public:
  explicit RunningIn(const ThreadPool* pool) : outer_(running_in) {
    running_in = pool;
  }
  ~RunningIn() { running_in = outer_; }
  RunningIn(const RunningIn&) = delete;
  RunningIn& operator=(const RunningIn&) = delete;

 private:
  const ThreadPool* outer_;
};

void RunInline(size_t n, size_t slices,
               const std::function<void(size_t, size_t, size_t)>& fn) {
  for (size_t k = 0; k < slices; ++k)
    fn(k, n * k / slices, n * (k + 1) / slices);
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
  if (threads <= 0) {
    threads =
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  size_ = std::clamp(threads, 1, 256);
  for (int t = 1; t < size_; ++t) threads_.emplace_back([this] { Worker(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  start_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void ThreadPool::RunSlices() {
  RunningIn guard(this);
  while (true) {
    size_t k;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (next_slice_ >= job_slices_) break;
      k = next_slice_++;
    }
    try {
      (*job_)(k, job_n_ * k / job_slices_, job_n_ * (k + 1) / job_slices_);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!error_) error_ = std::current_exception();
      next_slice_ = job_slices_;  // start no more slices
    }
  }
}

void ThreadPool::Worker() {
  uint64_t seen = 0;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      ++busy_;
    }
    RunSlices();
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
    }
    done_cv_.notify_all();
  }
}

void ThreadPool::ForSlices(
    size_t n, size_t slices,
    const std::function<void(size_t, size_t, size_t)>& fn) {
  if (slices == 0) return;
  if (size_ == 1 || running_in == this || slices == 1) {
    RunInline(n, slices, fn);
    return;
  }
  std::lock_guard<std::mutex> run(run_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = &fn;
    job_n_ = n;
    job_slices_ = slices;
    next_slice_ = 0;
    error_ = nullptr;
    ++generation_;
  }
  start_cv_.notify_all();
  RunSlices();  // catches what its slices throw
  std::exception_ptr error;
  {
    std::unique_lock<std::mutex> lock(mu_);
    // Every slice is taken once next_slice_ reaches job_slices_; wait for
    // the workers still running theirs.
    done_cv_.wait(lock, [&] { return busy_ == 0; });
    job_ = nullptr;
    error = std::exchange(error_, nullptr);
  }
  if (error) std::rethrow_exception(error);
}

void ThreadPool::ForEach(size_t n, const std::function<void(size_t)>& fn,
                         size_t grain) {
  grain = std::max<size_t>(grain, 1);
  const size_t slices = (n + grain - 1) / grain;
  ForSlices(n, slices, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) fn(i);
  });
}

void ForSlices(ThreadPool* pool, size_t n, size_t slices,
               const std::function<void(size_t, size_t, size_t)>& fn) {
  if (pool == nullptr) {
    if (slices > 0) RunInline(n, slices, fn);
    return;
  }
  pool->ForSlices(n, slices, fn);
}

void ForEach(ThreadPool* pool, size_t n, const std::function<void(size_t)>& fn,
             size_t grain) {
  if (pool == nullptr) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  pool->ForEach(n, fn, grain);
}

}  // namespace taxgate
