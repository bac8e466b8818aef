// `attrition generate`: writes the synthetic source views (SPEC 3) into the warehouse.
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "attrition/sources.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "cli/option_help.h"

namespace attrition::cli {
namespace {

constexpr char kDescription[] =
    R"(Writes a simulated population of insulin-pump customers into the warehouse as the
seven source views the feature pipeline reads. Customers buy consumables on a supply
rhythm, return lines, call in, complain, reach warranty expiry and leave according to a
planted hazard model (docs/generator.md), so the model has something true to find.
The same arguments always give the same tables.
)";

constexpr char kFooter[] = R"(
Views written (each replaced, all in one transaction):
  PRODUCT                    the catalogue: pumps, infusion sets, reservoirs, sensors
  PA_PATIENT_DETAILS_VW      one row per customer: birth date, state, payor, diagnosis,
                             auto-reorder flag, pump model and start date
  PA_SALES_HISTORY_VW        order lines: date, product, packs, returned flag, channel
  PA_STARTRIGHT_DETAILS_VW   onboarding programme enrolments
  PA_PATIENT_TOUCHPOINT_VW   CRM notes (calls, e-mails, chats)
  PA_PATIENT_COMPLAINTS_VW   complaint lines by SVN; Z101 marks patient harm
  PA_WARRANTY_DETAILS_VW     4-year pump warranties with training status codes

--dirty RATE corrupts about RATE of the rows of each view the way real extracts are
corrupted: null, unparseable and far-future dates, unknown PRODUCT_IDs, duplicated and
negative-quantity order lines, unknown TRAINING_STATUS codes, and RATE of the customers
missing from the details view while their sales remain.

Example:
  attrition generate --customers 20000 --start 2021-01 --end 2024-12 --seed 7 --dirty 0.01
)";

struct GenerateFlags {
  int64_t customers = 10000;
  std::string start = "2021-01";
  std::string end = "2024-12";
  uint64_t seed = 42;
  double dirty = 0.0;
  double payor_shift = 0.0;
  std::string id_style = "numeric";
  int threads = 0;
};

Result<Month> ParseMonthFlag(const std::string& flag, const std::string& text) {
  std::optional<Month> month = ParseIsoMonth(text);
  if (!month) {
    return Status::InvalidArgument(flag + ": got '" + text + "', expected a month YYYY-MM");
  }
  return *month;
}

Result<sources::GenerateOptions> ToOptions(const GenerateFlags& flags) {
  sources::GenerateOptions options;
  options.customers = flags.customers;
  ATTRITION_ASSIGN_OR_RETURN(options.start, ParseMonthFlag("--start", flags.start));
  ATTRITION_ASSIGN_OR_RETURN(options.end, ParseMonthFlag("--end", flags.end));
  options.seed = flags.seed;
  options.dirty = flags.dirty;
  options.payor_shift = flags.payor_shift;
  options.id_style =
      flags.id_style == "alnum" ? sources::IdStyle::kAlnum : sources::IdStyle::kNumeric;
  options.threads = flags.threads;
  ATTRITION_RETURN_IF_ERROR(sources::ValidateGenerateOptions(options));
  return options;
}

Status RunGenerate(const GenerateFlags& flags, const GlobalOptions& global) {
  ATTRITION_ASSIGN_OR_RETURN(sources::GenerateOptions options, ToOptions(flags));
  ATTRITION_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> warehouse,
                             OpenWarehouse(global));
  ATTRITION_ASSIGN_OR_RETURN(sources::GenerateReport report,
                             sources::Generate(options, *warehouse));
  (void)report;  // Generate logs its own summary.
  return Status::OK();
}

}  // namespace

void AddGenerateCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand("generate", "Write the synthetic source views (SPEC 3)");
  cmd->description(kDescription);
  cmd->footer(kFooter);
  auto flags = std::make_shared<GenerateFlags>();
  cmd->add_option("--customers", flags->customers, "Number of customers (default 10000)")
      ->option_text(fmt::format("N (1-{})", sources::kMaxCustomers));
  cmd->add_option("--start", flags->start, "First simulated month (default 2021-01)")
      ->option_text("YYYY-MM");
  cmd->add_option("--end", flags->end, "Last simulated month, inclusive (default 2024-12)")
      ->option_text("YYYY-MM");
  cmd->add_option("--seed", flags->seed,
                  "Random seed (default 42); the same seed gives the same tables")
      ->check(IntegerAtLeast(0))
      ->option_text("S");
  cmd->add_option("--dirty", flags->dirty,
                  "Fault rate per view, at least 0 and below 0.5 (default 0: clean)")
      ->option_text("RATE");
  cmd->add_option("--payor-shift", flags->payor_shift,
                  "Share of customers recorded as 'State Medicaid' instead of their payor, "
                  "behaviour unchanged: a drifted population for monitoring tests (default 0)")
      ->option_text("SHARE");
  cmd->add_option("--id-style", flags->id_style,
                  "INTEGER ids (default), or TEXT ids such as 'C-0001000001' and 'P-IS-10'")
      ->check(CLI::IsMember({"numeric", "alnum"}))
      ->option_text("numeric|alnum");
  ShowDefault(cmd->add_option("--threads", flags->threads,
                              "Simulation threads, 0 = all cores (does not change the output)"))
      ->option_text("N");
  cmd->callback(
      [flags, &global, run] { *run = [flags, &global] { return RunGenerate(*flags, global); }; });
}

}  // namespace attrition::cli
