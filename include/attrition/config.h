// Configuration (SPEC 6). PROVISIONAL: the config subsystem replaces this file.
#pragma once

#include <string>

#include "attrition/status.h"

namespace attrition::config {

struct WarehouseConfig {
  std::string url = "sqlite:attrition.db";
};
struct ArtifactsConfig {
  std::string dir = "artifacts";
};
struct Config {
  WarehouseConfig warehouse;
  ArtifactsConfig artifacts;
  std::string environment = "dev";
};

// Loads `path`; when empty, config.yaml in the working directory if present, else the
// built-in defaults.
Result<Config> LoadConfigForCommand(const std::string& path);

}  // namespace attrition::config
