#pragma once
// Result<T>: a T or an error Status. The project's replacement for std::expected (not in GCC 12).
//
//   Result<int32_t> r = reader.readInt32();
//   if (!r) return r.status();
//   use(*r);
//
// Reading the value of an error Result is a programming error and trips PIER_ASSERT.
// Thread-safety: a value type.

#include <utility>
#include <variant>

#include "base/assert.h"
#include "base/status.h"

namespace pier {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : m_v(std::in_place_index<1>, std::move(status)) {  // NOLINT
    PIER_ASSERT(!std::get<1>(m_v).isOk(), "Result built from an ok Status has no value");
  }
  template <ErrorEnum E>
  Result(E code, std::string message) : Result(Status(code, std::move(message))) {}

  bool isOk() const { return m_v.index() == 0; }
  explicit operator bool() const { return isOk(); }

  T& value() & {
    PIER_ASSERT(isOk(), "value() of an error Result");
    return std::get<0>(m_v);
  }
  const T& value() const& {
    PIER_ASSERT(isOk(), "value() of an error Result");
    return std::get<0>(m_v);
  }
  T&& value() && {
    PIER_ASSERT(isOk(), "value() of an error Result");
    return std::get<0>(std::move(m_v));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T valueOr(T fallback) const& { return isOk() ? std::get<0>(m_v) : std::move(fallback); }

  // The error; an ok Status when this holds a value.
  Status status() const { return isOk() ? Status() : std::get<1>(m_v); }

 private:
  std::variant<T, Status> m_v;
};

}  // namespace pier

#define PIER_CONCAT_INNER_(a, b) a##b
#define PIER_CONCAT_(a, b) PIER_CONCAT_INNER_(a, b)

// PIER_ASSIGN_OR_RETURN(auto x, expr): evaluates a Result; returns its Status on error,
// otherwise moves the value into the declaration.
#define PIER_ASSIGN_OR_RETURN(decl, expr)                                             \
  auto PIER_CONCAT_(pier_result_, __LINE__) = (expr);                                 \
  if (!PIER_CONCAT_(pier_result_, __LINE__).isOk()) {                                 \
    return PIER_CONCAT_(pier_result_, __LINE__).status();                             \
  }                                                                                   \
  decl = std::move(PIER_CONCAT_(pier_result_, __LINE__)).value()
