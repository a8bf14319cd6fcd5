// Durations and backoff; see schedule.h.
#include "runtime/gitops/schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/core.h>

namespace cairn::gitops {

std::optional<double> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char* begin = text.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v) || v <= 0 ||
      !(std::isdigit(static_cast<unsigned char>(*begin)) || *begin == '.'))
    return std::nullopt;
  std::string unit = end;
  double scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "ms")
    scale = 0.001;
  else if (unit == "m")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else
    return std::nullopt;
  double seconds = v * scale;
  if (seconds > 7 * 24 * 3600.0) return std::nullopt; // a week at most
  return seconds;
}

std::string format_duration(double seconds) {
  if (seconds < 1) return fmt::format("{}ms", static_cast<long>(std::lround(seconds * 1000)));
  long s = std::lround(seconds);
  if (s < 60) return fmt::format("{}s", s);
  if (s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}m{}s", s / 60, s % 60);
}

double backoff_delay(uint32_t failures, double base, double cap, double unit) {
  uint32_t doublings = std::min<uint32_t>(failures == 0 ? 0 : failures - 1, 40);
  double full = std::min(cap, base * std::ldexp(1.0, static_cast<int>(doublings)));
  return full * (0.5 + 0.5 * std::clamp(unit, 0.0, 1.0));
}

} // namespace cairn::gitops
