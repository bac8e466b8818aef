// FlatForest: every tree of an ensemble in one contiguous node array, the storage behind
// TreeEnsemble. Internal to the model library.
//
// Layout: each tree's nodes are numbered breadth first from its root, so a node's two
// children sit side by side (right = left + 1) and a tree's nodes are contiguous.
// Prediction touches only the 12-byte nodes; SHAP data lives in separate arrays.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "attrition/status.h"

namespace attrition::model {

struct FlatNode {
  static constexpr uint32_t kDefaultLeft = 1u << 31;  // missing values go left
  static constexpr uint32_t kFeatureMask = ~kDefaultLeft;

  float value;       // split threshold (x < value goes left), or the leaf value
  uint32_t feature;  // split feature index | kDefaultLeft
  int32_t left;      // index of the left child; -1 for a leaf

  bool IsLeaf() const { return left < 0; }
  uint32_t Feature() const { return feature & kFeatureMask; }
};

// Whether a row with value `x` goes left at a split (XGBoost's rule: float compare; NaN
// is missing and takes the default branch). Branch-free: NaN < value is false.
inline bool GoesLeft(float x, float value, uint32_t feature_bits) {
  unsigned less = x < value;
  unsigned missing_left = static_cast<unsigned>(std::isnan(x)) & (feature_bits >> 31);
  return (less | missing_left) != 0;
}

// One split of a tree as TreeSHAP by leaf paths reads it (path_shap.cpp). Node indices
// are relative to the tree's root.
struct ShapSplit {
  float value;
  uint32_t feature;  // | FlatNode::kDefaultLeft
  int32_t self;
  int32_t left;
  uint32_t slot;  // the split feature's slot on the path (see LeafPath)
};

// One leaf for TreeSHAP by leaf paths: slot k of its path is the k-th distinct feature
// met from the root.
struct LeafPath {
  uint32_t offset;  // into FlatForest::path_feature / path_zero / path_ratio
  uint32_t length;  // number of distinct features
  int64_t table;    // into FlatForest::leaf_table (2^length values), or -1: none
  int32_t node;     // relative to the tree's root
  float value;
  int64_t contrib;  // into FlatForest::leaf_contrib (2^length * length values), or -1
};

struct FlatForest {
  std::vector<FlatNode> nodes;
  std::vector<float> cover;       // sum of hessians reaching each node
  std::vector<float> mean_value;  // cover-weighted mean leaf value of each subtree
  std::vector<int32_t> roots;     // first node of each tree; a tree's nodes are contiguous
  int max_depth = 0;              // deepest leaf over all trees (root depth 0)
  size_t num_features = 0;
  float base_margin = 0;

  // TreeSHAP by leaf paths (filled by BuildLeafPaths). Tree t owns splits
  // [split_begin[t], split_begin[t + 1]) in parent-before-child order and leaves
  // [leaf_begin[t], leaf_begin[t + 1]).
  std::vector<ShapSplit> shap_splits;
  std::vector<uint32_t> split_begin;
  std::vector<LeafPath> leaf_paths;
  std::vector<uint32_t> leaf_begin;
  std::vector<uint32_t> path_feature;  // slot -> feature, per leaf path
  // slot -> the feature's index among its tree's features (tree_features), per leaf path
  std::vector<uint16_t> path_local;
  // Tree t's distinct split features, first met first: [tree_feature_begin[t],
  // tree_feature_begin[t + 1]) of tree_features.
  std::vector<uint32_t> tree_features;
  std::vector<uint32_t> tree_feature_begin;
  std::vector<double> path_zero;       // slot -> share z of the cover following the path
  std::vector<double> path_ratio;      // slot -> (1 - z) / z
  // Per tabled leaf and subset M of its slots: v * prod_{k not in M} z_k * H(M) (see
  // leaf_paths.cpp), so a leaf costs O(length) per row.
  std::vector<float> leaf_table;
  // Per tabled leaf of at most kMaxContribPath slots (while they fit in kContribBytes),
  // per agreement mask S and slot k: the double that TreeSHAP by leaf paths adds to phi
  // for slot k's feature, precomputed from leaf_table and path_ratio with the same
  // arithmetic (so the sums are the same to the bit) -- one load and one add per slot.
  std::vector<double> leaf_contrib;
  static constexpr int kMaxContribPath = 8;
  static constexpr size_t kContribBytes = size_t{64} << 20;
  int max_path_length = 0;
  size_t max_tree_nodes = 0;
  size_t max_tree_features = 0;

  // Nodes of tree t: [roots[t], TreeEnd(t)).
  int32_t TreeEnd(size_t t) const {
    return t + 1 < roots.size() ? roots[t + 1] : static_cast<int32_t>(nodes.size());
  }

  int32_t FindLeaf(int32_t root, const float* row) const {
    const FlatNode* base = nodes.data();
    int32_t index = root;
    while (!base[index].IsLeaf()) {
      const FlatNode& node = base[index];
      index = node.left + !GoesLeft(row[node.Feature()], node.value, node.feature);
    }
    return index;
  }
};

// Parses XGBoost's JSON model document into a forest (see TreeEnsemble::FromXgboostJson
// for the errors). The leaf paths are left for BuildLeafPaths.
Result<FlatForest> ParseXgboostModel(std::string_view json);

// Fills the leaf-path arrays of `forest` (nodes, cover and roots already set), with
// subset tables for leaves of at most `max_table_path` slots while they fit in
// `table_bytes`.
void BuildLeafPaths(FlatForest& forest, int max_table_path, size_t table_bytes);

// w_d(u) = u! (d-1-u)! / d!: the Shapley weight of a coalition of u of d players.
// REQUIRES: 1 <= d <= 64.
const double* ShapleyWeights(int d);

// Per-tree memo of PathShapRows (path_shap.cpp): the contributions of one tree, over its
// own features, for each pattern of split outcomes already computed. A row's pattern is
// one bit per split of the tree (whether the row goes left), and it fixes every leaf's
// agreement mask, hence the tree's contributions. Open addressing, linear probing.
struct TreePatternMemo {
  int words = 0;                 // 64-bit words per key; 0: this tree is not memoized
  size_t features = 0;           // the tree's feature count (values per entry)
  std::vector<uint64_t> keys;    // capacity * words
  std::vector<uint32_t> entry;   // per slot: entry index + 1, 0 when empty
  std::vector<float> values;     // per entry: `features` contributions
  size_t count = 0;
  bool growing = true;           // false once the byte budget stopped it growing
  uint64_t lookups = 0, hits = 0;
};

// A worker's memos for every tree of one forest, within a byte budget.
struct ShapMemoState {
  const FlatForest* forest = nullptr;  // the memos belong to this forest
  std::vector<TreePatternMemo> trees;
  size_t bytes = 0;
  size_t budget = 0;
};

// Per-thread working memory of the SHAP routines (resized as needed, then reused).
struct ShapScratch {
  std::vector<float> tree_phi;
  std::vector<char> path;  // storage for path elements
  std::vector<uint64_t> masks;
  std::vector<double> phi;
  std::vector<double> tree_acc;     // one tree's contributions over its features
  std::vector<float> tree_acc_float;  // the same, rounded: what the row gets
  std::vector<uint64_t> pattern;    // the block's rows' split outcomes in one tree
  std::vector<uint32_t> found;      // the block's rows' memo entries (+1; 0: none)
};

// SHAP contributions (num_features + 1 values per row, bias last).
// TreeShapRow is XGBoost's recursion (any depth). PathShapRows computes the same values
// from the leaf paths, several times faster, for `n` consecutive rows (row-major) into
// `out` (n x (num_features + 1)), tree by tree over the rows so each tree stays in
// cache. REQUIRES for PathShapRows: max_path_length <= 64.
void TreeShapRow(const FlatForest& forest, const float* row, float* out, ShapScratch& scratch);
// With `memo` (may be null), trees whose patterns repeat are looked up instead of
// recomputed; the results are the same to the bit with or without it.
void PathShapRows(const FlatForest& forest, const float* rows, size_t n, float* out,
                  ShapScratch& scratch, ShapMemoState* memo = nullptr);
inline void PathShapRow(const FlatForest& forest, const float* row, float* out,
                        ShapScratch& scratch) {
  PathShapRows(forest, row, 1, out, scratch);
}

}  // namespace attrition::model
