// XgbBooster: training, evaluation, prediction and model I/O over the C API.
#include <fmt/format.h>
#include <xgboost/c_api.h>

#include "attrition/model_xgboost.h"
#include "model/json_fields.h"
#include "model/xgboost_call.h"

namespace attrition::model {

using xgboost_call::Check;

namespace {

std::string PredictConfig(int type, const PredictOptions& options) {
  return fmt::format(
      R"({{"type": {}, "training": false, "iteration_begin": 0, "iteration_end": {}, )"
      R"("strict_shape": false, "cache_id": 0, "missing": NaN}})",
      type, options.iteration_end);
}

std::vector<float> CopyOut(const bst_ulong* shape, bst_ulong dims, const float* result) {
  size_t n = 1;
  for (bst_ulong i = 0; i < dims; ++i) n *= shape[i];
  return std::vector<float>(result, result + n);
}

}  // namespace

Result<XgbBooster> XgbBooster::Create(std::span<const XgbDMatrix* const> cache) {
  xgboost_call::RouteLogsToSpdlog();
  std::vector<DMatrixHandle> handles;
  for (const XgbDMatrix* matrix : cache) handles.push_back(matrix->handle());
  BoosterHandle handle = nullptr;
  ATTRITION_RETURN_IF_ERROR(
      Check(XGBoosterCreate(handles.data(), handles.size(), &handle), "XGBoosterCreate"));
  return XgbBooster(handle);
}

Result<XgbBooster> XgbBooster::LoadFile(const std::filesystem::path& path) {
  ATTRITION_ASSIGN_OR_RETURN(std::string model, json_fields::ReadFile(path.string()));
  Result<XgbBooster> booster = LoadFromBuffer(model);
  if (!booster.ok()) return booster.status().WithContext(path.string());
  return booster;
}

Result<XgbBooster> XgbBooster::LoadFromBuffer(std::string_view model) {
  ATTRITION_ASSIGN_OR_RETURN(XgbBooster booster, Create({}));
  ATTRITION_RETURN_IF_ERROR(
      Check(XGBoosterLoadModelFromBuffer(booster.handle_, model.data(), model.size()),
            "XGBoosterLoadModelFromBuffer", &Status::Corruption));
  return booster;
}

XgbBooster& XgbBooster::operator=(XgbBooster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

XgbBooster::~XgbBooster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

Status XgbBooster::SetParam(const std::string& name, const std::string& value) {
  return Check(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
               fmt::format("XGBoosterSetParam({}={})", name, value));
}

Status XgbBooster::SetParams(const std::vector<std::pair<std::string, std::string>>& params) {
  for (const auto& [name, value] : params) ATTRITION_RETURN_IF_ERROR(SetParam(name, value));
  return Status::OK();
}

Status XgbBooster::UpdateOneIter(int iteration, const XgbDMatrix& train) {
  return Check(XGBoosterUpdateOneIter(handle_, iteration, train.handle()),
               "XGBoosterUpdateOneIter");
}

Result<std::vector<EvalEntry>> XgbBooster::EvalOneIter(int iteration,
                                                       std::span<const NamedDMatrix> sets) {
  std::vector<DMatrixHandle> handles;
  std::vector<const char*> names;
  for (const NamedDMatrix& set : sets) {
    handles.push_back(set.matrix->handle());
    names.push_back(set.name.c_str());
  }
  const char* line = nullptr;
  ATTRITION_RETURN_IF_ERROR(Check(
      XGBoosterEvalOneIter(handle_, iteration, handles.data(), names.data(), handles.size(), &line),
      "XGBoosterEvalOneIter"));
  return ParseEvalLine(line);
}

Result<std::vector<float>> XgbBooster::Predict(const XgbDMatrix& data,
                                               const PredictOptions& options) {
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  std::string config = PredictConfig(options.output_margin ? 1 : 0, options);
  ATTRITION_RETURN_IF_ERROR(Check(
      XGBoosterPredictFromDMatrix(handle_, data.handle(), config.c_str(), &shape, &dims, &result),
      "XGBoosterPredictFromDMatrix"));
  return CopyOut(shape, dims, result);
}

Result<std::vector<float>> XgbBooster::PredictDense(std::span<const float> values, size_t rows,
                                                    size_t cols,
                                                    const PredictOptions& options) const {
  if (values.size() != rows * cols) {
    return Status::InvalidArgument(
        fmt::format("{} values for {} rows of {} columns", values.size(), rows, cols));
  }
  std::string array =
      fmt::format(R"({{"data": [{}, true], "shape": [{}, {}], "typestr": "<f4", "version": 3}})",
                  reinterpret_cast<uintptr_t>(values.data()), rows, cols);
  std::string config = PredictConfig(options.output_margin ? 1 : 0, options);
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  ATTRITION_RETURN_IF_ERROR(Check(XGBoosterPredictFromDense(handle_, array.c_str(), config.c_str(),
                                                            nullptr, &shape, &dims, &result),
                                  "XGBoosterPredictFromDense"));
  return CopyOut(shape, dims, result);
}

Result<DenseMatrix> XgbBooster::Contributions(const XgbDMatrix& data, int iteration_end) {
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  std::string config = PredictConfig(2, PredictOptions{false, iteration_end});
  ATTRITION_RETURN_IF_ERROR(Check(
      XGBoosterPredictFromDMatrix(handle_, data.handle(), config.c_str(), &shape, &dims, &result),
      "XGBoosterPredictFromDMatrix(contributions)"));
  if (dims != 2) {
    return Status::Internal(fmt::format("SHAP contributions came back with {} dimensions", dims));
  }
  return DenseMatrix(shape[0], shape[1], CopyOut(shape, dims, result));
}

Result<XgbBooster> XgbBooster::Slice(int begin, int end) const {
  BoosterHandle out = nullptr;
  int rc = XGBoosterSlice(handle_, begin, end, 1, &out);
  if (rc == -2) {
    return Status::InvalidArgument(
        fmt::format("boosting rounds [{}, {}) are out of the model's range", begin, end));
  }
  ATTRITION_RETURN_IF_ERROR(Check(rc, "XGBoosterSlice"));
  return XgbBooster(out);
}

Result<int> XgbBooster::BoostedRounds() const {
  int rounds = 0;
  ATTRITION_RETURN_IF_ERROR(
      Check(XGBoosterBoostedRounds(handle_, &rounds), "XGBoosterBoostedRounds"));
  return rounds;
}

Result<size_t> XgbBooster::NumFeatures() const {
  bst_ulong features = 0;
  ATTRITION_RETURN_IF_ERROR(
      Check(XGBoosterGetNumFeature(handle_, &features), "XGBoosterGetNumFeature"));
  return static_cast<size_t>(features);
}

Result<std::string> XgbBooster::SaveJson() const {
  bst_ulong length = 0;
  const char* data = nullptr;
  ATTRITION_RETURN_IF_ERROR(
      Check(XGBoosterSaveModelToBuffer(handle_, R"({"format": "json"})", &length, &data),
            "XGBoosterSaveModelToBuffer"));
  return std::string(data, length);
}

Status XgbBooster::SaveFile(const std::filesystem::path& path) const {
  ATTRITION_ASSIGN_OR_RETURN(std::string json, SaveJson());
  return json_fields::WriteFileAtomically(path.string(), json);
}

}  // namespace attrition::model
