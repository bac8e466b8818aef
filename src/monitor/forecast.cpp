#include "monitor/forecast.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "monitor/model_files.h"
#include "monitor/poisson_binomial.h"

namespace attrition::monitoring::internal {
namespace {

ForecastRow MakeRow(const std::string& month, const std::string& type, const std::string& segment,
                    const std::vector<double>& probabilities) {
  const CountInterval interval = PoissonBinomialInterval(probabilities);
  return {.month = month,
          .segment_type = type,
          .segment = segment,
          .active_count = static_cast<int64_t>(probabilities.size()),
          .expected = interval.expected,
          .lower_90 = interval.lower,
          .upper_90 = interval.upper};
}

std::string SegmentType(const std::string& column) {
  return column.rfind("IS_", 0) == 0 ? column.substr(3) : column;
}

}  // namespace

std::vector<ForecastRow> ForecastMonth(const MonthRows& rows,
                                       const std::vector<std::string>& segment_columns,
                                       double odds_correction,
                                       const std::map<std::string, double>& version_corrections) {
  std::vector<double> by_code(rows.model_versions.size(), odds_correction);
  for (size_t v = 0; v < by_code.size(); ++v) {
    const auto it = version_corrections.find(rows.model_versions[v]);
    if (it != version_corrections.end()) by_code[v] = it->second;
  }
  const bool per_row = !rows.version_codes.empty();
  std::vector<double> corrected(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const double correction = per_row ? by_code[rows.version_codes[i]] : odds_correction;
    corrected[i] = CorrectProbability(rows.probs[i], correction);
  }
  std::vector<ForecastRow> out;
  out.push_back(MakeRow(rows.month, "ALL", "ALL", corrected));
  for (size_t s = 0; s < segment_columns.size(); ++s) {
    const std::vector<std::string>& values = rows.segment_values[s];
    std::vector<std::vector<double>> groups(values.size());  // by code, rows in order
    for (size_t i = 0; i < rows.size(); ++i) groups[rows.segments[s][i]].push_back(corrected[i]);
    std::vector<uint32_t> order(values.size());  // codes by category, in byte order
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
    for (uint32_t code : order) {
      out.push_back(
          MakeRow(rows.month, SegmentType(segment_columns[s]), values[code], groups[code]));
    }
  }
  return out;
}

warehouse::Schema ForecastSchema() {
  using warehouse::ColumnType;
  return {{"MONTH", ColumnType::kText},
          {"SEGMENT_TYPE", ColumnType::kText},
          {"SEGMENT_VALUE", ColumnType::kText},
          {"ACTIVE_COUNT", ColumnType::kInteger},
          {"EXPECTED_ATTRITIONS", ColumnType::kReal},
          {"EXPECTED_RATE", ColumnType::kReal},
          {"LOWER_90", ColumnType::kReal},
          {"UPPER_90", ColumnType::kReal},
          {"MODEL_VERSION", ColumnType::kText},
          {"RUN_ID", ColumnType::kText},
          {"INGESTED_DATE", ColumnType::kText},
          {"UPDATED_DATE", ColumnType::kText},
          {"STAGE", ColumnType::kText}};
}

Status WriteForecast(warehouse::Transaction& transaction, const std::vector<ForecastRow>& rows,
                     const RunStamp& stamp) {
  std::set<std::string> months;
  for (const ForecastRow& row : rows) months.insert(row.month);
  ATTRITION_RETURN_IF_ERROR(transaction.ArchiveRows(
      kForecastTable, "MONTH", std::vector<std::string>(months.begin(), months.end())));
  ATTRITION_ASSIGN_OR_RETURN(auto writer, transaction.AppendRows(kForecastTable, ForecastSchema()));
  for (const ForecastRow& row : rows) {
    writer->SetText(0, row.month);
    writer->SetText(1, row.segment_type);
    writer->SetText(2, row.segment);
    writer->SetInteger(3, row.active_count);
    writer->SetReal(4, row.expected);
    if (row.active_count > 0) {
      writer->SetReal(5, row.expected / static_cast<double>(row.active_count));
    }
    writer->SetReal(6, row.lower_90);
    writer->SetReal(7, row.upper_90);
    writer->SetText(8, stamp.model_version);
    writer->SetText(9, stamp.run_id);
    writer->SetText(10, stamp.timestamp);
    writer->SetText(11, stamp.timestamp);
    writer->SetText(12, stamp.stage);
    ATTRITION_RETURN_IF_ERROR(writer->EndRow());
  }
  return writer->Finish();
}

}  // namespace attrition::monitoring::internal
