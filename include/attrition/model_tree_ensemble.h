// TreeEnsemble: a native evaluator for a trained XGBoost binary:logistic model, read from
// XGBoost's JSON model document (attrition.model). Gives the same probabilities as
// XGBoost (to float rounding) and exact TreeSHAP contributions: the values of Lundberg
// et al.'s algorithm 2, which XGBoost's pred_contribs computes, found leaf path by leaf
// path (src/model/path_shap.cpp) about ten times faster than XGBoost does.
//
// All trees are flattened into one contiguous node array (siblings adjacent), so a
// single-row prediction is a few cache-friendly loops with no allocation: the endpoint's
// path. Batches run in parallel over rows.
//
// Thread safety: immutable once built; every const method may be called concurrently.
// Copies are cheap and share the node arrays.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "attrition/model_reasons.h"
#include "attrition/model_dense_matrix.h"
#include "attrition/status.h"

namespace attrition::model {

struct FlatForest;      // the node arrays (src/model/flat_forest.h)
struct ShapMemoState;  // one worker's memos (src/model/flat_forest.h)

// Memory that makes batch SHAP over many calls faster: per worker thread and tree, the
// contributions of each pattern of split outcomes already computed (rows that take the
// same side of every split of a tree get the same contributions from it). The results
// are the same to the bit with or without it. Owned by one caller at a time (not
// thread-safe); holds at most `bytes_per_worker` per worker thread; follows the
// ensemble it is used with (starting over when that changes).
class ShapMemo {
 public:
  explicit ShapMemo(size_t bytes_per_worker = size_t{64} << 20);
  ~ShapMemo();
  ShapMemo(const ShapMemo&) = delete;
  ShapMemo& operator=(const ShapMemo&) = delete;

  // Lookups and hits so far, over all workers and trees.
  uint64_t lookups() const;
  uint64_t hits() const;
  size_t bytes() const;

 private:
  friend class TreeEnsemble;
  // Worker `index`'s memos for `forest` (all of them start over when the forest changes).
  ShapMemoState& Worker(const std::shared_ptr<const FlatForest>& forest, size_t index);

  size_t bytes_per_worker_;
  std::shared_ptr<const FlatForest> forest_;  // kept alive: the memos hold its patterns
  std::vector<std::unique_ptr<ShapMemoState>> workers_;
};

struct BatchOptions {
  int threads = 0;            // 0: one per hardware thread
  ShapMemo* memo = nullptr;   // for Contributions over many batches (may be null)
};

struct TreeEnsembleOptions {
  // SHAP precomputes, per leaf whose path has at most `max_table_path` distinct
  // features, a table of 2^features floats that makes contributions several times
  // faster; at most `shap_table_bytes` in all. Leaves without a table are computed
  // directly (same values, slower).
  int max_table_path = 12;
  size_t shap_table_bytes = size_t{256} << 20;
};

class TreeEnsemble {
 public:
  // Parses XGBoost's JSON model (learner.gradient_booster.model.trees ...). Corruption
  // naming the tree and field when the document is malformed; InvalidArgument for
  // models this evaluator does not handle (objective other than binary:logistic /
  // reg:logistic, dart or linear boosters, categorical splits, multi-class).
  static Result<TreeEnsemble> FromXgboostJson(std::string_view model_json,
                                              const TreeEnsembleOptions& options = {});
  // The file form; IOError naming the path when it cannot be read.
  static Result<TreeEnsemble> LoadFile(const std::filesystem::path& path,
                                       const TreeEnsembleOptions& options = {});

  size_t num_features() const;
  size_t num_trees() const;
  size_t num_nodes() const;
  // Bytes of SHAP tables built (see TreeEnsembleOptions).
  size_t shap_table_bytes() const;
  // log-odds added to the trees' sum (from learner_model_param.base_score).
  float base_margin() const;

  // REQUIRES for every row-form call: row.size() == num_features(); NaN is missing.
  // Allocation-free.
  float PredictMargin(std::span<const float> row) const;
  // The probability of the positive class: sigmoid of the margin, computed as XGBoost
  // does.
  float PredictProbability(std::span<const float> row) const;

  // One probability per row of `x`. REQUIRES: x.cols() == num_features().
  std::vector<float> PredictProbabilities(const DenseMatrix& x,
                                          const BatchOptions& options = {}) const;

  // SHAP contributions of one row into `out` (num_features() + 1 values, the last the
  // bias); they sum to PredictMargin(row). Allocation-free after a thread's first call
  // (per-thread scratch). REQUIRES: out.size() == num_features() + 1.
  void Contributions(std::span<const float> row, std::span<float> out) const;
  // rows x (num_features() + 1). REQUIRES: x.cols() == num_features().
  DenseMatrix Contributions(const DenseMatrix& x, const BatchOptions& options = {}) const;

 private:
  explicit TreeEnsemble(std::shared_ptr<const FlatForest> forest) : forest_(std::move(forest)) {}
  std::shared_ptr<const FlatForest> forest_;
};

}  // namespace attrition::model
