// Loading: YAML text → tree → ${} substitution → sections → cross-field rules → Config.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "attrition/config.h"
#include "config/diagnostics.h"
#include "config/field_reader.h"
#include "config/sections.h"
#include "config/substitution.h"
#include "config/yaml_tree.h"

namespace attrition::config {
namespace {

using internal::Diagnostics;
using internal::Node;

constexpr std::string_view kBuiltInName = "built-in default";

const std::vector<std::string_view> kTopLevelKeys = {
    "train",   "inference", "warehouse",     "artifacts",   "registry",
    "serving", "schedule",  "notifications", "environment", "as_of"};

// Reads the sections of `root` over `config`, which holds the values of absent keys.
void ReadSections(Node* root, const std::filesystem::path& base_dir, Config* config,
                  Diagnostics* diags) {
  if (root->is_null()) {
    diags->Warning(root->where, "", "is empty; every setting takes its built-in default");
    return;
  }
  const internal::MapReader top(root, "", kTopLevelKeys, diags);
  if (!top.present()) return;
  internal::SubstituteReferences(root, "", base_dir, &config->secrets, diags);
  internal::CollectLocations(*root, "", &config->locations);
  const internal::TrainFieldsRead read =
      internal::ReadTrainSection(root->Find("train"), &config->train, diags);
  internal::ReadInferenceSection(root->Find("inference"), &config->inference, diags);
  internal::ReadOperationsSections(*root, config, diags);
  internal::ReadNotificationsSection(root->Find("notifications"), &config->notifications, diags);
  internal::CheckTrainCrossFields(config->train, read, config->locations, diags);
}

LoadReport LoadOver(std::string_view yaml, const LoadOptions& options, const Config& base) {
  Diagnostics diags(options.source_name);
  LoadReport report;
  report.source = options.source_name;
  Node root;
  Config config = base;
  config.source = options.source_name;
  config.secrets = Secrets();
  config.locations.clear();
  if (internal::ParseYaml(yaml, &root, &diags)) {
    ReadSections(&root, options.base_dir, &config, &diags);
  }
  report.errors = diags.SortedErrors();
  report.warnings = diags.SortedWarnings();
  if (report.errors.empty()) report.config = std::move(config);
  return report;
}

const Config& BuiltInDefault() {
  static const Config* const kDefault = [] {
    LoadOptions options;
    options.source_name = std::string(kBuiltInName);
    LoadReport report = LoadOver(DefaultConfigYaml(), options, Config{});
    if (!report.ok()) {  // a bug in default_config.cpp; config_test catches it first
      std::fprintf(stderr, "attrition: the built-in default config does not load: %s\n",
                   report.errors[0].ToString().c_str());
      std::abort();
    }
    return new Config(std::move(*report.config));
  }();
  return *kDefault;
}

std::string FormatErrors(const LoadReport& report) {
  if (report.errors.size() == 1) return report.errors[0].ToString();
  std::string out = std::to_string(report.errors.size()) + " problems in " + report.source + ":";
  for (const Diagnostic& d : report.errors) out += "\n  " + d.ToString();
  return out;
}

}  // namespace

LoadReport LoadConfigText(std::string_view yaml, const LoadOptions& options) {
  return LoadOver(yaml, options, BuiltInDefault());
}

LoadReport LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) {
    const std::string why = in ? "it is a directory" : std::strerror(errno);
    LoadReport report;
    report.source = path;
    report.errors.push_back(Diagnostic{path, {}, "", "cannot read the file: " + why});
    return report;
  }
  std::ostringstream text;
  text << in.rdbuf();
  LoadOptions options;
  options.source_name = path;
  options.base_dir = std::filesystem::path(path).parent_path().string();
  return LoadConfigText(text.str(), options);
}

Config DefaultConfig() { return BuiltInDefault(); }

std::string ResolveConfigPath(const std::string& path) {
  if (!path.empty()) return path;
  std::error_code ec;
  if (std::filesystem::exists("config.yaml", ec)) return "config.yaml";
  return "";
}

Result<Config> LoadConfigForCommand(const std::string& path) {
  const std::string resolved = ResolveConfigPath(path);
  if (resolved.empty()) return DefaultConfig();
  std::error_code ec;
  if (!std::filesystem::exists(resolved, ec)) {
    return Status::NotFound("config file " + resolved + " does not exist");
  }
  LoadReport report = LoadConfigFile(resolved);
  if (!report.ok()) return Status::InvalidArgument(FormatErrors(report));
  return std::move(*report.config);
}

}  // namespace attrition::config
