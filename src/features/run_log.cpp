#include "features/run_log.h"

namespace attrition::features {

const warehouse::Schema& RunLogSchema() {
  using warehouse::ColumnType;
  static const warehouse::Schema kSchema = {
      {"RUN_ID", ColumnType::kText},    {"RUN_TS", ColumnType::kText},
      {"AS_OF", ColumnType::kText},     {"STAGE", ColumnType::kText},
      {"VIEW_NAME", ColumnType::kText}, {"RULE", ColumnType::kText},
      {"ROW_COUNT", ColumnType::kInteger}};
  return kSchema;
}

Status AppendRunLog(warehouse::Transaction& transaction, const FeatureRunResult& result,
                    const std::string& stage) {
  ATTRITION_ASSIGN_OR_RETURN(auto writer, transaction.AppendRows(kRunLogTable, RunLogSchema()));
  const std::string as_of = FormatMonth(result.as_of);
  for (const RuleCount& count : result.rule_counts) {
    writer->SetText(0, result.run_id);
    writer->SetText(1, result.run_timestamp);
    writer->SetText(2, as_of);
    writer->SetText(3, stage);
    writer->SetText(4, count.view);
    writer->SetText(5, count.rule);
    writer->SetInteger(6, count.rows);
    ATTRITION_RETURN_IF_ERROR(writer->EndRow());
  }
  return writer->Finish();
}

}  // namespace attrition::features
