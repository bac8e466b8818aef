// Test helpers: run the generator into a real SQLite file and read the views back.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attrition/sources.h"
#include "attrition/warehouse.h"

namespace attrition::sources::testing {

// One cell as read: nullopt for NULL, else the value's text form.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

struct Table {
  warehouse::Schema schema;
  std::vector<Row> rows;

  // Position of `column`. REQUIRES: the column exists.
  int Column(const std::string& column) const {
    for (size_t i = 0; i < schema.size(); ++i) {
      if (schema[i].name == column) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no column " << column;
    return 0;
  }
};

inline std::unique_ptr<warehouse::Warehouse> OpenSqlite(const std::string& path) {
  auto opened = warehouse::Warehouse::Open("sqlite:" + path);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return std::move(opened).value();
}

// Generates into a fresh SQLite file at `path` without a progress line.
inline GenerateReport GenerateInto(const std::string& path, GenerateOptions options) {
  options.show_progress = false;
  auto warehouse = OpenSqlite(path);
  auto report = Generate(options, *warehouse);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? std::move(report).value() : GenerateReport{};
}

// Every row of `table` in storage order.
inline Table ReadTable(warehouse::Warehouse& warehouse, const std::string& table) {
  Table out;
  auto schema = warehouse.DescribeTable(table);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  if (!schema.ok()) return out;
  out.schema = *schema;
  std::vector<std::string> columns;
  for (const auto& c : out.schema) columns.push_back(c.name);
  auto cursor = warehouse.Scan(table, columns);
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  if (!cursor.ok()) return out;
  while (true) {
    auto more = (*cursor)->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    Row row;
    for (int i = 0; i < (*cursor)->ColumnCount(); ++i) {
      if ((*cursor)->Kind(i) == warehouse::ValueKind::kNull) {
        row.push_back(std::nullopt);
      } else {
        row.emplace_back(std::string((*cursor)->Text(i)));
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace attrition::sources::testing
