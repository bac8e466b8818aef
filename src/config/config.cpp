#include "attrition/config.h"

namespace attrition::config {

Result<Config> LoadConfigForCommand(const std::string&) { return Config{}; }

}  // namespace attrition::config
