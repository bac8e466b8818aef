// FeaturePlan::Build and the lookup tables Apply uses (see model_feature_plan.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "attrition/model_feature_plan.h"

namespace attrition::model {
namespace {

// "IS_PAYOR_TYPE" -> "PAYOR_TYPE_": the prefix of a dummy column's 0/1 columns.
std::string DummyPrefix(const std::string& column) {
  std::string_view name = column;
  if (name.starts_with("IS_")) name.remove_prefix(3);
  return std::string(name) + "_";
}

using Dummy = std::pair<std::string, std::string>;  // (column, category)

// Encoded (pre-rename) dummy column name -> (column, category), as plan.py builds it.
std::map<std::string, Dummy> EncodedDummies(const FeaturePlanSpec& spec,
                                            const TrainingColumns& data) {
  std::map<std::string, Dummy> encoded;
  for (const std::string& column : spec.dummy_cols) {
    auto it = data.categories.find(column);
    if (it == data.categories.end()) continue;
    for (const std::string& value : it->second) {
      encoded[DummyPrefix(column) + value] = {column, value};
    }
  }
  // Categories rename_cols knows but the training data lacks.
  for (const auto& [from, to] : spec.rename_cols) {
    for (const std::string& column : spec.dummy_cols) {
      std::string prefix = DummyPrefix(column);
      if (from.starts_with(prefix) && !encoded.contains(from)) {
        encoded[from] = {column, from.substr(prefix.size())};
      }
    }
  }
  return encoded;
}

class SourceResolver {
 public:
  SourceResolver(const FeaturePlanSpec& spec, const TrainingColumns& data) : spec_(spec) {
    for (const auto& [from, to] : spec.rename_cols) rename_[from] = to;
    for (const auto& [name, dummy] : EncodedDummies(spec, data)) dummies_[Renamed(name)] = dummy;
    for (const std::string& column : data.columns) columns_[Renamed(column)] = column;
  }

  Result<FeatureSource> Resolve(const std::string& feature) const {
    if (auto it = dummies_.find(feature); it != dummies_.end()) {
      return FeatureSource{it->second.first, it->second.second};
    }
    if (auto it = columns_.find(feature); it != columns_.end()) {
      if (IsDummyColumn(it->second)) {
        return Status::InvalidArgument(fmt::format(
            "feature {} is the dummy column {} itself; list its 0/1 columns (such as {}<value>) "
            "instead",
            feature, it->second, DummyPrefix(it->second)));
      }
      return FeatureSource{it->second, std::nullopt};
    }
    for (const std::string& column : spec_.dummy_cols) {
      std::string prefix = DummyPrefix(column);
      if (feature.starts_with(prefix)) return FeatureSource{column, feature.substr(prefix.size())};
    }
    return Status::InvalidArgument(
        fmt::format("feature {} is neither a column of the training table nor a 0/1 column of "
                    "the dummy columns [{}]",
                    feature, fmt::join(spec_.dummy_cols, ", ")));
  }

 private:
  std::string Renamed(const std::string& name) const {
    auto it = rename_.find(name);
    return it == rename_.end() ? name : it->second;
  }
  bool IsDummyColumn(const std::string& column) const {
    return std::find(spec_.dummy_cols.begin(), spec_.dummy_cols.end(), column) !=
           spec_.dummy_cols.end();
  }

  const FeaturePlanSpec& spec_;
  std::map<std::string, std::string> rename_;
  std::map<std::string, Dummy> dummies_;        // renamed dummy name -> source
  std::map<std::string, std::string> columns_;  // renamed column name -> column
};

Status CheckColumnsPresent(const FeaturePlanSpec& spec, const TrainingColumns& data) {
  std::set<std::string> columns(data.columns.begin(), data.columns.end());
  for (const std::string& column : spec.dummy_cols) {
    if (!columns.contains(column)) {
      return Status::InvalidArgument(
          fmt::format("dummy column {} is not a column of the training table", column));
    }
  }
  if (!columns.contains(spec.target)) {
    return Status::InvalidArgument(
        fmt::format("target {} is not a column of the training table", spec.target));
  }
  return Status::OK();
}

std::vector<std::string> DistinctCategories(const RawColumn& column) {
  std::set<std::string> values;
  if (column.kind() == RawColumn::Kind::kText) {
    values.insert(column.dictionary().begin(), column.dictionary().end());
  } else {
    for (size_t row = 0; row < column.size(); ++row) {
      if (!std::isnan(column.Number(row))) values.insert(CategoryText(column.Number(row)));
    }
  }
  return {values.begin(), values.end()};
}

}  // namespace

Result<FeaturePlan> FeaturePlan::Build(const FeaturePlanSpec& spec, const TrainingColumns& data) {
  ATTRITION_RETURN_IF_ERROR(CheckColumnsPresent(spec, data));
  SourceResolver resolver(spec, data);
  std::set<std::string> dropped(spec.drop.begin(), spec.drop.end());
  std::set<std::string> seen;
  std::vector<std::string> names;
  std::vector<FeatureSource> sources;
  for (const std::string& feature : spec.features) {
    if (dropped.contains(feature) || feature == spec.target) continue;
    if (!seen.insert(feature).second) {
      return Status::InvalidArgument(fmt::format("feature {} is listed twice", feature));
    }
    ATTRITION_ASSIGN_OR_RETURN(FeatureSource source, resolver.Resolve(feature));
    names.push_back(feature);
    sources.push_back(std::move(source));
  }
  return Create(spec, std::move(names), std::move(sources));
}

Result<FeaturePlan> FeaturePlan::Build(const FeaturePlanSpec& spec, const RawTable& data) {
  ATTRITION_RETURN_IF_ERROR(data.Validate());
  TrainingColumns columns{data.ColumnNames(), {}};
  for (const std::string& dummy : spec.dummy_cols) {
    if (const RawColumn* column = data.Find(dummy)) {
      columns.categories[dummy] = DistinctCategories(*column);
    }
  }
  return Build(spec, columns);
}

Result<FeaturePlan> FeaturePlan::Create(FeaturePlanSpec spec, std::vector<std::string> names,
                                        std::vector<FeatureSource> sources) {
  if (names.empty()) {
    return Status::InvalidArgument(
        "no model feature is left once drop and the target are taken out of features");
  }
  FeaturePlan plan;
  plan.spec_ = std::move(spec);
  plan.feature_names_ = std::move(names);
  plan.sources_ = std::move(sources);
  plan.Compile();
  return plan;
}

void FeaturePlan::Compile() {
  std::map<std::string, InputSlot> slots;
  defaults_.assign(sources_.size(), 0.0f);
  for (size_t i = 0; i < sources_.size(); ++i) {
    const FeatureSource& source = sources_[i];
    InputSlot& slot = slots[source.column];
    slot.column = source.column;
    if (source.category) {
      slot.categories.emplace_back(*source.category, static_cast<int>(i));
    } else {
      slot.numeric_features.push_back(static_cast<int>(i));
      defaults_[i] = std::numeric_limits<float>::quiet_NaN();
    }
  }
  slots_.clear();
  for (auto& [column, slot] : slots) {
    std::sort(slot.categories.begin(), slot.categories.end());
    slots_.push_back(std::move(slot));
  }
}

const FeaturePlan::InputSlot* FeaturePlan::FindSlot(std::string_view column) const {
  auto it = std::lower_bound(
      slots_.begin(), slots_.end(), column,
      [](const InputSlot& slot, std::string_view name) { return slot.column < name; });
  return it != slots_.end() && it->column == column ? &*it : nullptr;
}

std::vector<std::string> FeaturePlan::InputColumns() const {
  std::vector<std::string> columns;
  for (const FeatureSource& source : sources_) {
    if (std::find(columns.begin(), columns.end(), source.column) == columns.end()) {
      columns.push_back(source.column);
    }
  }
  return columns;
}

}  // namespace attrition::model
