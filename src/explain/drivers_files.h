// The drivers report's files: drivers.html (forest plot of the odds ratios beside the
// SHAP bars, the table, the planted check) and drivers.json (the same figures).
//
// Thread safety: pure functions apart from the files written.
#pragma once

#include <filesystem>
#include <string>

#include "attrition/explain.h"
#include "attrition/status.h"

namespace attrition::explain {

// The HTML page and the JSON document of `summary`.
std::string DriversHtml(const ExplainSummary& summary);
std::string DriversJson(const ExplainSummary& summary);

// Writes both into `dir` (created when missing) and sets summary->html_path / json_path.
// IOError naming the path on failure.
Status WriteDriversFiles(const std::filesystem::path& dir, ExplainSummary* summary);

}  // namespace attrition::explain
