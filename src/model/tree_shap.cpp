// Exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature
// Attribution for Tree Ensembles", algorithm 2) over a FlatForest.
//
// The recursion follows XGBoost's RegTree::TreeShap (src/tree/tree_model.cc) operation
// for operation in float, so contributions agree with pred_contribs to float rounding:
// every node of every tree is visited once per row; a path of unique features carries
// the weights of all subsets; a leaf adds its value to each feature on its path.
#include <algorithm>
#include <cstring>

#include "model/flat_forest.h"

namespace attrition::model {
namespace {

struct PathElement {
  int feature_index;
  float zero_fraction;  // share of the cover that goes this way
  float one_fraction;   // 1 when the row goes this way, else 0
  float pweight;        // weight of the subsets of this size
};

void ExtendPath(PathElement* path, unsigned depth, float zero_fraction, float one_fraction,
                int feature_index) {
  path[depth] = {feature_index, zero_fraction, one_fraction, depth == 0 ? 1.0f : 0.0f};
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    path[i + 1].pweight += one_fraction * path[i].pweight * (i + 1) / static_cast<float>(depth + 1);
    path[i].pweight = zero_fraction * path[i].pweight * (depth - i) / static_cast<float>(depth + 1);
  }
}

void UnwindPath(PathElement* path, unsigned depth, unsigned path_index) {
  const float one_fraction = path[path_index].one_fraction;
  const float zero_fraction = path[path_index].zero_fraction;
  float next_one_portion = path[depth].pweight;
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    if (one_fraction != 0) {
      const float tmp = path[i].pweight;
      path[i].pweight = next_one_portion * (depth + 1) / static_cast<float>((i + 1) * one_fraction);
      next_one_portion =
          tmp - path[i].pweight * zero_fraction * (depth - i) / static_cast<float>(depth + 1);
    } else {
      path[i].pweight =
          (path[i].pweight * (depth + 1)) / static_cast<float>(zero_fraction * (depth - i));
    }
  }
  for (unsigned i = path_index; i < depth; ++i) {
    path[i].feature_index = path[i + 1].feature_index;
    path[i].zero_fraction = path[i + 1].zero_fraction;
    path[i].one_fraction = path[i + 1].one_fraction;
  }
}

// The total permutation weight if the element at `path_index` were unwound.
float UnwoundPathSum(const PathElement* path, unsigned depth, unsigned path_index) {
  const float one_fraction = path[path_index].one_fraction;
  const float zero_fraction = path[path_index].zero_fraction;
  float next_one_portion = path[depth].pweight;
  float total = 0;
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    if (one_fraction != 0) {
      const float tmp = next_one_portion * (depth + 1) / static_cast<float>((i + 1) * one_fraction);
      total += tmp;
      next_one_portion =
          path[i].pweight - tmp * zero_fraction * ((depth - i) / static_cast<float>(depth + 1));
    } else if (zero_fraction != 0) {
      total += (path[i].pweight / zero_fraction) / ((depth - i) / static_cast<float>(depth + 1));
    }
  }
  return total;
}

class TreeShap {
 public:
  TreeShap(const FlatForest& forest, const float* row, float* phi)
      : nodes_(forest.nodes.data()), cover_(forest.cover.data()), row_(row), phi_(phi) {}

  // Visits the subtree of `node`, the path so far in parent_path[0..depth).
  void Recurse(int32_t node_index, unsigned depth, PathElement* parent_path,
               float parent_zero_fraction, float parent_one_fraction, int parent_feature) const {
    const FlatNode& node = nodes_[node_index];
    PathElement* path = parent_path + depth + 1;
    std::copy(parent_path, parent_path + depth + 1, path);
    ExtendPath(path, depth, parent_zero_fraction, parent_one_fraction, parent_feature);
    if (node.IsLeaf()) {
      for (unsigned i = 1; i <= depth; ++i) {
        const float w = UnwoundPathSum(path, depth, i);
        const PathElement& element = path[i];
        phi_[element.feature_index] +=
            w * (element.one_fraction - element.zero_fraction) * node.value;
      }
      return;
    }
    const unsigned split = node.Feature();
    const int32_t hot = node.left + !GoesLeft(row_[split], node.value, node.feature);
    const int32_t cold = hot == node.left ? node.left + 1 : node.left;
    const float w = cover_[node_index];
    const float hot_zero_fraction = cover_[hot] / w;
    const float cold_zero_fraction = cover_[cold] / w;
    float incoming_zero_fraction = 1;
    float incoming_one_fraction = 1;
    // A feature already on the path is unwound and re-extended with both splits combined.
    unsigned path_index = 0;
    for (; path_index <= depth; ++path_index) {
      if (static_cast<unsigned>(path[path_index].feature_index) == split) break;
    }
    if (path_index != depth + 1) {
      incoming_zero_fraction = path[path_index].zero_fraction;
      incoming_one_fraction = path[path_index].one_fraction;
      UnwindPath(path, depth, path_index);
      depth -= 1;
    }
    Recurse(hot, depth + 1, path, hot_zero_fraction * incoming_zero_fraction, incoming_one_fraction,
            static_cast<int>(split));
    Recurse(cold, depth + 1, path, cold_zero_fraction * incoming_zero_fraction, 0,
            static_cast<int>(split));
  }

 private:
  const FlatNode* nodes_;
  const float* cover_;
  const float* row_;
  float* phi_;
};

}  // namespace

void TreeShapRow(const FlatForest& forest, const float* row, float* out, ShapScratch& scratch) {
  const size_t width = forest.num_features + 1;
  const size_t max_path = static_cast<size_t>(forest.max_depth) + 2;
  const size_t path_elements = (max_path + 1) * (max_path + 2) / 2;
  if (scratch.path.size() < path_elements * sizeof(PathElement)) {
    scratch.path.resize(path_elements * sizeof(PathElement));
  }
  scratch.tree_phi.resize(width);
  auto* path = reinterpret_cast<PathElement*>(scratch.path.data());
  float* tree_phi = scratch.tree_phi.data();
  std::fill(out, out + width, 0.0f);
  for (int32_t root : forest.roots) {
    std::fill(tree_phi, tree_phi + width, 0.0f);
    tree_phi[width - 1] += forest.mean_value[root];
    TreeShap(forest, row, tree_phi).Recurse(root, 0, path, 1, 1, -1);
    for (size_t i = 0; i < width; ++i) out[i] += tree_phi[i];
  }
  out[width - 1] += forest.base_margin;
}

}  // namespace attrition::model
