#include <filesystem>

#include "attrition/config.h"
#include "cli/command.h"

namespace attrition::cli {

Status ResolveWarehouseFlag(GlobalOptions* global) {
  if (global->warehouse_flag.empty()) return Status::OK();
  ATTRITION_ASSIGN_OR_RETURN(global->warehouse_url,
                             config::ResolveCommandLineUrl("--warehouse", global->warehouse_flag));
  return Status::OK();
}

Result<std::string> ResolveWarehouseUrl(const GlobalOptions& global) {
  if (!global.warehouse_url.empty()) return global.warehouse_url;
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  return cfg.warehouse.url;
}

Result<std::unique_ptr<warehouse::Warehouse>> OpenWarehouse(const GlobalOptions& global) {
  ATTRITION_ASSIGN_OR_RETURN(std::string url, ResolveWarehouseUrl(global));
  return warehouse::Warehouse::Open(url);
}

}  // namespace attrition::cli
