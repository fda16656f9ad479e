#include "keeper/java_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace pier::keeper {
namespace {

struct Decimal {
  std::string digits;  // significant digits, no leading zeros
  int exponent = 0;    // value = 0.d1d2d3... * 10^(exponent + 1), i.e. d1 is at 10^exponent
};

// The shortest digits that read back as `value` (what Double.toString picks), via to_chars.
Decimal shortestDigits(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string text(buf, ec == std::errc() ? end : buf);
  const std::size_t e = text.find('e');
  Decimal d;
  for (char c : text.substr(0, e)) {
    if (c != '.') d.digits.push_back(c);
  }
  d.exponent = std::atoi(text.c_str() + e + 1);
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

std::string plainNotation(const Decimal& d) {
  std::string out;
  if (d.exponent < 0) {
    out = "0." + std::string(std::size_t(-d.exponent - 1), '0') + d.digits;
  } else if (std::size_t(d.exponent) + 1 >= d.digits.size()) {
    out = d.digits + std::string(std::size_t(d.exponent) + 1 - d.digits.size(), '0') + ".0";
  } else {
    out = d.digits.substr(0, std::size_t(d.exponent) + 1) + "." + d.digits.substr(std::size_t(d.exponent) + 1);
  }
  return out;
}

std::string scientificNotation(const Decimal& d) {
  const std::string fraction = d.digits.size() > 1 ? d.digits.substr(1) : "0";
  return fmt::format("{}.{}E{}", d.digits[0], fraction, d.exponent);
}

}  // namespace

std::string javaDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  const std::string sign = value < 0 ? "-" : "";
  const double magnitude = std::fabs(value);
  const Decimal d = shortestDigits(magnitude);
  if (magnitude >= 1e-3 && magnitude < 1e7) return sign + plainNotation(d);
  return sign + scientificNotation(d);
}

std::string javaHex(int64_t value) { return fmt::format("{:x}", static_cast<uint64_t>(value)); }

std::string javaDateUtc(int64_t epochMs) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t seconds = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
  const int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t secondOfDay = seconds - days * 86400;
  // Howard Hinnant's civil_from_days.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[((days % 7) + 7) % 7], kMonths[month - 1], day,
                     secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, year);
}

}  // namespace pier::keeper
