// `attrition explain`: the drivers report (SPEC 11; docs/explain.md).
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "attrition/config.h"
#include "attrition/explain.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "cli/option_help.h"

namespace attrition::cli {
namespace {

constexpr char kDescription[] =
    "Explains what drives attrition. Fits a Bayesian logistic regression of the label on "
    "the features of a registered model (the same rows and feature plan it was trained on): "
    "a Gaussian N(0, sd^2) prior on each standardised slope, the posterior's mode found by "
    "Newton's method and its spread by the Laplace approximation. Each driver gets an odds "
    "ratio with a 95% credible interval (per unit of the feature; one-hot categories against "
    "their group's most common category), shown beside the model's mean |SHAP|. With "
    "--planted it checks the slopes against the generator's planted hazard "
    "(docs/generator.md), which is only meaningful on data from `attrition generate`.";

constexpr char kFooter[] = R"(
Reading the table:
  odds ratio  > 1 raises the odds of attrition, < 1 lowers them; an interval that
              excludes 1 is a driver the data is sure about
  clustered   the same estimate's 95% interval measured between customers rather
              than rows (a customer's ~20 monthly rows are alike): the honest one
  mean |SHAP| how much the XGBoost model leans on the feature (log-odds), and whether
              a high value raises or lowers its risk
  planted     the generator's slope, whether the estimate has its sign and whether
              the Laplace / clustered interval holds it (only slopes: the label
              spans 6 months, the planted hazard one; docs/explain.md says why the
              slopes come out smaller than planted)

Files (default <artifacts.dir>/explain/<version>/): drivers.html, drivers.json

Examples:
  attrition explain
  attrition explain --model v0002-20261127T153000Z --prior-sd 1 --out /tmp/drivers
  attrition explain --planted          # on data from `attrition generate`
)";

struct ExplainFlags {
  explain::ExplainOptions options;
  std::string out;
};

std::string PlantedCell(const explain::Driver& d) {
  if (!d.planted) return "";
  const explain::PlantedComparison& p = *d.planted;
  return fmt::format("{:+.3f}{} {:<5} {:<7} {}", p.value, p.proxy ? "*" : " ",
                     p.sign_agrees ? "sign" : "SIGN!", p.inside_interval ? "inside" : "-",
                     p.inside_clustered_interval ? "inside" : "-");
}

void PrintTable(const explain::ExplainSummary& s, bool planted) {
  std::string text = fmt::format(
      "attrition explain: model {}, {} rows ({} customers) of {} ({:.1f}% positive), prior sd "
      "{:g}, {} Newton steps, {:.1f}s\n\n",
      s.version, s.rows, s.customers, s.dataset, s.rows ? 100.0 * s.positives / s.rows : 0.0,
      s.prior_sd, s.iterations, s.seconds);
  text += fmt::format("  {:<42} {:<28} {:<19} {:>11}  {}\n", "driver", "odds ratio [95% CI]",
                      "clustered 95% CI", "mean |SHAP|",
                      planted ? "planted  sign  inside  inside(clustered)" : "");
  for (const explain::Driver& d : s.drivers) {
    std::string ratio(explain::DriverKindName(d.kind)), clustered;
    if (d.estimated()) {
      explain::OddsRatioText text = explain::FormatOddsRatio(d);
      ratio = std::move(text.with_interval);
      clustered = std::move(text.clustered);
    }
    text += fmt::format("  {:<42} {:<28} {:<19} {:>11.4f}  {}\n", d.feature, ratio, clustered,
                        d.shap_mean_abs, planted ? PlantedCell(d) : "");
  }
  if (planted) {
    text += fmt::format(
        "\n  planted effects recovered: {} of {} (right sign, planted slope inside the "
        "customer-clustered 95% interval)\n  {} right sign, {} inside the Laplace interval, {} "
        "inside the clustered one   * proxy feature\n",
        s.planted_recovered, s.planted_mapped, s.planted_sign_agrees, s.planted_inside,
        s.planted_inside_clustered);
    for (const std::string& term : s.planted_without_feature) {
      text += "  no feature: " + term + "\n";
    }
  }
  text += fmt::format(
      "\n  odds ratios per unit of a feature; categories against their group's most common one "
      "(\"reference\")\n  SHAP on {} rows\n  report: {}\n  json:   {}\n",
      s.shap_rows, s.html_path.string(), s.json_path.string());
  std::printf("%s", text.c_str());
}

Status RunExplain(ExplainFlags flags, const GlobalOptions& global) {
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  if (!global.warehouse_url.empty()) cfg.warehouse.url = global.warehouse_url;
  if (!flags.out.empty()) flags.options.out_dir = flags.out;
  ATTRITION_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> warehouse,
                             warehouse::Warehouse::OpenExisting(cfg.warehouse.url));
  ATTRITION_ASSIGN_OR_RETURN(explain::ExplainSummary summary,
                             explain::Explain(cfg, *warehouse, flags.options));
  PrintTable(summary, flags.options.planted);
  return Status::OK();
}

}  // namespace

void AddExplainCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand(
      "explain", "Drivers report: Bayesian odds ratios with credible intervals beside SHAP");
  cmd->description(kDescription);
  cmd->footer(kFooter);
  auto flags = std::make_shared<ExplainFlags>();
  ShowDefault(cmd->add_option(
                  "--model", flags->options.model,
                  "Model to explain: production, staging, a version id or its v<sequence> (v3)"))
      ->option_text("REF");
  ShowDefault(cmd->add_option("--prior-sd", flags->options.prior_sd,
                              "sd of the Gaussian prior on each standardised slope (smaller = "
                              "more shrinkage towards no effect)"))
      ->check(PositiveNumber())
      ->option_text("SD");
  cmd->add_option("--out", flags->out,
                  "Directory for drivers.html and drivers.json (default "
                  "<artifacts.dir>/explain/<version>)")
      ->option_text("DIR");
  cmd->add_flag("--planted", flags->options.planted,
                "Compare the slopes with the planted hazard of `attrition generate`");
  ShowDefault(cmd->add_option("--shap-rows", flags->options.shap_rows,
                              "At most this many rows (evenly spaced) for the SHAP summary"))
      ->check(IntegerAtLeast(1))
      ->option_text("N");
  ShowDefault(cmd->add_option("--threads", flags->options.threads, "Threads for the fit and SHAP"))
      ->check(CLI::Range(1, 256))
      ->option_text("N (1-256)");
  cmd->callback([flags, &global, run] {
    *run = [flags, &global] { return RunExplain(*flags, global); };
  });
}

}  // namespace attrition::cli
