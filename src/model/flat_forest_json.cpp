// ParseXgboostModel: XGBoost's JSON model document -> FlatForest.
#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <string>

#include "model/flat_forest.h"
#include "model/json_fields.h"

namespace attrition::model {
namespace {

using json_fields::Json;
constexpr std::string_view kDocument = "XGBoost model";

Status Corrupt(std::string message) {
  return Status::Corruption(fmt::format("{}: {}", kDocument, message));
}

// The numeric arrays of one tree, checked to describe `size` nodes.
struct TreeArrays {
  std::vector<int32_t> left, right;
  std::vector<uint32_t> split_index;
  std::vector<float> condition, sum_hessian;
  std::vector<bool> default_left;
};

template <typename T>
Result<std::vector<T>> NumberArray(const Json& tree, std::string_view key, size_t tree_index) {
  auto it = tree.find(key);
  if (it == tree.end() || !it->is_array()) {
    return Corrupt(fmt::format("tree {}: {} is missing or not a list", tree_index, key));
  }
  std::vector<T> out;
  out.reserve(it->size());
  for (const Json& value : *it) {
    if (value.is_boolean()) {
      out.push_back(static_cast<T>(value.get<bool>()));
    } else if (value.is_number()) {
      out.push_back(value.get<T>());
    } else {
      return Corrupt(fmt::format("tree {}: {} must hold numbers", tree_index, key));
    }
  }
  return out;
}

Result<TreeArrays> ReadTreeArrays(const Json& tree, size_t t) {
  TreeArrays a;
  ATTRITION_ASSIGN_OR_RETURN(a.left, NumberArray<int32_t>(tree, "left_children", t));
  ATTRITION_ASSIGN_OR_RETURN(a.right, NumberArray<int32_t>(tree, "right_children", t));
  ATTRITION_ASSIGN_OR_RETURN(a.split_index, NumberArray<uint32_t>(tree, "split_indices", t));
  ATTRITION_ASSIGN_OR_RETURN(a.condition, NumberArray<float>(tree, "split_conditions", t));
  ATTRITION_ASSIGN_OR_RETURN(a.sum_hessian, NumberArray<float>(tree, "sum_hessian", t));
  ATTRITION_ASSIGN_OR_RETURN(std::vector<int> default_left,
                             NumberArray<int>(tree, "default_left", t));
  a.default_left.assign(default_left.begin(), default_left.end());
  if (tree.contains("split_type")) {
    ATTRITION_ASSIGN_OR_RETURN(std::vector<int> types, NumberArray<int>(tree, "split_type", t));
    for (int type : types) {
      if (type != 0) {
        return Status::InvalidArgument(fmt::format(
            "{}: tree {} has categorical splits, which the native evaluator does not support",
            kDocument, t));
      }
    }
  }
  size_t n = a.left.size();
  auto check = [&](std::string_view name, size_t size) -> Status {
    if (size == n) return Status::OK();
    return Corrupt(fmt::format("tree {}: {} has {} entries for {} nodes", t, name, size, n));
  };
  if (n == 0) return Corrupt(fmt::format("tree {}: has no nodes", t));
  ATTRITION_RETURN_IF_ERROR(check("right_children", a.right.size()));
  ATTRITION_RETURN_IF_ERROR(check("split_indices", a.split_index.size()));
  ATTRITION_RETURN_IF_ERROR(check("split_conditions", a.condition.size()));
  ATTRITION_RETURN_IF_ERROR(check("sum_hessian", a.sum_hessian.size()));
  ATTRITION_RETURN_IF_ERROR(check("default_left", a.default_left.size()));
  return a;
}

// Appends one tree breadth first from its root, validating child links and features.
Status AppendTree(const TreeArrays& a, size_t t, FlatForest& forest) {
  const size_t n = a.left.size();
  const auto base = static_cast<int32_t>(forest.nodes.size());
  std::vector<int32_t> flat_of(n, -1);                   // original node id -> flat index
  std::deque<std::pair<int32_t, int>> queue = {{0, 0}};  // (original id, depth)
  flat_of[0] = base;
  forest.nodes.emplace_back();
  forest.roots.push_back(base);
  while (!queue.empty()) {
    auto [id, depth] = queue.front();
    queue.pop_front();
    FlatNode& node = forest.nodes[flat_of[id]];
    node.value = a.condition[id];
    forest.max_depth = std::max(forest.max_depth, depth);
    if (a.left[id] == -1) {
      node = FlatNode{a.condition[id], 0, -1};
      continue;
    }
    int32_t children[2] = {a.left[id], a.right[id]};
    for (int32_t child : children) {
      if (child < 0 || static_cast<size_t>(child) >= n || flat_of[child] != -1) {
        return Corrupt(fmt::format("tree {}: node {} has an invalid child {}", t, id, child));
      }
    }
    if (a.split_index[id] >= forest.num_features) {
      return Corrupt(fmt::format("tree {}: node {} splits on feature {} of {}", t, id,
                                 a.split_index[id], forest.num_features));
    }
    auto left = static_cast<int32_t>(forest.nodes.size());
    node = FlatNode{a.condition[id],
                    a.split_index[id] | (a.default_left[id] ? FlatNode::kDefaultLeft : 0u), left};
    for (int k = 0; k < 2; ++k) {
      flat_of[children[k]] = left + k;
      queue.emplace_back(children[k], depth + 1);
    }
    forest.nodes.emplace_back();
    forest.nodes.emplace_back();
  }
  forest.cover.resize(forest.nodes.size());
  for (size_t id = 0; id < n; ++id) {
    if (flat_of[id] >= 0) forest.cover[flat_of[id]] = a.sum_hessian[id];
  }
  return Status::OK();
}

// Mean values as XGBoost's FillNodeMeanValues computes them (float), children first:
// breadth-first numbering puts every child after its parent.
void FillMeanValues(FlatForest& forest) {
  forest.mean_value.resize(forest.nodes.size());
  for (size_t i = forest.nodes.size(); i-- > 0;) {
    const FlatNode& node = forest.nodes[i];
    if (node.IsLeaf()) {
      forest.mean_value[i] = node.value;
      continue;
    }
    float result = forest.mean_value[node.left] * forest.cover[node.left];
    result += forest.mean_value[node.left + 1] * forest.cover[node.left + 1];
    result /= forest.cover[i];
    forest.mean_value[i] = result;
  }
}

Result<float> ParseFloatText(const Json& object, std::string_view key) {
  ATTRITION_ASSIGN_OR_RETURN(std::string text, json_fields::String(object, key, kDocument));
  char* end = nullptr;
  float value = std::strtof(text.c_str(), &end);
  if (text.empty() || *end != '\0') {
    return Corrupt(fmt::format("{} \"{}\" is not a number", key, text));
  }
  return value;
}

// Objective, base score and feature count from learner.
Status ReadLearnerParams(const Json& learner, FlatForest& forest) {
  ATTRITION_ASSIGN_OR_RETURN(const Json* objective,
                             json_fields::Member(learner, "objective", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(std::string name, json_fields::String(*objective, "name", kDocument));
  if (name != "binary:logistic" && name != "reg:logistic") {
    return Status::InvalidArgument(fmt::format(
        "{}: objective {} is not supported by the native evaluator (expected binary:logistic)",
        kDocument, name));
  }
  ATTRITION_ASSIGN_OR_RETURN(const Json* params,
                             json_fields::Member(learner, "learner_model_param", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(float base_score, ParseFloatText(*params, "base_score"));
  ATTRITION_ASSIGN_OR_RETURN(float num_feature, ParseFloatText(*params, "num_feature"));
  if (params->contains("num_class")) {
    ATTRITION_ASSIGN_OR_RETURN(float num_class, ParseFloatText(*params, "num_class"));
    if (num_class > 1) {
      return Status::InvalidArgument(
          fmt::format("{}: multi-class models are not supported", kDocument));
    }
  }
  if (!(base_score > 0.0f && base_score < 1.0f)) {
    return Corrupt(fmt::format("base_score {} is not a probability", base_score));
  }
  forest.base_margin = -std::log(1.0f / base_score - 1.0f);  // XGBoost's ProbToMargin
  forest.num_features = static_cast<size_t>(num_feature);
  return Status::OK();
}

Result<const Json*> TreeList(const Json& learner) {
  ATTRITION_ASSIGN_OR_RETURN(const Json* booster,
                             json_fields::Member(learner, "gradient_booster", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(std::string name, json_fields::String(*booster, "name", kDocument));
  if (name != "gbtree") {
    return Status::InvalidArgument(
        fmt::format("{}: booster {} is not supported by the native evaluator (expected gbtree)",
                    kDocument, name));
  }
  ATTRITION_ASSIGN_OR_RETURN(const Json* model, json_fields::Member(*booster, "model", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(const Json* trees, json_fields::Member(*model, "trees", kDocument));
  if (!trees->is_array()) return Corrupt("trees must be a list");
  return trees;
}

}  // namespace

Result<FlatForest> ParseXgboostModel(std::string_view text) {
  ATTRITION_ASSIGN_OR_RETURN(Json document, json_fields::Parse(text, kDocument));
  ATTRITION_ASSIGN_OR_RETURN(const Json* learner,
                             json_fields::Member(document, "learner", kDocument));
  FlatForest forest;
  ATTRITION_RETURN_IF_ERROR(ReadLearnerParams(*learner, forest));
  ATTRITION_ASSIGN_OR_RETURN(const Json* trees, TreeList(*learner));
  for (size_t t = 0; t < trees->size(); ++t) {
    ATTRITION_ASSIGN_OR_RETURN(TreeArrays arrays, ReadTreeArrays((*trees)[t], t));
    ATTRITION_RETURN_IF_ERROR(AppendTree(arrays, t, forest));
  }
  FillMeanValues(forest);
  return forest;
}

}  // namespace attrition::model
