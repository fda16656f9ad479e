#pragma once
// Status: the outcome of an operation that can fail in an expected way (bad input, full disk,
// peer gone). An error carries a per-module error enum value and a human message with context.
//
// Every module declares its own error enum and registers it once with PIER_ERROR_DOMAIN:
//
//   enum class StorageError { SegmentMissing, CorruptIndex };
//   std::string_view describe(StorageError e);         // stable name, e.g. "CorruptIndex"
//   PIER_ERROR_DOMAIN(StorageError, "storage");
//
// Then `Status(StorageError::CorruptIndex, "00000000000000000000.index: entry 7 out of order")`
// and `status.is(StorageError::CorruptIndex)`. Only broker/error_mapping turns these into
// Kafka or ZooKeeper error codes; only app/ turns them into translated text.
//
// Thread-safety: a value type; no shared state.

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>

namespace pier {

// One per error enum: its module name and how to name a code.
struct ErrorDomain {
  std::string_view module;
  std::string_view (*describe)(int code);
};

template <typename E>
struct ErrorDomainOf;  // specialised by PIER_ERROR_DOMAIN

template <typename E>
concept ErrorEnum = std::is_enum_v<E> && requires { ErrorDomainOf<E>::kDomain; };

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  template <ErrorEnum E>
  Status(E code, std::string message)
      : m_domain(&ErrorDomainOf<E>::kDomain), m_code(static_cast<int>(code)),
        m_message(std::move(message)) {}

  static Status ok() { return Status(); }

  bool isOk() const { return m_domain == nullptr; }
  explicit operator bool() const { return isOk(); }

  template <ErrorEnum E>
  bool is(E code) const {
    return m_domain == &ErrorDomainOf<E>::kDomain && m_code == static_cast<int>(code);
  }

  // The error enum value, when this status belongs to E's domain.
  template <ErrorEnum E>
  bool inDomain() const {
    return m_domain == &ErrorDomainOf<E>::kDomain;
  }
  int code() const { return m_code; }
  std::string_view module() const { return m_domain ? m_domain->module : "ok"; }
  std::string_view codeName() const { return m_domain ? m_domain->describe(m_code) : "Ok"; }
  const std::string& message() const { return m_message; }

  // Adds outer context: "open segment: <inner message>".
  Status withContext(std::string_view context) const;

  // "storage.CorruptIndex: 00000000000000000000.index: entry 7 out of order", or "ok".
  std::string toString() const;

 private:
  const ErrorDomain* m_domain = nullptr;
  int m_code = 0;
  std::string m_message;
};

}  // namespace pier

#define PIER_ERROR_DOMAIN(Enum, moduleName)                                           \
  template <>                                                                         \
  struct pier::ErrorDomainOf<Enum> {                                                  \
    static inline const ::pier::ErrorDomain kDomain{                                  \
        moduleName, [](int c) { return describe(static_cast<Enum>(c)); }};            \
  }

// Returns the Status from `expr` when it is an error.
#define PIER_RETURN_IF_ERROR(expr)                                                    \
  do {                                                                                \
    if (::pier::Status pier_status_ = (expr); !pier_status_.isOk()) {                 \
      return pier_status_;                                                            \
    }                                                                                 \
  } while (false)
