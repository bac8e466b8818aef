// Status and Result<T>: how every fallible call in attrition reports failure.
//
// A Status is either OK or carries a code and a message written for a person: it names
// the field, the value and what was expected. Result<T> holds a T or a non-OK Status.
// Both are cheap to move and are not thread-safe to mutate concurrently.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace attrition {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,     // bad input from a user, a file or a request
    kNotFound,            // a table, file, model version or alias that does not exist
    kCorruption,          // stored data that cannot be parsed
    kIOError,             // the file system or a remote peer failed
    kFailedPrecondition,  // the system is not in a state that allows the call
    kUnavailable,         // a server is down or went away; retrying may help
    kInternal,            // a bug: an invariant did not hold
  };

  Status() = default;  // OK

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status Corruption(std::string message) {
    return Status(Code::kCorruption, std::move(message));
  }
  static Status IOError(std::string message) { return Status(Code::kIOError, std::move(message)); }
  static Status FailedPrecondition(std::string message) {
    return Status(Code::kFailedPrecondition, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(Code::kUnavailable, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: <message>", or "OK".
  std::string ToString() const;

  // The same status with "<context>: " put in front of the message (OK stays OK).
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value of type T, or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  // REQUIRES: !status.ok()
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace attrition

#define ATTRITION_CONCAT_INNER(a, b) a##b
#define ATTRITION_CONCAT(a, b) ATTRITION_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define ATTRITION_RETURN_IF_ERROR(expr)                 \
  do {                                                  \
    ::attrition::Status attrition_status_ = (expr);     \
    if (!attrition_status_.ok()) return attrition_status_; \
  } while (0)

// Evaluates the Result `expr`; returns its Status when not OK, else moves its value
// into `lhs` (a declaration such as `auto x` or an existing variable).
#define ATTRITION_ASSIGN_OR_RETURN(lhs, expr) \
  ATTRITION_ASSIGN_OR_RETURN_IMPL(ATTRITION_CONCAT(attrition_result_, __LINE__), lhs, expr)
#define ATTRITION_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                    \
  if (!result.ok()) return result.status();                \
  lhs = std::move(result).value()
