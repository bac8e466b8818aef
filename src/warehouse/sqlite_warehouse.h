// The embedded SQLite backend of the Warehouse interface (`sqlite:PATH`).
#pragma once

#include <memory>
#include <string_view>

#include "attrition/warehouse.h"

namespace attrition::warehouse {

// Opens (creating when missing) the SQLite file at `path`.
Result<std::unique_ptr<Warehouse>> OpenSqlite(std::string_view path);

}  // namespace attrition::warehouse
