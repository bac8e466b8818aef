// LoadCsv: header, a scanning pass (types, bad lines), then a writing pass in one
// transaction. Both passes run the same CsvReader over the same mapped bytes, so they
// agree on which records are good.
#include "attrition/csv_load.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include "attrition/progress.h"
#include "load/cell_types.h"
#include "load/csv_reader.h"
#include "load/mapped_file.h"

namespace attrition::load {
namespace {

using warehouse::ColumnType;

constexpr size_t kExampleBytes = 40;

Status CheckTableName(const std::string& table) {
  const bool valid = !table.empty() && table.size() <= 128 &&
                     !std::isdigit(static_cast<unsigned char>(table[0])) &&
                     std::all_of(table.begin(), table.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                     });
  if (valid) return Status::OK();
  return Status::InvalidArgument("--table: got \"" + table +
                                 "\", expected a table name of letters, digits and _ that does "
                                 "not start with a digit");
}

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads the first non-blank record as the header and checks its names.
Result<std::vector<std::string>> ReadHeader(CsvReader& reader, const std::string& path) {
  CsvRecord record;
  do {
    if (!reader.Next(&record)) {
      return Status::InvalidArgument(path + " has no header row: the file is empty");
    }
  } while (record.blank);
  if (!record.error.empty()) {
    return Status::InvalidArgument(path + " line " + std::to_string(record.line) +
                                   ": the header row is unreadable: " + record.error);
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string name(TrimBlanks(record.fields[i].value));
    if (name.empty()) {
      return Status::InvalidArgument(path + " line " + std::to_string(record.line) +
                                     ": header column " + std::to_string(i + 1) +
                                     " has no name; every column needs one");
    }
    for (size_t j = 0; j < names.size(); ++j) {
      if (Lowercase(names[j]) == Lowercase(name)) {
        return Status::InvalidArgument(
            path + " line " + std::to_string(record.line) + ": header names column \"" + name +
            "\" twice (columns " + std::to_string(j + 1) + " and " + std::to_string(i + 1) + ")");
      }
    }
    names.push_back(std::move(name));
  }
  return names;
}

// Moves past the header (the first non-blank record), which ReadHeader checked.
void SkipHeader(CsvReader& reader) {
  CsvRecord record;
  while (reader.Next(&record) && record.blank) {
  }
}

// "" for a record to load, else why it is skipped.
std::string BadReason(const CsvRecord& record, size_t width) {
  if (!record.error.empty()) return record.error;
  if (record.fields.size() != width) {
    return "expected " + std::to_string(width) + " fields, got " +
           std::to_string(record.fields.size());
  }
  return "";
}

Result<std::vector<bool>> ForcedTextColumns(const std::vector<std::string>& names,
                                            const CsvLoadOptions& options,
                                            const std::string& path) {
  std::vector<bool> forced(names.size(), false);
  for (const std::string& wanted : options.text_columns) {
    const auto it = std::find(names.begin(), names.end(), wanted);
    if (it == names.end()) {
      return Status::InvalidArgument("--text-columns: \"" + wanted + "\" is not a column of " +
                                     path);
    }
    forced[static_cast<size_t>(it - names.begin())] = true;
  }
  return forced;
}

// Pass 1: counts bad and blank records, infers the column types; returns the good rows.
int64_t ScanRecords(std::string_view text, const CsvLoadOptions& options, LoadSummary* summary) {
  const size_t width = summary->columns.size();
  std::vector<ColumnTypeInference> inference(width);
  CsvReader reader(text, options.delimiter);
  SkipHeader(reader);
  CsvRecord record;
  Progress progress("load: reading " + summary->csv_path, 0);
  int64_t good = 0;
  while (reader.Next(&record)) {
    if (record.blank) {
      ++summary->blank_lines;
      continue;
    }
    std::string reason = BadReason(record, width);
    if (!reason.empty()) {
      ++summary->bad_lines;
      if (summary->first_bad_lines.size() < static_cast<size_t>(options.max_reported_bad_lines)) {
        summary->first_bad_lines.push_back(BadLine{record.line, std::move(reason)});
      }
      continue;
    }
    for (size_t c = 0; c < width; ++c) {
      const std::string_view value = record.fields[c].value;
      LoadedColumn& column = summary->columns[c];
      if (column.example.empty() && !TrimBlanks(value).empty()) {
        column.example = std::string(value.substr(0, kExampleBytes));
      }
      if (!inference[c].settled()) inference[c].Observe(ClassifyCell(value));
    }
    ++good;
    if (options.show_progress) progress.Update(good);
  }
  for (size_t c = 0; c < width; ++c) {
    LoadedColumn& column = summary->columns[c];
    column.type = column.forced_text ? ColumnType::kText : inference[c].type();
  }
  return good;
}

void WriteCell(const CsvField& field, size_t c, LoadedColumn& column,
               warehouse::RowWriter& writer) {
  const int index = static_cast<int>(c);
  switch (column.type) {
    case ColumnType::kInteger:
      if (auto value = ParseInteger(field.value)) return writer.SetInteger(index, *value);
      break;
    case ColumnType::kReal:
      if (auto value = ParseReal(field.value)) return writer.SetReal(index, *value);
      break;
    case ColumnType::kText:
      if (!field.value.empty() || field.quoted) return writer.SetText(index, field.value);
      break;
  }
  // Only empty cells reach here: the scan typed the column so that every other cell parses.
  writer.SetNull(index);
  ++column.nulls;
}

// Pass 2: writes the good records to `writer`.
Status WriteRecords(std::string_view text, const CsvLoadOptions& options,
                    warehouse::RowWriter& writer, int64_t expected_rows, LoadSummary* summary) {
  const size_t width = summary->columns.size();
  CsvReader reader(text, options.delimiter);
  SkipHeader(reader);
  CsvRecord record;
  Progress progress("load: writing " + summary->table, expected_rows);
  while (reader.Next(&record)) {
    if (record.blank || !BadReason(record, width).empty()) continue;
    for (size_t c = 0; c < width; ++c) {
      WriteCell(record.fields[c], c, summary->columns[c], writer);
    }
    ATTRITION_RETURN_IF_ERROR(writer.EndRow());
    ++summary->rows;
    if (options.show_progress) progress.Update(summary->rows);
  }
  return writer.Finish();
}

warehouse::Schema SchemaOf(const std::vector<LoadedColumn>& columns) {
  warehouse::Schema schema;
  for (const LoadedColumn& column : columns) schema.push_back({column.name, column.type});
  return schema;
}

}  // namespace

Result<LoadSummary> LoadCsv(warehouse::Warehouse& warehouse, const std::string& csv_path,
                            const std::string& table, const CsvLoadOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ATTRITION_RETURN_IF_ERROR(CheckTableName(table));
  ATTRITION_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(csv_path));
  LoadSummary summary;
  summary.csv_path = csv_path;
  summary.table = table;
  summary.warehouse = warehouse.Describe();

  CsvReader header_reader(file.bytes(), options.delimiter);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<std::string> names, ReadHeader(header_reader, csv_path));
  ATTRITION_ASSIGN_OR_RETURN(std::vector<bool> forced, ForcedTextColumns(names, options, csv_path));
  for (size_t c = 0; c < names.size(); ++c) {
    summary.columns.push_back(LoadedColumn{.name = names[c], .forced_text = forced[c]});
  }

  const int64_t good_rows = ScanRecords(file.bytes(), options, &summary);
  spdlog::info("load: {} has {} good rows, {} bad lines, {} columns", csv_path, good_rows,
               summary.bad_lines, names.size());
  if (good_rows == 0 && summary.bad_lines > 0) {
    std::string message = "no line of " + csv_path + " could be loaded: all " +
                          std::to_string(summary.bad_lines) + " data lines are bad";
    if (!summary.first_bad_lines.empty()) {
      const BadLine& first = summary.first_bad_lines.front();
      message += "; the first, line " + std::to_string(first.line) + ": " + first.reason;
    }
    return Status::InvalidArgument(std::move(message));
  }

  const Status written = [&]() -> Status {
    ATTRITION_ASSIGN_OR_RETURN(auto transaction, warehouse.Begin());
    ATTRITION_ASSIGN_OR_RETURN(auto writer,
                               transaction->ReplaceTable(table, SchemaOf(summary.columns),
                                                         {.keep_history = options.keep_history}));
    ATTRITION_RETURN_IF_ERROR(WriteRecords(file.bytes(), options, *writer, good_rows, &summary));
    writer.reset();
    return transaction->Commit();
  }();
  if (!written.ok()) return written.WithContext("loading " + csv_path + " into " + table);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("load: wrote {} rows to {} in {}", summary.rows, table, summary.warehouse);
  return summary;
}

}  // namespace attrition::load
