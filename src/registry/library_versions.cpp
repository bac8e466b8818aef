#include <xgboost/c_api.h>

#include <string>

#include "attrition/registry.h"

#ifndef ATTRITION_VERSION
#define ATTRITION_VERSION "unknown"
#endif

namespace attrition::registry {

std::map<std::string, std::string> CurrentLibraryVersions() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return {{"attrition", ATTRITION_VERSION},
          {"xgboost",
           std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch)}};
}

}  // namespace attrition::registry
