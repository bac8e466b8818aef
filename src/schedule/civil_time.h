// Civil time in the scheduler's time zone (schedule.timezone, SPEC 12): which UTC minute
// a cron expression fires at next.
//
// The zone is the process's: UseTimeZone sets TZ once, and localtime_r does the
// conversion with the system's tz database, so daylight-saving changes follow the zone's
// rules. `attrition run` is its own process, so this global is its to set.
#pragma once

#include <chrono>
#include <string>

#include "attrition/status.h"
#include "config/cron.h"

namespace attrition::schedule {

using Clock = std::chrono::system_clock;

// Makes `zone` ("UTC", "GMT" or an IANA name such as "Europe/Dublin") the process time
// zone. InvalidArgument naming the zone when the tz database does not know it.
Status UseTimeZone(const std::string& zone);

// The first whole minute strictly after `after` whose civil time in the process time zone
// matches `schedule`. A civil minute that a daylight-saving jump skips never fires; one
// that occurs twice fires once (the first time). NotFound when nothing matches within
// five years (e.g. "0 0 30 2 *").
Result<Clock::time_point> NextFireTime(const config::CronSchedule& schedule,
                                       Clock::time_point after);

// "2026-11-27 13:00 GMT": the civil time of `t` in the process zone, for messages.
std::string FormatCivil(Clock::time_point t);

}  // namespace attrition::schedule
