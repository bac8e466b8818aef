// Configuration (SPEC 6): the typed form of config.yaml, how it is loaded and checked,
// and how secrets in it are kept out of every message.
//
// A config comes from a YAML file or from the built-in default (DefaultConfigYaml(), the
// seed's training settings moved to the generator's default date range). Loading reports
// every problem of a file in one pass, each as "file:line:col: yaml.path: got X,
// expected Y". `${env:NAME}` and `${file:PATH}` in any string are replaced before the
// checks; the replaced values are secrets (Config::secrets) and are never printed.
//
// All functions are thread-safe; a loaded Config is a plain value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/status.h"

namespace attrition::config {

// H: months after M that decide the label of month M (SPEC 4). Fixed by the contract.
inline constexpr int kLabelHorizonMonths = 6;

// ---------------------------------------------------------------------------------------
// Secrets

// A value that must not be printed: it came from ${env:...} or ${file:...}. There is no
// implicit conversion to text; Reveal() at the one place that needs the value (a login).
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  // "***" when set, "" when empty: what messages and summaries show.
  std::string Masked() const { return value_.empty() ? "" : "***"; }

 private:
  std::string value_;
};

// Every value a config substituted from ${env:...} / ${file:...}. Redact() removes them
// from any text before it is shown (a driver error that echoes a connection string, a
// summary line). Over-masks rather than leaks: every occurrence of a value is replaced.
class Secrets {
 public:
  // Empty values are ignored. Also registers the value with RedactInLogs (logging.h), so
  // no log line of this process can show it.
  void Add(std::string value);
  // `text` with each occurrence of every secret value replaced by "***", longest first.
  std::string Redact(std::string_view text) const;
  bool empty() const { return values_.empty(); }

 private:
  std::vector<std::string> values_;
};

// `url` with the password parts of a connection or mail URL replaced by "***":
// scheme://user:PW@host → scheme://user:***@host; ?password=PW and ;PWD=PW / ;PASSWORD=PW
// (ODBC, braces allowed) → ***. Anything else is returned unchanged. For messages only.
std::string MaskSecrets(std::string_view url);

// A connection URL given on the command line (`--warehouse`), held to the rules of
// warehouse.url in a config file: a literal password is refused (a command line is visible
// to every user in the process list and kept in shell history), and ${env:NAME} /
// ${file:PATH} are substituted, their values masked in every log line from then on.
// InvalidArgument names `flag`; it never shows a value.
Result<std::string> ResolveCommandLineUrl(std::string_view flag, std::string_view url);

// ---------------------------------------------------------------------------------------
// Types. Defaults of the extension keys are the member initialisers below; they equal the
// values written in DefaultConfigYaml().

enum class Sampling { kDown, kUp, kNone };
enum class SplitMode { kLastNMonths, kRandomized };
enum class Metric { kAuc, kF1, kAccuracy };

std::string_view ToString(Sampling sampling);  // "down", "up", "none"
std::string_view ToString(SplitMode mode);     // "last_n_months", "randomized"
std::string_view ToString(Metric metric);      // "auc", "f1", "accuracy"

struct SplitConfig {
  SplitMode mode = SplitMode::kLastNMonths;
  int months = 3;          // kLastNMonths: test months, the last ones up to max_month
  double perc_test = 0.2;  // kRandomized: share of customers in the test set, in (0, 1)
};

struct IntRange {
  int min = 0;
  int max = 0;
};
struct RealRange {
  double min = 0;
  double max = 0;
};

// The tuning search space (train.hyperparameters). Every range has min <= max.
struct Hyperparameters {
  Metric optimize = Metric::kAuc;
  int num_tuning_rounds = 3;         // >= 1
  int eta_min = -3;                  // eta is searched over 10^eta_min .. 10^0; -10 <= eta_min <= 0
  IntRange max_depth{3, 10};         // 1 .. 30
  RealRange subsample{0.5, 1.0};     // 0 < min, max <= 1
  RealRange gamma{0, 5};             // >= 0
  RealRange min_child_weight{0, 5};  // >= 0
  RealRange reg_alpha{0, 5};         // >= 0
};

struct TrainConfig {
  Sampling sampling = Sampling::kDown;
  SplitConfig split;
  Month start_month = 0;  // first month trained on (inclusive)
  Month max_month = 0;    // last month (inclusive); needs max_month + H <= as-of month
  bool profiling = true;
  std::vector<std::string> features;                             // in model order
  std::vector<std::pair<std::string, std::string>> rename_cols;  // file order, from → to
  std::vector<std::string> drop;                                 // identifiers removed
  std::vector<std::string> dummy_cols;                           // one-hot encoded
  std::string target;
  Hyperparameters hyperparameters;
  std::string dataset = "PA_MODELING_DATASET";  // a table name, optionally schema.table
  std::string id_column = "CUSTOMER_ID";
  std::optional<std::string> positive_class;  // the target text that means 1
};

struct InferenceConfig {
  int min_history_months = 6;  // 0 .. 6
  int num_month_forecast = 6;  // 1 .. 6
  bool profiling = true;
  // Scoring sends one drift alert per run when a feature's PSI against the training
  // baseline exceeds this (SPEC 10: 0.2).
  double drift_alert_psi = 0.2;  // > 0 .. 10
  // Features whose PSI is computed and reported but never alerts: those that drift by
  // construction, e.g. counts of months since a customer's start in an ageing cohort.
  std::vector<std::string> drift_ignore;
};

struct WarehouseConfig {
  // sqlite:PATH | postgresql://… | odbc:…. May hold a substituted password: show it only
  // through MaskSecrets() or Config::secrets.Redact().
  std::string url = "sqlite:attrition.db";
};

struct ArtifactsConfig {
  std::string dir = "artifacts";
};

struct RegistryConfig {
  // `promote` refuses a candidate whose holdout metric is below production's by more.
  double promote_tolerance = 0.005;  // 0 .. 1
};

enum class SinkType { kLog, kWebhook, kSmtp };
std::string_view ToString(SinkType type);  // "log", "webhook", "smtp"

// One notification sink. The log sink always runs; the list adds webhooks and mail.
struct NotificationSink {
  SinkType type = SinkType::kLog;
  std::string url;  // webhook: http(s)://…; smtp: smtp(s)://host[:port]
  std::vector<std::pair<std::string, std::string>> headers;  // webhook only
  std::string from;                                          // smtp only
  std::vector<std::string> to;                               // smtp only, >= 1
  std::string username;                                      // smtp only, optional
  Secret password;                                           // smtp only, optional
  int retries = 3;                                           // 0 .. 10, after the first try
};

struct ServingConfig {
  std::string host = "0.0.0.0";
  int port = 8080;                   // 1 .. 65535
  int threads = 0;                   // 0 = one per CPU core; else 1 .. 1024
  double max_payload_mb = 6;         // > 0 .. 1024; larger requests get 413
  std::string model = "production";  // an alias or a version of the registry
};

struct ScheduleConfig {
  std::string timezone = "UTC";      // UTC, GMT or an IANA zone name
  std::string score = "0 13 * * *";  // 5-field cron; the seed scored at 13:00 GMT daily
  std::optional<std::string> train;  // 5-field cron; not scheduled when absent
};

struct SourceLocation {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

struct Config {
  TrainConfig train;
  InferenceConfig inference;
  WarehouseConfig warehouse;
  ArtifactsConfig artifacts;
  RegistryConfig registry;
  std::vector<NotificationSink> notifications;
  ServingConfig serving;
  ScheduleConfig schedule;
  std::string environment = "dev";  // the label in notification messages
  std::optional<Month> as_of;       // pins the as-of month A (SPEC 4) when set

  std::string source;  // the file as given, or "built-in default"
  Secrets secrets;     // substituted values: Redact() any text before showing it
  // Where each YAML path ("train.features[3]") sits in `source`.
  std::map<std::string, SourceLocation, std::less<>> locations;

  // "config.yaml:7:14: train.max_month" for a message that points into the file; the
  // bare path when the location is unknown. Lets later stages (a feature missing from the
  // dataset) report like the loader does.
  std::string Where(std::string_view yaml_path) const;
};

// ---------------------------------------------------------------------------------------
// Loading

// One problem. ToString() = "file:line:col: path: message" (":line:col" when known), with
// "warning: " before the path for a warning.
struct Diagnostic {
  std::string file;
  SourceLocation location;
  std::string path;     // "train.split.months", "notifications[1].url"; "" for the file
  std::string message;  // "got 0, expected an integer >= 1"
  bool is_warning = false;
  std::string ToString() const;
};

// The outcome of loading one config: the config when there were no errors, and every
// error and warning in file order. Warnings (e.g. the seed's target listed in features)
// never stop a load.
struct LoadReport {
  std::string source;
  std::optional<Config> config;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return errors.empty(); }
};

struct LoadOptions {
  std::string source_name = "config.yaml";  // the file name used in messages
  std::string base_dir;  // relative ${file:PATH} resolve here; "" = working directory
};

// Parses and checks YAML text. Never fails as a call; problems are in the report.
LoadReport LoadConfigText(std::string_view yaml, const LoadOptions& options);

// Reads `path` and LoadConfigText()s it, with relative ${file:} paths resolved against the
// file's directory. An unreadable file is one error naming the path.
LoadReport LoadConfigFile(const std::string& path);

// The built-in default configuration as YAML (what `check-config --print-defaults` prints).
std::string_view DefaultConfigYaml();

// DefaultConfigYaml() loaded. It always loads; a failure is a bug (asserted in tests).
Config DefaultConfig();

// The config file a command uses: `path` when not empty; else "config.yaml" in the
// working directory when it exists; else "" meaning the built-in default.
std::string ResolveConfigPath(const std::string& path);

// What commands call: ResolveConfigPath(path), then load it (or the default). Fails with
// InvalidArgument listing every error ("N problems in config.yaml:\n  …"), or NotFound
// when an explicit path does not exist. Warnings are dropped (check-config shows them).
Result<Config> LoadConfigForCommand(const std::string& path);

// ---------------------------------------------------------------------------------------
// Checks that need more than the file

// The training window's own rules, for callers that override start/max months after
// loading (they are also part of loading): start_month <= max_month, and for
// last_n_months a training month remains before the test months and the H-month gap.
Status CheckTrainingWindow(const TrainConfig& train);

// OK when the labels of every training month are mature at as-of month `as_of`:
// max_month + H <= as_of. Otherwise InvalidArgument, e.g. "train.max_month: got 2024-09,
// expected at most 2024-06: labels need 6 months after max_month and the as-of month is
// 2024-12".
Status CheckTrainingWindowMature(const TrainConfig& train, Month as_of);

// A few lines describing the effective settings for `check-config`, secrets masked.
std::string FormatConfigSummary(const Config& config);

}  // namespace attrition::config
