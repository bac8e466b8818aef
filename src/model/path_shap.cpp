// Exact TreeSHAP by leaf paths: the values of Lundberg et al.'s algorithm 2 (and of
// XGBoost's pred_contribs), computed leaf by leaf instead of by recursion.
//
// For one leaf with value v, let P be the d distinct features on its path, z_k the share
// of the training cover that follows the path's splits on feature k, and S the features
// whose splits the row itself follows (missing values take the default branch). With
// features in U fixed to the row's values the leaf is reached with weight
// prod_{k in U} [k in S] * prod_{k in P\U} z_k, so its Shapley values are
//
//   k not in S:  phi_k -= prod_{j in P\S} z_j * H(S)
//   k in S:      phi_k += (1 - z_k) * prod_{j in P\S} z_j * H(S \ {k})
//   H(M) = v * sum_u w_d(u) e_{|M|-u}(z_M),   w_d(u) = u! (d-1-u)! / d!
//
// where e_m is the m-th elementary symmetric polynomial. Per row and tree this costs one
// pass over the splits (which slots of each leaf the row agrees with, as bit masks) and,
// per leaf, O(d) with the subset table of leaf_paths.cpp or O(d^2) without; XGBoost's
// recursion spends O(d) per node plus O(d^2) divisions per leaf. Arithmetic is in
// double; results match XGBoost's float recursion to float rounding.
#include <algorithm>
#include <array>
#include <bit>

#include "model/flat_forest.h"

namespace attrition::model {
namespace {

constexpr int kMaxPath = 64;

// Adds one leaf's contributions, from its table, for a row that agrees with the path on
// the slots in `mask`. Branch-free over the slots: which ones agree is data, not code.
inline void AddTabledLeaf(const FlatForest& forest, const LeafPath& path, uint64_t mask,
                          double* phi) {
  const int d = static_cast<int>(path.length);
  const uint32_t* feature = forest.path_feature.data() + path.offset;
  const double* ratio = forest.path_ratio.data() + path.offset;
  const float* table = forest.leaf_table.data() + path.table;
  const uint64_t agree = mask & ((uint64_t{1} << d) - 1);
  const uint64_t disagree_bits = std::bit_cast<uint64_t>(-static_cast<double>(table[agree]));
  for (int k = 0; k < d; ++k) {
    const uint64_t agree_bits =
        std::bit_cast<uint64_t>(ratio[k] * table[agree ^ (uint64_t{1} << k)]);
    // All ones when slot k agrees: a select on bits, which compilers keep branch-free.
    const uint64_t select = uint64_t{0} - ((agree >> k) & 1);
    phi[feature[k]] += std::bit_cast<double>((agree_bits & select) | (disagree_bits & ~select));
  }
}

// The same from the leaf's precomputed values (leaf_contrib): one load and add per slot.
inline void AddContribLeaf(const FlatForest& forest, const LeafPath& path, uint64_t mask,
                           double* phi) {
  const uint32_t d = path.length;
  const uint32_t* feature = forest.path_feature.data() + path.offset;
  const uint64_t agree = mask & ((uint64_t{1} << d) - 1);
  const double* add = forest.leaf_contrib.data() + path.contrib + agree * d;
  for (uint32_t k = 0; k < d; ++k) phi[feature[k]] += add[k];
}

// The same without a table: O(d^2) per leaf.
void AddDirectLeaf(const FlatForest& forest, const LeafPath& path, uint64_t mask, double* phi) {
  const int d = static_cast<int>(path.length);
  if (d == 0) return;
  const double* z = forest.path_zero.data() + path.offset;
  const uint32_t* feature = forest.path_feature.data() + path.offset;
  const double* w = ShapleyWeights(d);
  std::array<double, kMaxPath + 1> e;  // e_j(z_S), j = 0..m
  e[0] = 1;
  int m = 0;
  double outside = path.value;  // v * prod of z over the slots the row disagrees with
  for (int k = 0; k < d; ++k) {
    if ((mask >> k) & 1) {
      e[++m] = 0;
      for (int j = m; j > 0; --j) e[j] += z[k] * e[j - 1];
    } else {
      outside *= z[k];
    }
  }
  if (m < d) {
    double h = 0;
    for (int u = 0; u <= m; ++u) h += w[u] * e[m - u];
    for (int k = 0; k < d; ++k) {
      if (!((mask >> k) & 1)) phi[feature[k]] -= outside * h;
    }
  }
  for (int k = 0; k < d; ++k) {
    if (!((mask >> k) & 1)) continue;
    double g = 1, h = w[m - 1];  // g_j = e_j(z_{S\k}), by dividing out (1 + z_k t)
    for (int j = 1; j < m; ++j) {
      g = e[j] - z[k] * g;
      h += g * w[m - 1 - j];
    }
    phi[feature[k]] += (1 - z[k]) * outside * h;
  }
}

}  // namespace

// Which slots of each leaf's path the row agrees with: a mask per node, narrowed at each
// split for the branch the row does not take.
inline void ComputeMasks(const ShapSplit* split, const ShapSplit* end, const float* row,
                         uint64_t* masks) {
  masks[0] = ~uint64_t{0};
  for (; split != end; ++split) {
    const bool left =
        GoesLeft(row[split->feature & FlatNode::kFeatureMask], split->value, split->feature);
    const uint64_t mask = masks[split->self];
    const uint64_t narrowed = mask & ~(uint64_t{1} << split->slot);
    masks[split->left] = left ? mask : narrowed;
    masks[split->left + 1] = left ? narrowed : mask;
  }
}

// Each row accumulates into kCopies interleaved copies of phi, leaf by leaf in turn:
// sibling leaves update the same features, and separate copies keep those additions
// from waiting on each other.
constexpr size_t kCopies = 4;

void PathShapRows(const FlatForest& forest, const float* rows, size_t n, float* out,
                  ShapScratch& scratch) {
  const size_t features = forest.num_features;
  const size_t width = features + 1;
  const size_t row_stride = kCopies * width;
  scratch.phi.assign(n * row_stride, 0.0);
  scratch.masks.resize(forest.max_tree_nodes);
  uint64_t* masks = scratch.masks.data();
  // Tree by tree over the block, so a tree's splits and tables stay in cache.
  for (size_t t = 0; t < forest.roots.size(); ++t) {
    const ShapSplit* splits = forest.shap_splits.data() + forest.split_begin[t];
    const ShapSplit* splits_end = forest.shap_splits.data() + forest.split_begin[t + 1];
    const LeafPath* leaves = forest.leaf_paths.data() + forest.leaf_begin[t];
    const size_t leaf_count = forest.leaf_begin[t + 1] - forest.leaf_begin[t];
    const double mean = forest.mean_value[forest.roots[t]];
    for (size_t r = 0; r < n; ++r) {
      double* phi = scratch.phi.data() + r * row_stride;
      phi[width - 1] += mean;
      ComputeMasks(splits, splits_end, rows + r * features, masks);
      for (size_t l = 0; l < leaf_count; ++l) {
        const LeafPath& leaf = leaves[l];
        double* copy = phi + (l % kCopies) * width;
        if (leaf.contrib >= 0) {
          AddContribLeaf(forest, leaf, masks[leaf.node], copy);
        } else if (leaf.table >= 0) {
          AddTabledLeaf(forest, leaf, masks[leaf.node], copy);
        } else {
          AddDirectLeaf(forest, leaf, masks[leaf.node], copy);
        }
      }
    }
  }
  for (size_t r = 0; r < n; ++r) {
    const double* phi = scratch.phi.data() + r * row_stride;
    for (size_t i = 0; i < width; ++i) {
      double sum = 0;
      for (size_t c = 0; c < kCopies; ++c) sum += phi[c * width + i];
      if (i + 1 == width) sum += forest.base_margin;
      out[r * width + i] = static_cast<float>(sum);
    }
  }
}

}  // namespace attrition::model
