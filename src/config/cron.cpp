#include "config/cron.h"

#include <array>
#include <cctype>
#include <charconv>
#include <sstream>
#include <vector>

namespace attrition::config {
namespace {

struct FieldSpec {
  const char* name;
  int lo;
  int hi;
  const char* const* names;  // names for lo, lo+1, ... or nullptr
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, nullptr},
    {"hour", 0, 23, nullptr},
    {"day-of-month", 1, 31, nullptr},
    {"month", 1, 12, kMonthNames},
    {"day-of-week", 0, 7, kDayNames},
}};

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A number or a name of `spec`; returns false with *error.
bool ParseValue(std::string_view text, const FieldSpec& spec, int* out, std::string* error) {
  if (spec.names != nullptr) {
    const std::string upper = Upper(text);
    const int count = spec.names == kMonthNames ? 12 : 7;
    for (int i = 0; i < count; ++i) {
      if (upper == spec.names[i]) {
        *out = spec.lo + i;
        return true;
      }
    }
  }
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    *error = std::string(spec.name) + " '" + std::string(text) + "' is not a number";
    return false;
  }
  if (v < spec.lo || v > spec.hi) {
    *error = std::string(spec.name) + " " + std::string(text) + " is out of range " +
             std::to_string(spec.lo) + "-" + std::to_string(spec.hi);
    return false;
  }
  *out = v;
  return true;
}

// One comma-separated item: *, N, A-B, each with an optional /STEP.
bool ParseItem(std::string_view item, const FieldSpec& spec, std::vector<bool>* allowed,
               std::string* error) {
  int step = 1;
  const size_t slash = item.find('/');
  std::string_view range = item.substr(0, slash);
  if (slash != std::string_view::npos) {
    const std::string_view step_text = item.substr(slash + 1);
    const auto [end, ec] =
        std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
    if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() ||
        step < 1) {
      *error =
          std::string(spec.name) + " step '" + std::string(step_text) + "' is not a number >= 1";
      return false;
    }
  }
  int lo = spec.lo, hi = spec.hi;
  if (range != "*") {
    const size_t dash = range.find('-');
    if (!ParseValue(range.substr(0, dash), spec, &lo, error)) return false;
    hi = slash != std::string_view::npos ? spec.hi : lo;  // "A/N" runs to the end
    if (dash != std::string_view::npos && !ParseValue(range.substr(dash + 1), spec, &hi, error)) {
      return false;
    }
    if (hi < lo) {
      *error = std::string(spec.name) + " range " + std::string(range) + " runs backwards";
      return false;
    }
  }
  for (int v = lo; v <= hi; v += step) (*allowed)[v] = true;
  return true;
}

bool ParseField(std::string_view field, const FieldSpec& spec, std::vector<bool>* allowed,
                std::string* error) {
  allowed->assign(spec.hi + 1, false);
  size_t pos = 0;
  while (true) {
    const size_t comma = field.find(',', pos);
    const std::string_view item = field.substr(pos, comma - pos);
    if (item.empty()) {
      *error = std::string(spec.name) + " '" + std::string(field) + "' has an empty list item";
      return false;
    }
    if (!ParseItem(item, spec, allowed, error)) return false;
    if (comma == std::string_view::npos) return true;
    pos = comma + 1;
  }
}

std::string_view ExpandMacro(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@hourly") return "0 * * * *";
  return text;
}

template <size_t N>
void Fill(const std::vector<bool>& allowed, std::bitset<N>* out) {
  for (size_t v = 0; v < allowed.size() && v < N; ++v) out->set(v, allowed[v]);
}

}  // namespace

bool CronSchedule::Matches(int minute, int hour, int day_of_month, int month,
                           int day_of_week) const {
  if (!minutes[minute] || !hours[hour] || !months[month]) return false;
  const bool dom = days_of_month[day_of_month], dow = days_of_week[day_of_week];
  if (day_of_month_restricted && day_of_week_restricted) return dom || dow;
  return dom && dow;
}

Result<CronSchedule> ParseCron(std::string_view text) {
  const std::string_view expanded = ExpandMacro(text);
  if (expanded.starts_with('@')) {
    return Status::InvalidArgument("unknown macro " + std::string(text) +
                                   " (known: @hourly, @daily, @weekly, @monthly, @yearly)");
  }
  std::istringstream in{std::string(expanded)};
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != kFields.size()) {
    return Status::InvalidArgument("has " + std::to_string(fields.size()) + " fields");
  }
  CronSchedule schedule;
  std::vector<bool> allowed;
  std::string error;
  for (size_t i = 0; i < kFields.size(); ++i) {
    if (!ParseField(fields[i], kFields[i], &allowed, &error)) {
      return Status::InvalidArgument(error);
    }
    switch (i) {
      case 0:
        Fill(allowed, &schedule.minutes);
        break;
      case 1:
        Fill(allowed, &schedule.hours);
        break;
      case 2:
        Fill(allowed, &schedule.days_of_month);
        break;
      case 3:
        Fill(allowed, &schedule.months);
        break;
      case 4:
        if (allowed[7]) allowed[0] = true;  // 7 is Sunday too
        allowed.resize(7);
        Fill(allowed, &schedule.days_of_week);
        break;
    }
  }
  schedule.day_of_month_restricted = fields[2][0] != '*';  // Vixie: "*/2" is unrestricted
  schedule.day_of_week_restricted = fields[4][0] != '*';
  return schedule;
}

}  // namespace attrition::config
