#include "monitor/drift.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "attrition/linear_quantile.h"

namespace attrition::monitoring::internal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kShareFloor = 1e-4;

// A float's bits mapped so that unsigned order is numeric order (negatives flipped
// whole, positives get the sign bit): -0 sorts just below +0. REQUIRES: !isnan(v).
uint32_t SortKey(float v) {
  const uint32_t bits = std::bit_cast<uint32_t>(v);
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

float FromSortKey(uint32_t key) {
  return std::bit_cast<float>((key & 0x80000000u) ? (key & 0x7fffffffu) : ~key);
}

// The NaN-free array sorted for the per-feature mean, stddev and quantiles.
// Speed: the values are floats, so an LSD radix sort on their 32-bit keys (3 passes of
// 11 bits, a pass skipped when all keys share its digit, as 0/1 columns do) sorts in
// O(n) what std::sort took O(n log n) for; it was the largest part of the profile. A full
// sort is kept rather than std::nth_element per quantile because the mean and stddev
// sum over the sorted values: summing in another order changes the last bits of MEAN and
// STD. Equal keys are equal floats, so the result is the array std::sort gives, except
// that -0 now always precedes +0 (std::sort leaves their order unspecified): that can
// only change the sign of a zero MIN / MAX / quantile, which SQLite stores as integer 0
// either way; sums are unaffected (x + -0 == x + +0 for the +0-started sum).
std::vector<float> SortedNonMissing(std::span<const float> values) {
  std::vector<uint32_t> keys;
  keys.reserve(values.size());
  for (float v : values) {
    if (!std::isnan(v)) keys.push_back(SortKey(v));
  }
  const size_t n = keys.size();
  if (n < 256) {
    std::sort(keys.begin(), keys.end());
  } else {
    constexpr int kBits = 11, kPasses = 3;
    constexpr uint32_t kMask = (1u << kBits) - 1;
    std::vector<uint32_t> counts(kPasses << kBits, 0);
    for (uint32_t key : keys) {
      for (int pass = 0; pass < kPasses; ++pass) {
        ++counts[(static_cast<size_t>(pass) << kBits) + ((key >> (pass * kBits)) & kMask)];
      }
    }
    std::vector<uint32_t> scratch(n);
    for (int pass = 0; pass < kPasses; ++pass) {
      uint32_t* count = counts.data() + (static_cast<size_t>(pass) << kBits);
      const int shift = pass * kBits;
      if (count[(keys[0] >> shift) & kMask] == n) continue;  // one digit: nothing to do
      uint32_t offset = 0;
      for (uint32_t digit = 0; digit <= kMask; ++digit) {
        const uint32_t c = count[digit];
        count[digit] = offset;
        offset += c;
      }
      for (uint32_t key : keys) scratch[count[(key >> shift) & kMask]++] = key;
      keys.swap(scratch);
    }
  }
  std::vector<float> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = FromSortKey(keys[i]);
  return sorted;
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

// The PSI of bin counts `actual` (one per expected share) and `nulls` missing values out
// of `n`, as Psi documents.
double PsiOfCounts(const std::vector<double>& actual, double nulls, double n,
                   const std::vector<double>& expected, std::optional<double> expected_null) {
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

// Psi of `count` values whose non-missing ones are `sorted` (ascending).
// Speed: with sorted values and ordered edges a bin count is the difference of two
// binary searches, O(edges log n) instead of one search per value; the counts, hence the
// PSI, are the same as Psi's.
double PsiOfSorted(const std::vector<float>& sorted, size_t count, const std::vector<double>& edges,
                   const std::vector<double>& expected, std::optional<double> expected_null) {
  if (count == 0) return 0.0;
  const bool ordered =
      std::none_of(edges.begin(), edges.end(), [](double e) { return std::isnan(e); }) &&
      std::is_sorted(edges.begin(), edges.end());
  if (!ordered) {  // the per-value search of Psi; its counts do not depend on order
    std::vector<float> all(sorted);
    all.resize(count, std::numeric_limits<float>::quiet_NaN());
    return Psi(all, edges, expected, expected_null);
  }
  // actual[k] = #{v <= edges[k]} - #{v <= edges[k-1]}: bin k holds edges[k-1] < v <= edges[k].
  std::vector<double> actual(expected.size(), 0.0);
  size_t below = 0;
  for (size_t k = 0; k < actual.size(); ++k) {
    const size_t upto =
        k < edges.size()
            ? static_cast<size_t>(std::upper_bound(sorted.begin(), sorted.end(), edges[k],
                                                   [](double edge, float v) {
                                                     return edge < static_cast<double>(v);
                                                   }) -
                                  sorted.begin())
            : sorted.size();
    actual[k] = static_cast<double>(upto - below);
    below = upto;
  }
  return PsiOfCounts(actual, static_cast<double>(count - sorted.size()), static_cast<double>(count),
                     expected, expected_null);
}

// PSI against a baseline entry {"edges", "proportions"[, "null_proportion"]}; NaN when
// the entry is missing or malformed.
double PsiAgainst(const std::vector<float>& sorted, size_t count, const nlohmann::json& entry,
                  bool with_nulls) {
  if (!entry.is_object()) return kNan;
  std::vector<double> edges = Doubles(entry.value("edges", nlohmann::json()));
  std::vector<double> expected = Doubles(entry.value("proportions", nlohmann::json()));
  if (expected.size() != edges.size() + 1) return kNan;
  std::optional<double> expected_null;
  if (with_nulls) expected_null = NumberOr(entry, "null_proportion", 0.0);
  return PsiOfSorted(sorted, count, edges, expected, expected_null);
}

// The statistics of `values` (psi and train_mean left NaN), and their non-missing values
// sorted in `sorted`.
FeatureProfile DescribeSorting(const std::string& name, std::span<const float> values,
                               std::vector<float>& sorted) {
  FeatureProfile p{.feature = name};
  sorted = SortedNonMissing(values);
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
  return PsiOfCounts(actual, nulls, static_cast<double>(values.size()), expected, expected_null);
}

FeatureProfile Describe(const std::string& name, std::span<const float> values) {
  std::vector<float> sorted;
  return DescribeSorting(name, values, sorted);
}

FeatureProfile ProfileFeature(const MonthRows& rows, size_t f,
                              const std::vector<std::string>& features,
                              const nlohmann::json& baseline,
                              const nlohmann::json& training_profile) {
  const nlohmann::json no_entry;
  std::vector<float> sorted;
  if (f == features.size()) {  // the score
    const std::vector<float> scores(rows.probs.begin(), rows.probs.end());
    FeatureProfile score = DescribeSorting(kScoreFeature, scores, sorted);
    const bool has_score = baseline.is_object() && baseline.contains("score");
    score.psi = PsiAgainst(sorted, scores.size(), has_score ? baseline["score"] : no_entry, false);
    return score;
  }
  const nlohmann::json& bins =
      baseline.is_object() && baseline.contains("features") ? baseline["features"] : no_entry;
  FeatureProfile p = DescribeSorting(features[f], rows.features[f], sorted);
  const bool known = bins.is_object() && bins.contains(features[f]);
  p.psi = PsiAgainst(sorted, rows.features[f].size(), known ? bins[features[f]] : no_entry, true);
  if (training_profile.is_object() && training_profile.contains(features[f])) {
    p.train_mean = NumberOr(training_profile[features[f]], "mean", kNan);
  }
  return p;
}

std::vector<FeatureProfile> ProfileMonth(const MonthRows& rows,
                                         const std::vector<std::string>& features,
                                         const nlohmann::json& baseline,
                                         const nlohmann::json& training_profile) {
  std::vector<FeatureProfile> out;
  for (size_t f = 0; f <= features.size(); ++f) {
    out.push_back(ProfileFeature(rows, f, features, baseline, training_profile));
  }
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
