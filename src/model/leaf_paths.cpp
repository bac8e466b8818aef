// BuildLeafPaths: the per-leaf data of TreeSHAP by leaf paths (see path_shap.cpp for the
// method). For each leaf: its distinct path features ("slots"), the share z_k of the
// cover that follows the path's splits on each, and, when small enough, a table over
// every subset M of the slots of
//
//   C[M] = v * prod_{k not in M} z_k * sum_u w_d(u) e_{|M|-u}(z_M)
//
// with which a row that agrees with the path on slots S gets
//   phi_k -= C[S]                          for k not in S
//   phi_k += (1 - z_k) / z_k * C[S \ {k}]  for k in S.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <utility>

#include "model/flat_forest.h"

namespace attrition::model {
namespace {

constexpr int kMaxPath = 64;
// Below this the products in C underflow float precision; such leaves are computed
// without a table.
constexpr double kMinTableProduct = 1e-30;

using Path = std::vector<std::pair<uint32_t, double>>;  // (feature, zero fraction) per slot

struct Builder {
  FlatForest& forest;
  int max_table_path;
  size_t table_budget;  // values left
  int32_t root = 0;     // of the tree being visited

  bool Tabulable(const Path& path) const {
    if (static_cast<int>(path.size()) > max_table_path) return false;
    if ((size_t{1} << path.size()) > table_budget) return false;
    double product = 1;
    for (const auto& slot : path) product *= slot.second;
    return product >= kMinTableProduct;
  }

  void AddTable(const Path& path, double value) {
    const int d = static_cast<int>(path.size());
    const size_t subsets = size_t{1} << d;
    const double* w = ShapleyWeights(d);
    // e_j(z_M) for every M, built from M without its lowest slot.
    std::vector<double> e(subsets * (d + 1), 0.0);
    e[0] = 1;
    for (size_t m = 1; m < subsets; ++m) {
      int k = std::countr_zero(m);
      size_t prev = m & (m - 1);
      int count = std::popcount(prev);
      double* out = &e[m * (d + 1)];
      const double* in = &e[prev * (d + 1)];
      std::copy(in, in + count + 1, out);
      out[count + 1] = 0;
      for (int j = count + 1; j > 0; --j) out[j] += path[k].second * out[j - 1];
    }
    for (size_t m = 0; m < subsets; ++m) {
      int size = std::popcount(m);
      double outside = value;
      for (int k = 0; k < d; ++k) {
        if (!((m >> k) & 1)) outside *= path[k].second;
      }
      double h = 0;
      for (int u = 0; u <= size && u < d; ++u) h += w[u] * e[m * (d + 1) + size - u];
      forest.leaf_table.push_back(static_cast<float>(outside * h));
    }
    table_budget -= subsets;
  }

  // The values AddTabledLeaf (path_shap.cpp) adds, by agreement mask and slot: the same
  // expressions, so the same doubles.
  void AddContrib(const LeafPath& leaf) {
    const uint32_t d = leaf.length;
    const double* ratio = forest.path_ratio.data() + leaf.offset;
    const float* table = forest.leaf_table.data() + leaf.table;
    for (uint64_t agree = 0; agree < (uint64_t{1} << d); ++agree) {
      for (uint32_t k = 0; k < d; ++k) {
        forest.leaf_contrib.push_back(((agree >> k) & 1)
                                          ? ratio[k] * table[agree ^ (uint64_t{1} << k)]
                                          : -static_cast<double>(table[agree]));
      }
    }
  }

  void AddLeaf(int32_t index, const Path& path) {
    const FlatNode& node = forest.nodes[index];
    LeafPath leaf{static_cast<uint32_t>(forest.path_feature.size()),
                  static_cast<uint32_t>(path.size()), -1, index - root, node.value, -1};
    for (const auto& [feature, zero] : path) {
      forest.path_feature.push_back(feature);
      forest.path_zero.push_back(zero);
      forest.path_ratio.push_back(zero > 0 ? (1 - zero) / zero : 0.0);
    }
    if (Tabulable(path)) {
      leaf.table = static_cast<int64_t>(forest.leaf_table.size());
      AddTable(path, node.value);
      const size_t d = path.size();
      const size_t values = (size_t{1} << d) * d;
      if (static_cast<int>(d) <= FlatForest::kMaxContribPath &&
          (forest.leaf_contrib.size() + values) * sizeof(double) <= FlatForest::kContribBytes) {
        leaf.contrib = static_cast<int64_t>(forest.leaf_contrib.size());
        AddContrib(leaf);
      }
    }
    forest.leaf_paths.push_back(leaf);
    forest.max_path_length = std::max(forest.max_path_length, static_cast<int>(path.size()));
  }

  // Preorder, so every split comes after its parent's.
  void Visit(int32_t index, const Path& path) {
    const FlatNode& node = forest.nodes[index];
    if (node.IsLeaf()) {
      AddLeaf(index, path);
      return;
    }
    uint32_t feature = node.Feature();
    size_t slot = 0;
    while (slot < path.size() && path[slot].first != feature) ++slot;
    forest.shap_splits.push_back({node.value, node.feature, index - root, node.left - root,
                                  static_cast<uint32_t>(std::min<size_t>(slot, 63))});
    const double cover = forest.cover[index];
    for (int32_t child : {node.left, node.left + 1}) {
      double zero = cover > 0 ? forest.cover[child] / cover : 0.0;
      Path next = path;
      if (slot == path.size()) {
        next.emplace_back(feature, zero);
      } else {
        next[slot].second *= zero;
      }
      Visit(child, next);
    }
  }
};

// Each tree's distinct split features (in split order) and, per path slot, the slot
// feature's index among them: PathShapRows sums a tree over its own features first.
void AddTreeFeatures(FlatForest& forest) {
  std::vector<int32_t> local(forest.num_features, -1);
  forest.path_local.assign(forest.path_feature.size(), 0);
  for (size_t t = 0; t + 1 < forest.split_begin.size(); ++t) {
    const uint32_t begin = static_cast<uint32_t>(forest.tree_features.size());
    forest.tree_feature_begin.push_back(begin);
    for (uint32_t s = forest.split_begin[t]; s < forest.split_begin[t + 1]; ++s) {
      const uint32_t feature = forest.shap_splits[s].feature & FlatNode::kFeatureMask;
      if (local[feature] < 0) {
        local[feature] = static_cast<int32_t>(forest.tree_features.size() - begin);
        forest.tree_features.push_back(feature);
      }
    }
    for (uint32_t l = forest.leaf_begin[t]; l < forest.leaf_begin[t + 1]; ++l) {
      const LeafPath& leaf = forest.leaf_paths[l];
      for (uint32_t k = 0; k < leaf.length; ++k) {
        forest.path_local[leaf.offset + k] =
            static_cast<uint16_t>(local[forest.path_feature[leaf.offset + k]]);
      }
    }
    forest.max_tree_features =
        std::max<size_t>(forest.max_tree_features, forest.tree_features.size() - begin);
    for (size_t i = begin; i < forest.tree_features.size(); ++i) local[forest.tree_features[i]] = -1;
  }
  forest.tree_feature_begin.push_back(static_cast<uint32_t>(forest.tree_features.size()));
}

}  // namespace

const double* ShapleyWeights(int d) {
  static const auto* table = [] {
    auto* w = new std::array<std::array<double, kMaxPath>, kMaxPath + 1>();
    for (int n = 1; n <= kMaxPath; ++n) {
      (*w)[n][0] = 1.0 / n;
      for (int u = 0; u + 1 < n; ++u) (*w)[n][u + 1] = (*w)[n][u] * (u + 1) / (n - 1 - u);
    }
    return w;
  }();
  return (*table)[d].data();
}

void BuildLeafPaths(FlatForest& forest, int max_table_path, size_t table_bytes) {
  Builder builder{forest, std::min(max_table_path, 20), table_bytes / sizeof(float)};
  for (size_t t = 0; t < forest.roots.size(); ++t) {
    forest.max_tree_nodes =
        std::max(forest.max_tree_nodes, static_cast<size_t>(forest.TreeEnd(t) - forest.roots[t]));
    forest.split_begin.push_back(static_cast<uint32_t>(forest.shap_splits.size()));
    forest.leaf_begin.push_back(static_cast<uint32_t>(forest.leaf_paths.size()));
    builder.root = forest.roots[t];
    builder.Visit(forest.roots[t], {});
  }
  forest.split_begin.push_back(static_cast<uint32_t>(forest.shap_splits.size()));
  forest.leaf_begin.push_back(static_cast<uint32_t>(forest.leaf_paths.size()));
  AddTreeFeatures(forest);
}

}  // namespace attrition::model
