// FormatConfigSummary: what `check-config` prints about a valid config.
#include <fmt/format.h>

#include <set>

#include "attrition/config.h"

namespace attrition::config {
namespace {

std::string Range(const RealRange& r) { return fmt::format("{}..{}", r.min, r.max); }

std::string Training(const TrainConfig& t) {
  std::string split =
      t.split.mode == SplitMode::kLastNMonths
          ? fmt::format("test = last {} months", t.split.months)
          : fmt::format("test = {}% of customers (randomized)", t.split.perc_test * 100);
  std::string line =
      fmt::format("{} {}..{}, target {}, {}, sampling {}", t.dataset, FormatMonth(t.start_month),
                  FormatMonth(t.max_month), t.target, split, ToString(t.sampling));
  if (t.positive_class) line += ", positive class " + *t.positive_class;
  return line;
}

std::string Features(const TrainConfig& t) {
  const std::set<std::string> dropped(t.drop.begin(), t.drop.end());
  std::set<std::string> model;
  for (const std::string& f : t.features) {
    if (!dropped.contains(f) && f != t.target) model.insert(f);
  }
  return fmt::format("{} model features of {} listed; {} one-hot columns, {} renames", model.size(),
                     t.features.size(), t.dummy_cols.size(), t.rename_cols.size());
}

std::string Tuning(const Hyperparameters& h) {
  return fmt::format(
      "{} TPE rounds on {}; eta 10^{}..10^0, max_depth {}..{}, subsample {}, gamma {}, "
      "min_child_weight {}, reg_alpha {}",
      h.num_tuning_rounds, ToString(h.optimize), h.eta_min, h.max_depth.min, h.max_depth.max,
      Range(h.subsample), Range(h.gamma), Range(h.min_child_weight), Range(h.reg_alpha));
}

// A URL as shown: substituted values first (a password holding ';' or '@' must go whole),
// then any password part left.
std::string ShowUrl(const Config& c, const std::string& url) {
  return MaskSecrets(c.secrets.Redact(url));
}

std::string Sinks(const Config& c) {
  std::string out = "log";
  for (const NotificationSink& s : c.notifications) {
    if (s.type == SinkType::kLog) continue;
    out += ", " + std::string(ToString(s.type)) + " " + ShowUrl(c, s.url);
  }
  return out;
}

}  // namespace

std::string FormatConfigSummary(const Config& c) {
  const auto row = [&](std::string_view name, const std::string& value) {
    // Redact last: any substituted value left in a line becomes ***.
    return fmt::format("  {:<14} {}\n", name, c.secrets.Redact(value));
  };
  const ServingConfig& s = c.serving;
  const std::string threads = s.threads == 0 ? "one per core" : std::to_string(s.threads);
  std::string out;
  out += row("warehouse", ShowUrl(c, c.warehouse.url));
  out += row("artifacts", c.artifacts.dir);
  out += row("environment", c.environment);
  out +=
      row("as-of month", c.as_of ? FormatMonth(*c.as_of) + " (pinned)" : "the last month of data");
  out += row("training", Training(c.train));
  out += row("features", Features(c.train));
  out += row("tuning", Tuning(c.train.hyperparameters));
  out +=
      row("inference", fmt::format("forecast {} months, min history {} months, profiling {}",
                                   c.inference.num_month_forecast, c.inference.min_history_months,
                                   c.inference.profiling ? "on" : "off"));
  out += row("serving", fmt::format("{}:{}, threads {}, max payload {} MB, model {}", s.host,
                                    s.port, threads, s.max_payload_mb, s.model));
  out += row("schedule", fmt::format("score '{}', train {}, time zone {}", c.schedule.score,
                                     c.schedule.train ? "'" + *c.schedule.train + "'"
                                                      : std::string("not scheduled"),
                                     c.schedule.timezone));
  out += row("notifications", Sinks(c));
  out += row("registry", fmt::format("promote tolerance {}", c.registry.promote_tolerance));
  return out;
}

}  // namespace attrition::config
