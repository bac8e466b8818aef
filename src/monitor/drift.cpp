#include "monitor/drift.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attrition::monitoring::internal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kShareFloor = 1e-4;

// numpy.quantile(sorted, q), method "linear". REQUIRES: !sorted.empty().
double LinearQuantile(const std::vector<double>& sorted, double q) {
  const double index = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(index));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = index - static_cast<double>(lo);
  const double a = sorted[lo], b = sorted[hi], diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

std::vector<double> Doubles(const nlohmann::json& array) {
  std::vector<double> out;
  if (!array.is_array()) return out;
  for (const auto& v : array) out.push_back(v.is_number() ? v.get<double>() : kNan);
  return out;
}

double NumberOr(const nlohmann::json& object, const char* key, double fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number()) return fallback;
  return object[key].get<double>();
}

// PSI against a baseline entry {"edges", "proportions"[, "null_proportion"]}; NaN when
// the entry is missing or malformed.
double PsiAgainst(std::span<const float> values, const nlohmann::json& entry, bool with_nulls) {
  if (!entry.is_object()) return kNan;
  std::vector<double> edges = Doubles(entry.value("edges", nlohmann::json()));
  std::vector<double> expected = Doubles(entry.value("proportions", nlohmann::json()));
  if (expected.size() != edges.size() + 1) return kNan;
  std::optional<double> expected_null;
  if (with_nulls) expected_null = NumberOr(entry, "null_proportion", 0.0);
  return Psi(values, edges, expected, expected_null);
}

FeatureProfile Describe(const std::string& name, std::span<const float> values) {
  FeatureProfile p{.feature = name};
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (float v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  p.count = static_cast<int64_t>(values.size());
  p.nulls = static_cast<int64_t>(values.size() - sorted.size());
  p.mean = p.stddev = p.min = p.p05 = p.p25 = p.p50 = p.p75 = p.p95 = p.max = kNan;
  p.train_mean = p.psi = kNan;
  if (sorted.empty()) return p;
  double sum = 0;
  for (double v : sorted) sum += v;
  p.mean = sum / static_cast<double>(sorted.size());
  double squares = 0;
  for (double v : sorted) squares += (v - p.mean) * (v - p.mean);
  p.stddev = std::sqrt(squares / static_cast<double>(sorted.size()));
  p.min = sorted.front();
  p.max = sorted.back();
  p.p05 = LinearQuantile(sorted, 0.05);
  p.p25 = LinearQuantile(sorted, 0.25);
  p.p50 = LinearQuantile(sorted, 0.50);
  p.p75 = LinearQuantile(sorted, 0.75);
  p.p95 = LinearQuantile(sorted, 0.95);
  return p;
}

void SetRealOrNull(warehouse::RowWriter& writer, int column, double value) {
  if (std::isnan(value)) {
    writer.SetNull(column);
  } else {
    writer.SetReal(column, value);
  }
}

}  // namespace

double Psi(std::span<const float> values, const std::vector<double>& edges,
           const std::vector<double>& expected, std::optional<double> expected_null) {
  if (values.empty()) return 0.0;
  std::vector<double> actual(expected.size(), 0.0);
  double nulls = 0;
  for (float v : values) {
    if (std::isnan(v)) {
      ++nulls;
      continue;
    }
    // searchsorted(edges, v, side="left"): the first edge >= v.
    const size_t bin = static_cast<size_t>(
        std::lower_bound(edges.begin(), edges.end(), static_cast<double>(v)) - edges.begin());
    if (bin < actual.size()) ++actual[bin];
  }
  const double n = static_cast<double>(values.size());
  std::vector<double> a, e;
  for (size_t k = 0; k < expected.size(); ++k) {
    a.push_back(actual[k] / n);
    e.push_back(expected[k]);
  }
  if (expected_null) {
    a.push_back(nulls / n);
    e.push_back(*expected_null);
  }
  double psi = 0;
  for (size_t k = 0; k < a.size(); ++k) {
    const double ak = std::max(a[k], kShareFloor), ek = std::max(e[k], kShareFloor);
    psi += (ak - ek) * std::log(ak / ek);
  }
  return psi;
}

std::vector<FeatureProfile> ProfileMonth(const MonthRows& rows,
                                         const std::vector<std::string>& features,
                                         const nlohmann::json& baseline,
                                         const nlohmann::json& training_profile) {
  std::vector<FeatureProfile> out;
  const nlohmann::json no_entry;
  const nlohmann::json& bins =
      baseline.is_object() && baseline.contains("features") ? baseline["features"] : no_entry;
  for (size_t f = 0; f < features.size(); ++f) {
    FeatureProfile p = Describe(features[f], rows.features[f]);
    const bool known = bins.is_object() && bins.contains(features[f]);
    p.psi = PsiAgainst(rows.features[f], known ? bins[features[f]] : no_entry, true);
    if (training_profile.is_object() && training_profile.contains(features[f])) {
      p.train_mean = NumberOr(training_profile[features[f]], "mean", kNan);
    }
    out.push_back(std::move(p));
  }
  std::vector<float> scores(rows.probs.begin(), rows.probs.end());
  FeatureProfile score = Describe(kScoreFeature, scores);
  const bool has_score = baseline.is_object() && baseline.contains("score");
  score.psi = PsiAgainst(scores, has_score ? baseline["score"] : no_entry, false);
  out.push_back(std::move(score));
  return out;
}

Status WriteProfiles(warehouse::Transaction& transaction, const std::vector<MonthProfile>& months,
                     const RunStamp& stamp) {
  using warehouse::ColumnType;
  const warehouse::Schema schema = {
      {"RUN_ID", ColumnType::kText},       {"MODEL_VERSION", ColumnType::kText},
      {"MONTH", ColumnType::kText},        {"FEATURE", ColumnType::kText},
      {"ROW_COUNT", ColumnType::kInteger}, {"NULL_COUNT", ColumnType::kInteger},
      {"MEAN", ColumnType::kReal},         {"STD", ColumnType::kReal},
      {"MIN", ColumnType::kReal},          {"P05", ColumnType::kReal},
      {"P25", ColumnType::kReal},          {"P50", ColumnType::kReal},
      {"P75", ColumnType::kReal},          {"P95", ColumnType::kReal},
      {"MAX", ColumnType::kReal},          {"TRAIN_MEAN", ColumnType::kReal},
      {"PSI", ColumnType::kReal},          {"INGESTED_DATE", ColumnType::kText},
      {"STAGE", ColumnType::kText}};
  ATTRITION_RETURN_IF_ERROR(transaction.ArchiveRows(kProfileTable, "RUN_ID", {stamp.run_id}));
  ATTRITION_ASSIGN_OR_RETURN(auto writer, transaction.AppendRows(kProfileTable, schema));
  for (const MonthProfile& month : months) {
    for (const FeatureProfile& p : month.features) {
      writer->SetText(0, stamp.run_id);
      writer->SetText(1, stamp.model_version);
      writer->SetText(2, month.month);
      writer->SetText(3, p.feature);
      writer->SetInteger(4, p.count);
      writer->SetInteger(5, p.nulls);
      int column = 6;
      for (double v : {p.mean, p.stddev, p.min, p.p05, p.p25, p.p50, p.p75, p.p95, p.max,
                       p.train_mean, p.psi}) {
        SetRealOrNull(*writer, column++, v);
      }
      writer->SetText(17, stamp.timestamp);
      writer->SetText(18, stamp.stage);
      ATTRITION_RETURN_IF_ERROR(writer->EndRow());
    }
  }
  return writer->Finish();
}

}  // namespace attrition::monitoring::internal
