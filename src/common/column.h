// Column<T>: an array that is either owned (a std::vector while it is
// built) or borrowed (a read-only view into memory someone else keeps
// alive, such as a memory-mapped index file, record_store/index_file.h).
// Readers see the same const interface either way, at the cost of a plain
// pointer (no branch per access).
//
// Only an owned column may be changed; the mutators keep the view in step
// with the vector. Not copyable (a copy would alias the vector's buffer);
// moving keeps the view valid (a moved vector keeps its buffer).
//
// Thread-safety: like std::vector: const use from many threads.
#ifndef TAXGATE_COMMON_COLUMN_H_
#define TAXGATE_COMMON_COLUMN_H_

#include <cassert>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace taxgate {

template <class T>
class Column {
  static_assert(std::is_trivially_copyable_v<T>,
                "a Column is stored and mapped as raw bytes");

 public:
  Column() = default;
  Column(const Column&) = delete;
  Column& operator=(const Column&) = delete;
  Column(Column&& o) noexcept { *this = std::move(o); }
  Column& operator=(Column&& o) noexcept {
    owned_ = std::move(o.owned_);
    data_ = o.data_;
    size_ = o.size_;
    borrowed_ = o.borrowed_;
    o.data_ = nullptr;
    o.size_ = 0;
    o.borrowed_ = false;
    return *this;
  }

  // Reading.
  const T& operator[](size_t i) const {
    assert(i < size_);
    return data_[i];
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return data_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T& back() const { return data_[size_ - 1]; }
  std::span<const T> span() const { return {data_, size_}; }
  size_t bytes() const { return size_ * sizeof(T); }
  // Heap bytes held (0 when borrowed).
  size_t owned_bytes() const { return owned_.capacity() * sizeof(T); }
  bool borrowed() const { return borrowed_; }

  // Borrowing: `data` must outlive the column (or its next Borrow/Adopt).
  void Borrow(const T* data, size_t n) {
    std::vector<T>().swap(owned_);
    data_ = data;
    size_ = n;
    borrowed_ = true;
  }

  // Owning. REQUIRES for the mutators: !borrowed().
  void Adopt(std::vector<T> v) {
    owned_ = std::move(v);
    borrowed_ = false;
    Sync();
  }
  T& mut(size_t i) {
    assert(!borrowed_ && i < size_);
    return owned_[i];
  }
  void push_back(const T& v) {
    assert(!borrowed_);
    owned_.push_back(v);
    Sync();
  }
  void resize(size_t n, const T& v = T()) {
    assert(!borrowed_);
    owned_.resize(n, v);
    Sync();
  }
  void assign(size_t n, const T& v) {
    assert(!borrowed_);
    owned_.assign(n, v);
    Sync();
  }
  void reserve(size_t n) {
    assert(!borrowed_);
    owned_.reserve(n);
    Sync();
  }
  template <class It>
  void append(It first, It last) {
    assert(!borrowed_);
    owned_.insert(owned_.end(), first, last);
    Sync();
  }
  // Any other change: `f(std::vector<T>&)`.
  template <class F>
  void Edit(F f) {
    assert(!borrowed_);
    f(owned_);
    Sync();
  }

 private:
  void Sync() {
    data_ = owned_.data();
    size_ = owned_.size();
  }

  std::vector<T> owned_;
  const T* data_ = nullptr;
  size_t size_ = 0;
  bool borrowed_ = false;
};

// Checks of arrays read back from a file (a damaged or crafted file must
// not make a reader index outside them).

// CSR offsets: non-empty, start at 0, never go down, end at `total`.
template <class T>
bool OffsetsFit(std::span<const T> offsets, size_t total) {
  if (offsets.empty() || offsets[0] != 0 || offsets.back() != total) {
    return false;
  }
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) return false;
  }
  return true;
}

// Every value is below `limit`.
template <class T>
bool AllBelow(std::span<const T> values, size_t limit) {
  T max = 0;
  for (T v : values) max = v > max ? v : max;
  return values.empty() || static_cast<size_t>(max) < limit;
}

}  // namespace taxgate

#endif  // TAXGATE_COMMON_COLUMN_H_
