// Warehouse::Open: picks the backend from the URL scheme.
#include "attrition/warehouse.h"

#include <filesystem>
#include <string>

#include "warehouse/odbc_warehouse.h"
#include "warehouse/postgres_warehouse.h"
#include "warehouse/sqlite_warehouse.h"

namespace attrition::warehouse {

Result<std::unique_ptr<Warehouse>> Warehouse::Open(std::string_view url) {
  if (url.starts_with("sqlite:")) return OpenSqlite(url.substr(7));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return OpenPostgres(url);
  if (url.starts_with("odbc:")) return OpenOdbc(url.substr(5));
  return Status::InvalidArgument("warehouse.url: got '" + MaskPostgresUrl(url) +
                                 "', expected sqlite:PATH, postgresql://... or odbc:...");
}

Result<std::unique_ptr<Warehouse>> Warehouse::OpenExisting(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    const std::filesystem::path path(url.substr(7));
    std::error_code error;
    if (!path.empty() && !std::filesystem::exists(path, error)) {
      return Status::NotFound(
          std::string(url) +
          " does not exist. `attrition generate` writes synthetic source views into it, "
          "`attrition load --table NAME --csv FILE` loads a CSV; or name your warehouse with "
          "--warehouse or warehouse.url");
    }
  }
  return Open(url);
}

}  // namespace attrition::warehouse
