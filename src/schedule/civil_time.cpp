#include "schedule/civil_time.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace attrition::schedule {
namespace {

std::tm Civil(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

}  // namespace

Status UseTimeZone(const std::string& zone) {
  if (zone != "UTC" && zone != "GMT") {
    // Names are paths into the tz database; refuse anything that could escape it.
    const bool plain = !zone.empty() && zone.find("..") == std::string::npos && zone[0] != '/';
    const char* dir = std::getenv("TZDIR");
    const std::filesystem::path file =
        std::filesystem::path(dir != nullptr ? dir : "/usr/share/zoneinfo") / zone;
    if (!plain || !std::filesystem::is_regular_file(file)) {
      return Status::InvalidArgument("schedule.timezone: got '" + zone +
                                     "', expected UTC, GMT or an IANA zone name such as "
                                     "'Europe/London' (none at " + file.string() + ")");
    }
  }
  ::setenv("TZ", zone.c_str(), 1);
  ::tzset();
  return Status::OK();
}

Result<Clock::time_point> NextFireTime(const config::CronSchedule& schedule,
                                       Clock::time_point after) {
  // Walk whole UTC minutes: at most 5 years of them (2.6M localtime_r calls, well under a
  // second) for expressions that match almost never, one or a few for the usual ones.
  const std::time_t start = Clock::to_time_t(after);
  std::time_t minute = start - (start % 60 + 60) % 60 + 60;
  const std::time_t limit = minute + std::time_t{5} * 366 * 24 * 3600;
  for (; minute < limit; minute += 60) {
    const std::tm tm = Civil(minute);
    if (!schedule.Matches(tm.tm_min, tm.tm_hour, tm.tm_mday, tm.tm_mon + 1, tm.tm_wday)) continue;
    // When clocks go back an hour, this civil minute also occurred an hour earlier: it
    // fired then, so it does not fire again.
    const std::tm hour_before = Civil(minute - 3600);
    const bool repeated = hour_before.tm_hour == tm.tm_hour && hour_before.tm_min == tm.tm_min &&
                          hour_before.tm_mday == tm.tm_mday && hour_before.tm_isdst != tm.tm_isdst;
    if (repeated) continue;
    return Clock::from_time_t(minute);
  }
  return Status::NotFound("the cron expression matches no minute in the next five years");
}

std::string FormatCivil(Clock::time_point t) {
  const std::tm tm = Civil(Clock::to_time_t(t));
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M %Z", &tm);
  return buffer;
}

}  // namespace attrition::schedule
