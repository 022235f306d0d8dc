// Status and Result<T>: how taxgate reports errors across module boundaries.
//
// No exceptions cross a module boundary (docs/architecture.md). A function
// that can fail returns a Status, or a Result<T> holding either a value or a
// non-OK Status. Messages name what was wrong and what was expected
// ("requests.csv:17: column 'statute' missing"). Thread-safety: values, no
// shared state.
#ifndef TAXGATE_COMMON_STATUS_H_
#define TAXGATE_COMMON_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace taxgate {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: a file, a flag, a field
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a unique thing was created twice
  kFailedPrecondition,  // the system is not in a state to do this
  kPermissionDenied,    // the caller may not do this
  kDataLoss,            // stored data is corrupt (audit verify)
  kUnavailable,         // a resource is out of reach; retrying may help
  kInternal,            // a bug
  kAborted,             // another writer won a race; running again is safe
};

// Name of a code, e.g. "INVALID_ARGUMENT".
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return Status(StatusCode::kInvalidArgument, std::move(m));
  }
  static Status NotFound(std::string m) {
    return Status(StatusCode::kNotFound, std::move(m));
  }
  static Status AlreadyExists(std::string m) {
    return Status(StatusCode::kAlreadyExists, std::move(m));
  }
  static Status FailedPrecondition(std::string m) {
    return Status(StatusCode::kFailedPrecondition, std::move(m));
  }
  static Status PermissionDenied(std::string m) {
    return Status(StatusCode::kPermissionDenied, std::move(m));
  }
  static Status DataLoss(std::string m) {
    return Status(StatusCode::kDataLoss, std::move(m));
  }
  static Status Unavailable(std::string m) {
    return Status(StatusCode::kUnavailable, std::move(m));
  }
  static Status Internal(std::string m) {
    return Status(StatusCode::kInternal, std::move(m));
  }
  static Status Aborted(std::string m) {
    return Status(StatusCode::kAborted, std::move(m));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message", or "OK".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Prints the status to stderr and aborts: reading the value of a Result
// that holds an error is a programming error, caught at once in every build
// rather than left undefined.
[[noreturn]] void DieReadingAnError(const Status& status);

// A value or the Status that explains why there is none.
// REQUIRES: value() only when ok() (otherwise DieReadingAnError).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result made of an OK status");
  }
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return Checked(); }

 private:
  T& Checked() {
    if (!value_) DieReadingAnError(status_);
    return *value_;
  }
  const T& Checked() const {
    if (!value_) DieReadingAnError(status_);
    return *value_;
  }

  Status status_;
  std::optional<T> value_;
};

}  // namespace taxgate

#define TG_CONCAT_INNER_(a, b) a##b
#define TG_CONCAT_(a, b) TG_CONCAT_INNER_(a, b)

// Returns from the calling function when `expr` (a Status) is not OK.
#define TG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::taxgate::Status tg_status_ = (expr);   \
    if (!tg_status_.ok()) return tg_status_; \
  } while (0)

// `TG_ASSIGN_OR_RETURN(auto x, Foo());` unwraps a Result or returns its Status.
#define TG_ASSIGN_OR_RETURN(lhs, expr) \
  TG_ASSIGN_OR_RETURN_IMPL_(TG_CONCAT_(tg_result_, __LINE__), lhs, expr)
#define TG_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // TAXGATE_COMMON_STATUS_H_
