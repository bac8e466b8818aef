// `attrition load --table NAME --csv FILE`: a CSV file into a warehouse table (SPEC 2).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "attrition/csv_load.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "cli/option_help.h"

namespace attrition::cli {
namespace {

constexpr const char* kFooter = R"(What it does:
  Reads FILE (a header row, then one record per line), infers a type for every column,
  and replaces table NAME with the rows in one transaction. The rows the table had before
  are appended to NAME_HIST first, so a re-load never loses data.

Column types (from every non-empty cell of the column):
  INTEGER  every cell is a whole number: 42, -7, +3
  REAL     every cell is a number: 29.85, 1e-3, .5 (and integers mixed in)
  TEXT     anything else, e.g. "1,234", "N/A", dates; force it with --text-columns
  Empty or whitespace-only cells are NULL in INTEGER and REAL columns. In TEXT columns an
  empty cell is NULL and a quoted empty cell ("") is the empty string.

CSV rules (RFC 4180):
  Quote a field that holds the delimiter, a line break or a quote: "Smith, Jo",
  "line one
  line two", "she said ""hi""". CRLF and LF line ends both work.

Bad lines do not stop the load: a line with the wrong number of fields or a broken quote
is skipped, counted and reported with its line number; blank lines are skipped.

Examples:
  attrition load --table TELCO --csv telco_customer_churn.csv
  attrition load --table STORES --csv stores.tsv --delimiter tab --text-columns ZIP
  attrition --warehouse postgresql://etl@db/analytics load --table T --csv t.csv

Then train on it with `train.dataset: TELCO` in config.yaml, as
examples/telco/config.yaml does (see docs/load.md).
)";

struct LoadCommandOptions {
  std::string table;
  std::string csv_path;
  std::string delimiter = ",";
  std::vector<std::string> text_columns;
  int show_bad_lines = 10;
};

Result<char> ParseDelimiter(const std::string& text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  return Status::InvalidArgument("--delimiter: got \"" + text +
                                 "\", expected one character (not a quote or line break) or "
                                 "\"tab\"");
}

Status RunLoad(const GlobalOptions& global, const LoadCommandOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(char delimiter, ParseDelimiter(options.delimiter));
  ATTRITION_ASSIGN_OR_RETURN(auto warehouse, OpenWarehouse(global));
  load::CsvLoadOptions load_options{.delimiter = delimiter,
                                    .text_columns = options.text_columns,
                                    .max_reported_bad_lines = options.show_bad_lines};
  ATTRITION_ASSIGN_OR_RETURN(load::LoadSummary summary, load::LoadCsv(*warehouse, options.csv_path,
                                                                      options.table, load_options));
  std::fputs(load::FormatLoadSummary(summary).c_str(), stdout);
  return Status::OK();
}

}  // namespace

void AddLoadCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  auto options = std::make_shared<LoadCommandOptions>();
  CLI::App* cmd = root.add_subcommand(
      "load", "Import a CSV file into a warehouse table, inferring column types");
  cmd->add_option("--table", options->table, "Table to create or replace (letters, digits, _)")
      ->required()
      ->option_text("NAME");
  cmd->add_option("--csv", options->csv_path, "CSV file with a header row")
      ->required()
      ->option_text("FILE");
  // Stated by hand: "(default ,)" would read as a typo.
  cmd->add_option("--delimiter", options->delimiter,
                  "Field delimiter: one character or tab (default ',')")
      ->option_text("CHAR");
  cmd->add_option("--text-columns", options->text_columns,
                  "Columns kept as TEXT whatever they hold (e.g. zero-padded codes)")
      ->delimiter(',')
      ->option_text("COL,...");
  ShowDefault(cmd->add_option("--show-bad-lines", options->show_bad_lines,
                              "How many bad lines to list with their line numbers (all are "
                              "counted)"))
      ->check(IntegerAtLeast(0))
      ->option_text("N");
  cmd->footer(kFooter);
  cmd->callback(
      [run, &global, options] { *run = [&global, options] { return RunLoad(global, *options); }; });
}

}  // namespace attrition::cli
