#include "features/table_writer.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "attrition/phase_timer.h"
#include "attrition/progress.h"
#include "features/run_log.h"

namespace attrition::features {
namespace {

Status WriteTable(warehouse::Transaction& transaction, const FeatureTable& table) {
  const auto start = std::chrono::steady_clock::now();
  spdlog::debug("features: writing {} ({} rows)", table.name, table.rows);
  ATTRITION_ASSIGN_OR_RETURN(
      auto writer,
      transaction.ReplaceTable(table.name, table.schema, warehouse::ReplaceOptions{true}));
  {
    Progress progress("features: writing " + table.name, table.rows);
    ATTRITION_RETURN_IF_ERROR(table.write(*writer, progress));
  }
  ATTRITION_RETURN_IF_ERROR(writer->Finish());
  spdlog::debug("features: wrote {} rows to {} in {:.2f}s", table.rows, table.name,
                SecondsSince(start));
  return Status::OK();
}

}  // namespace

Status WriteFeatureTables(warehouse::Warehouse& warehouse,
                          const std::vector<FeatureTable>& tables, const std::string& stage,
                          FeatureRunResult* result) {
  ATTRITION_ASSIGN_OR_RETURN(auto transaction, warehouse.Begin());
  for (const FeatureTable& table : tables) {
    Status status = WriteTable(*transaction, table);
    if (!status.ok()) return status.WithContext("writing " + table.name);
    result->tables.push_back(TableCount{table.name, table.rows});
  }
  ATTRITION_RETURN_IF_ERROR(AppendRunLog(*transaction, *result, stage));
  spdlog::debug("features: committing");
  return transaction->Commit();
}

}  // namespace attrition::features
