// XgbDMatrix and the small free functions of model_xgboost.h.
#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <limits>

#include "attrition/model_xgboost.h"
#include "model/xgboost_call.h"

namespace attrition::model {

using xgboost_call::Check;

std::string XgboostVersion() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

namespace {

Status CheckSize(std::string_view what, size_t size, size_t expected, std::string_view unit) {
  if (size == 0 || size == expected) return Status::OK();
  return Status::InvalidArgument(
      fmt::format("{} has {} values for {} {}", what, size, expected, unit));
}

Status SetInfo(void* handle, const DMatrixOptions& options) {
  if (!options.labels.empty()) {
    ATTRITION_RETURN_IF_ERROR(
        Check(XGDMatrixSetFloatInfo(handle, "label", options.labels.data(), options.labels.size()),
              "XGDMatrixSetFloatInfo(label)"));
  }
  if (!options.weights.empty()) {
    ATTRITION_RETURN_IF_ERROR(Check(
        XGDMatrixSetFloatInfo(handle, "weight", options.weights.data(), options.weights.size()),
        "XGDMatrixSetFloatInfo(weight)"));
  }
  if (!options.feature_names.empty()) {
    std::vector<const char*> names;
    for (const std::string& name : options.feature_names) names.push_back(name.c_str());
    ATTRITION_RETURN_IF_ERROR(
        Check(XGDMatrixSetStrFeatureInfo(handle, "feature_name", names.data(), names.size()),
              "XGDMatrixSetStrFeatureInfo(feature_name)"));
  }
  return Status::OK();
}

}  // namespace

Result<XgbDMatrix> XgbDMatrix::FromDense(const DenseMatrix& x, const DMatrixOptions& options) {
  ATTRITION_RETURN_IF_ERROR(CheckSize("labels", options.labels.size(), x.rows(), "rows"));
  ATTRITION_RETURN_IF_ERROR(CheckSize("weights", options.weights.size(), x.rows(), "rows"));
  ATTRITION_RETURN_IF_ERROR(
      CheckSize("feature names", options.feature_names.size(), x.cols(), "columns"));
  xgboost_call::RouteLogsToSpdlog();
  static const float kEmpty = 0;
  const float* data = x.values().empty() ? &kEmpty : x.values().data();
  DMatrixHandle handle = nullptr;
  ATTRITION_RETURN_IF_ERROR(Check(
      XGDMatrixCreateFromMat_omp(data, x.rows(), x.cols(), std::numeric_limits<float>::quiet_NaN(),
                                 &handle, options.threads),
      "XGDMatrixCreateFromMat_omp"));
  XgbDMatrix matrix(handle);
  ATTRITION_RETURN_IF_ERROR(SetInfo(handle, options));
  return matrix;
}

XgbDMatrix& XgbDMatrix::operator=(XgbDMatrix&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

XgbDMatrix::~XgbDMatrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

Result<size_t> XgbDMatrix::NumRows() const {
  bst_ulong rows = 0;
  ATTRITION_RETURN_IF_ERROR(Check(XGDMatrixNumRow(handle_, &rows), "XGDMatrixNumRow"));
  return static_cast<size_t>(rows);
}

Result<size_t> XgbDMatrix::NumCols() const {
  bst_ulong cols = 0;
  ATTRITION_RETURN_IF_ERROR(Check(XGDMatrixNumCol(handle_, &cols), "XGDMatrixNumCol"));
  return static_cast<size_t>(cols);
}

Result<std::vector<EvalEntry>> ParseEvalLine(std::string_view line) {
  std::vector<EvalEntry> entries;
  size_t start = 0;
  while (start < line.size()) {
    size_t end = line.find('\t', start);
    if (end == std::string_view::npos) end = line.size();
    std::string_view token = line.substr(start, end - start);
    start = end + 1;
    if (token.empty() || token.front() == '[') continue;  // "[12]": the round
    size_t dash = token.find('-');
    size_t colon = token.rfind(':');
    char* parse_end = nullptr;
    std::string value(colon == std::string_view::npos ? "" : token.substr(colon + 1));
    double number = std::strtod(value.c_str(), &parse_end);
    if (dash == std::string_view::npos || colon == std::string_view::npos || colon < dash ||
        value.empty() || *parse_end != '\0') {
      return Status::Corruption(
          fmt::format("cannot parse XGBoost evaluation entry \"{}\" in \"{}\"", token, line));
    }
    entries.push_back({std::string(token.substr(0, dash)),
                       std::string(token.substr(dash + 1, colon - dash - 1)), number});
  }
  return entries;
}

}  // namespace attrition::model
