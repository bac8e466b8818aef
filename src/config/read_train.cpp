// The train section (sampling, split, window, feature plan inputs, search space) and the
// inference section.
#include <fmt/format.h>

#include "config/field_reader.h"
#include "config/sections.h"

namespace attrition::config::internal {
namespace {

constexpr std::string_view kColumn = "column name";
constexpr std::string_view kRangeMapping = "a mapping with min and max";

const std::vector<std::string_view> kTrainKeys = {
    "sampling",        "split",       "start_month", "max_month",     "profiling",
    "features",        "rename_cols", "drop",        "dummy_cols",    "target",
    "hyperparameters", "dataset",     "id_column",   "positive_class"};

bool IsTableName(std::string_view name) {
  // NAME or SCHEMA.NAME of letters, digits and _: it is written into SQL.
  bool start = true;
  for (char c : name) {
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (c == '.' && !start) {
      start = true;
      continue;
    }
    if (!(alpha || (digit && !start))) return false;
    start = false;
  }
  return !name.empty() && !start;
}

bool ReadSplit(const MapReader& train, SplitConfig* out, Diagnostics* diags) {
  const MapReader split(train.Get("split"), train.PathOf("split"), {"mode", "months", "perc_test"},
                        diags, "a mapping with mode");
  if (!split.present()) return false;
  SplitConfig result;
  const bool mode_ok =
      split.Choice("mode", {"last_n_months", "randomized"},
                   {SplitMode::kLastNMonths, SplitMode::kRandomized}, &result.mode, true);
  if (!mode_ok) return false;
  const bool by_months = result.mode == SplitMode::kLastNMonths;
  const char* used = by_months ? "months" : "perc_test";
  const char* unused = by_months ? "perc_test" : "months";
  if (const Node* n = split.Get(unused)) {
    diags->Warning(
        n->where, split.PathOf(unused),
        fmt::format("is ignored with mode {}, which reads {}", ToString(result.mode), used));
  }
  const bool value_ok =
      by_months ? split.Int("months", IntBounds{1}, &result.months, true)
                : split.Number("perc_test", RealBounds{0, true, 1, true}, &result.perc_test, true);
  if (!value_ok) return false;
  *out = result;
  return true;
}

// rename_cols: an ordered mapping from encoded column name to new name.
bool ReadRenames(const MapReader& train, std::vector<std::pair<std::string, std::string>>* out,
                 Diagnostics* diags) {
  const Node* n = train.Get("rename_cols");
  if (n == nullptr) return false;
  const std::string path = train.PathOf("rename_cols");
  if (!n->is_map()) {
    if (!n->failed) {
      diags->Error(n->where, path,
                   "got " + RenderValue(*n) + ", expected a mapping of old: new column names");
    }
    return false;
  }
  std::vector<std::pair<std::string, std::string>> renames;
  bool ok = true;
  for (const MapEntry& e : n->entries) {
    auto to = ReadText(e.value, ChildPath(path, e.key), "a new column name", diags);
    if (to) renames.emplace_back(e.key, std::move(*to));
    ok = ok && to.has_value();
  }
  *out = std::move(renames);
  return ok;
}

bool ReadList(const MapReader& train, std::string_view key, bool allow_empty,
              std::vector<std::string>* out) {
  const Node* n = train.Get(key);
  if (n == nullptr) return false;
  auto list = ReadTextList(*n, train.PathOf(key), kColumn, allow_empty, train.diags());
  if (list) *out = std::move(*list);
  return list.has_value();
}

void ReadRealRange(const MapReader& hp, std::string_view key, const RealBounds& bounds,
                   RealRange* out) {
  const MapReader r(hp.Get(key), hp.PathOf(key), {"min", "max"}, hp.diags(), kRangeMapping);
  if (!r.present()) return;
  RealRange range;
  const bool min_ok = r.Number("min", bounds, &range.min, true);
  const bool max_ok = r.Number("max", bounds, &range.max, true);
  if (min_ok && max_ok) {
    if (range.min > range.max) {
      r.diags()->Error(r.Get("min")->where, r.PathOf("min"),
                       fmt::format("got {}, expected a number <= max ({})", range.min, range.max));
      return;
    }
    *out = range;
  }
}

void ReadIntRange(const MapReader& hp, std::string_view key, const IntBounds& bounds,
                  IntRange* out) {
  const MapReader r(hp.Get(key), hp.PathOf(key), {"min", "max"}, hp.diags(), kRangeMapping);
  if (!r.present()) return;
  IntRange range;
  const bool min_ok = r.Int("min", bounds, &range.min, true);
  const bool max_ok = r.Int("max", bounds, &range.max, true);
  if (min_ok && max_ok) {
    if (range.min > range.max) {
      r.diags()->Error(
          r.Get("min")->where, r.PathOf("min"),
          fmt::format("got {}, expected an integer <= max ({})", range.min, range.max));
      return;
    }
    *out = range;
  }
}

void ReadHyperparameters(const MapReader& train, Hyperparameters* out, Diagnostics* diags) {
  const MapReader hp(train.Get("hyperparameters"), train.PathOf("hyperparameters"),
                     {"optimize", "num_tuning_rounds", "eta", "max_depth", "subsample", "gamma",
                      "min_child_weight", "reg_alpha"},
                     diags);
  if (!hp.present()) return;
  hp.Choice("optimize", {"auc", "f1", "accuracy"}, {Metric::kAuc, Metric::kF1, Metric::kAccuracy},
            &out->optimize);
  hp.Int("num_tuning_rounds", IntBounds{1}, &out->num_tuning_rounds);
  const MapReader eta(hp.Get("eta"), hp.PathOf("eta"), {"min"}, diags, "a mapping with min");
  eta.Int("min", IntBounds{-10, 0}, &out->eta_min, /*required=*/eta.present());
  ReadIntRange(hp, "max_depth", IntBounds{1, 30}, &out->max_depth);
  ReadRealRange(hp, "subsample", RealBounds{0, true, 1, false}, &out->subsample);
  ReadRealRange(hp, "gamma", RealBounds{0, false}, &out->gamma);
  ReadRealRange(hp, "min_child_weight", RealBounds{0, false}, &out->min_child_weight);
  ReadRealRange(hp, "reg_alpha", RealBounds{0, false}, &out->reg_alpha);
}

}  // namespace

TrainFieldsRead ReadTrainSection(const Node* section, TrainConfig* out, Diagnostics* diags) {
  const MapReader train(section, "train", kTrainKeys, diags);
  TrainFieldsRead read;
  if (!train.present()) return read;
  read.section = true;
  TrainConfig t;
  train.Choice("sampling", {"down", "up", "none"},
               {Sampling::kDown, Sampling::kUp, Sampling::kNone}, &t.sampling);
  read.split = ReadSplit(train, &t.split, diags) || train.Get("split") == nullptr;
  read.start_month = train.YearMonth("start_month", &t.start_month, true);
  read.max_month = train.YearMonth("max_month", &t.max_month, true);
  train.Bool("profiling", &t.profiling);
  if (train.Require("features", "a list of column names") != nullptr) {
    read.features = ReadList(train, "features", /*allow_empty=*/false, &t.features);
  }
  read.rename_cols = ReadRenames(train, &t.rename_cols, diags);
  read.drop = ReadList(train, "drop", /*allow_empty=*/true, &t.drop);
  read.dummy_cols = ReadList(train, "dummy_cols", /*allow_empty=*/true, &t.dummy_cols);
  read.target = train.Text("target", "the target column name", &t.target, true);
  ReadHyperparameters(train, &t.hyperparameters, diags);
  if (train.Text("dataset", "a table name", &t.dataset) && !IsTableName(t.dataset)) {
    diags->Error(train.Get("dataset")->where, train.PathOf("dataset"),
                 "got " + RenderValue(*train.Get("dataset")) +
                     ", expected a table name (letters, digits and _, optionally SCHEMA.TABLE)");
  }
  train.Text("id_column", kColumn, &t.id_column);
  std::string positive;
  if (train.Text("positive_class", "the target value that means 1", &positive)) {
    t.positive_class = positive;
  }
  *out = std::move(t);
  return read;
}

}  // namespace attrition::config::internal

namespace attrition::config::internal {

void ReadInferenceSection(const Node* section, InferenceConfig* out, Diagnostics* diags) {
  const MapReader m(section, "inference",
                    {"min_history_months", "num_month_forecast", "profiling", "drift_alert_psi",
                     "drift_ignore"},
                    diags);
  m.Int("min_history_months", IntBounds{0, 6}, &out->min_history_months);
  m.Int("num_month_forecast", IntBounds{1, 6}, &out->num_month_forecast);
  m.Bool("profiling", &out->profiling);
  m.Number("drift_alert_psi", RealBounds{0, true, 10, false}, &out->drift_alert_psi);
  if (const Node* n = m.Get("drift_ignore")) {
    if (auto list = ReadTextList(*n, m.PathOf("drift_ignore"), "feature name",
                                 /*allow_empty=*/true, diags)) {
      out->drift_ignore = std::move(*list);
    }
  }
}

}  // namespace attrition::config::internal
