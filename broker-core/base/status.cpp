#include "base/status.h"

namespace pier {

Status Status::withContext(std::string_view context) const {
  if (isOk()) {
    return *this;
  }
  Status s = *this;
  s.m_message = std::string(context) + ": " + m_message;
  return s;
}

std::string Status::toString() const {
  if (isOk()) {
    return "ok";
  }
  std::string out;
  out.append(module()).append(".").append(codeName());
  if (!m_message.empty()) {
    out.append(": ").append(m_message);
  }
  return out;
}

}  // namespace pier
