// Warehouse::Open: picks the backend from the URL scheme.
#include "attrition/warehouse.h"

#include "warehouse/sqlite_warehouse.h"

namespace attrition::warehouse {

Result<std::unique_ptr<Warehouse>> Warehouse::Open(std::string_view url) {
  if (url.starts_with("sqlite:")) return OpenSqlite(url.substr(7));
  return Status::InvalidArgument("warehouse.url: got '" + std::string(url) +
                                 "', expected sqlite:PATH, postgresql://... or odbc:...");
}

}  // namespace attrition::warehouse
