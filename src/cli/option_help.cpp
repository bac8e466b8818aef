#include "cli/option_help.h"

#include <cassert>
#include <string>

namespace attrition::cli {

CLI::Option* ShowDefault(CLI::Option* option) {
  assert(option != nullptr);
  option->capture_default_str();
  const std::string value = option->get_default_str();
  if (!value.empty()) option->description(option->get_description() + " (default " + value + ")");
  return option;
}

}  // namespace attrition::cli
