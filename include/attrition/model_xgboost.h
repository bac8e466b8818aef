// A thin, checked wrapper over XGBoost's C API (xgboost/c_api.h, 1.7): DMatrix and
// Booster handles with RAII, every call checked, XGBoost's own error text carried in
// the Status ("xgboost <call>: <XGBGetLastError text>").
//
// Models are saved in XGBoost's JSON format, which Python's xgboost.Booster().load_model
// reads whatever the file is named (attrition.model included).
//
// Thread safety: an XgbDMatrix may be read by many threads. An XgbBooster is used by one
// thread at a time, except PredictDense (XGBoost's in-place prediction), which may run
// concurrently with other PredictDense calls. XGBoost itself parallelises with OpenMP;
// set the "nthread" parameter to bound it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attrition/model_dense_matrix.h"
#include "attrition/status.h"

namespace attrition::model {

// "1.7.4": the linked library's version, for model lineage.
std::string XgboostVersion();

struct DMatrixOptions {
  std::span<const float> labels;           // empty: none; else one per row
  std::span<const float> weights;          // empty: none; else one per row
  std::vector<std::string> feature_names;  // empty: none; else one per column
  int threads = 0;                         // 0: all cores
};

// Training or prediction data inside XGBoost. Values are copied in; NaN is missing.
class XgbDMatrix {
 public:
  // InvalidArgument when a labels/weights/names size does not match; XGBoost errors.
  static Result<XgbDMatrix> FromDense(const DenseMatrix& x, const DMatrixOptions& options = {});

  XgbDMatrix(XgbDMatrix&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  XgbDMatrix& operator=(XgbDMatrix&& other) noexcept;
  XgbDMatrix(const XgbDMatrix&) = delete;
  XgbDMatrix& operator=(const XgbDMatrix&) = delete;
  ~XgbDMatrix();

  Result<size_t> NumRows() const;
  Result<size_t> NumCols() const;
  // The raw DMatrixHandle, for calls this wrapper does not cover. Owned by this object.
  void* handle() const { return handle_; }

 private:
  explicit XgbDMatrix(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;
};

// One "<data>-<metric>:<value>" entry of an evaluation line.
struct EvalEntry {
  std::string data;    // "valid"
  std::string metric;  // "auc"
  double value = 0;
};

// An evaluation set passed to EvalOneIter. The matrix must outlive the call.
struct NamedDMatrix {
  std::string name;
  const XgbDMatrix* matrix;
};

struct PredictOptions {
  bool output_margin = false;  // log-odds instead of probabilities
  int iteration_end = 0;       // 0: every tree; n: the first n boosting rounds
};

class XgbBooster {
 public:
  // A new booster whose training cache holds `cache` (the matrices it will train and
  // evaluate on; XGBoost keeps its own references, so they may be freed afterwards).
  static Result<XgbBooster> Create(std::span<const XgbDMatrix* const> cache);
  // Loads a model saved by SaveFile / Python (JSON, UBJSON or the old binary format).
  // IOError when the file cannot be read, Corruption when XGBoost rejects it.
  static Result<XgbBooster> LoadFile(const std::filesystem::path& path);
  static Result<XgbBooster> LoadFromBuffer(std::string_view model);

  XgbBooster(XgbBooster&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  XgbBooster& operator=(XgbBooster&& other) noexcept;
  XgbBooster(const XgbBooster&) = delete;
  XgbBooster& operator=(const XgbBooster&) = delete;
  ~XgbBooster();

  // InvalidArgument with XGBoost's text when it rejects a parameter (some are only
  // checked at the first UpdateOneIter).
  Status SetParam(const std::string& name, const std::string& value);
  Status SetParams(const std::vector<std::pair<std::string, std::string>>& params);

  // One boosting round on `train`. `iteration` counts from 0.
  Status UpdateOneIter(int iteration, const XgbDMatrix& train);
  // Evaluates the configured eval_metric(s) on `sets`, parsing XGBoost's
  // "[3]\tvalid-auc:0.81" line into entries in order.
  Result<std::vector<EvalEntry>> EvalOneIter(int iteration, std::span<const NamedDMatrix> sets);

  // One value per row (probabilities for binary:logistic, or margins).
  Result<std::vector<float>> Predict(const XgbDMatrix& data, const PredictOptions& options = {});
  // In-place prediction straight from row-major floats (no DMatrix). rows x cols values.
  Result<std::vector<float>> PredictDense(std::span<const float> values, size_t rows, size_t cols,
                                          const PredictOptions& options = {}) const;
  // SHAP contributions: rows x (features + 1), the last column the bias; each row sums
  // to the margin.
  Result<DenseMatrix> Contributions(const XgbDMatrix& data, int iteration_end = 0);

  // The first `end` boosting rounds as a new booster (rounds [begin, end)).
  // InvalidArgument when out of range.
  Result<XgbBooster> Slice(int begin, int end) const;
  Result<int> BoostedRounds() const;
  Result<size_t> NumFeatures() const;

  // XGBoost's JSON model document.
  Result<std::string> SaveJson() const;
  // Writes SaveJson() to `path` (any name; atomically replaced). IOError on failure.
  Status SaveFile(const std::filesystem::path& path) const;

  void* handle() const { return handle_; }

 private:
  explicit XgbBooster(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;
};

// Parses one evaluation line of XgbBooster::EvalOneIter. Corruption naming the line when
// an entry is not "<data>-<metric>:<number>".
Result<std::vector<EvalEntry>> ParseEvalLine(std::string_view line);

}  // namespace attrition::model
