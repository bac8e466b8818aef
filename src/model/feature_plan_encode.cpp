// FeaturePlan::Apply (one request instance), Encode (a table) and EncodeTarget: the same
// rules in row and columnar form (see model_feature_plan.h).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "attrition/model_feature_plan.h"
#include "model/category_text.h"

namespace attrition::model {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

Status NotANumber(std::string_view what, std::string_view text) {
  return Status::InvalidArgument(fmt::format("{}: expected a number, got \"{}\"", what, text));
}

// Numeric values of a text column's dictionary entries; error at the first row holding
// an entry that is not a number.
Result<std::vector<float>> ParseDictionary(const RawColumn& column) {
  std::vector<float> values(column.dictionary().size());
  for (size_t code = 0; code < values.size(); ++code) {
    std::optional<double> number = ParseRawNumber(column.dictionary()[code]);
    if (number) {
      values[code] = static_cast<float>(*number);
      continue;
    }
    size_t row = 0;
    while (column.Code(row) != static_cast<int32_t>(code)) ++row;
    return NotANumber(fmt::format("column {} row {}", column.name(), row + 1),
                      column.dictionary()[code]);
  }
  return values;
}

Status FillNumeric(const RawColumn& column, size_t feature, DenseMatrix& out) {
  if (column.kind() == RawColumn::Kind::kNumeric) {
    for (size_t row = 0; row < out.rows(); ++row) {
      out.at(row, feature) = static_cast<float>(column.Number(row));
    }
    return Status::OK();
  }
  ATTRITION_ASSIGN_OR_RETURN(std::vector<float> values, ParseDictionary(column));
  for (size_t row = 0; row < out.rows(); ++row) {
    int32_t code = column.Code(row);
    out.at(row, feature) = code == RawColumn::kNullCode ? kMissing : values[code];
  }
  return Status::OK();
}

void FillDummy(const RawColumn& column, const std::string& category, size_t feature,
               DenseMatrix& out) {
  if (column.kind() == RawColumn::Kind::kNumeric) {
    for (size_t row = 0; row < out.rows(); ++row) {
      double value = column.Number(row);
      out.at(row, feature) = !std::isnan(value) && CategoryText(value) == category ? 1.0f : 0.0f;
    }
    return;
  }
  const auto& dictionary = column.dictionary();
  auto it = std::find(dictionary.begin(), dictionary.end(), category);
  int32_t match = it == dictionary.end() ? -2 : static_cast<int32_t>(it - dictionary.begin());
  for (size_t row = 0; row < out.rows(); ++row) {
    out.at(row, feature) = column.Code(row) == match ? 1.0f : 0.0f;
  }
}

// Label of one target value; nullopt when the value is not a label.
std::optional<float> TextLabel(std::string_view value, const std::optional<std::string>& positive) {
  if (positive) return value == *positive ? 1.0f : 0.0f;
  if (value == "0") return 0.0f;
  if (value == "1") return 1.0f;
  return std::nullopt;
}

}  // namespace

Status FeaturePlan::Apply(std::span<const RawField> row, std::span<float> out) const {
  std::copy(defaults_.begin(), defaults_.end(), out.begin());
  for (const RawField& field : row) {
    const InputSlot* slot = FindSlot(field.name);
    if (slot == nullptr) continue;
    ATTRITION_RETURN_IF_ERROR(ApplyField(*slot, field.value, out));
  }
  return Status::OK();
}

Status FeaturePlan::ApplyField(const InputSlot& slot, const RawField::Value& value,
                               std::span<float> out) const {
  if (std::holds_alternative<std::monostate>(value)) return Status::OK();
  const double* number = std::get_if<double>(&value);
  const std::string_view* text = std::get_if<std::string_view>(&value);
  if (!slot.numeric_features.empty()) {
    std::optional<double> parsed = number ? *number : ParseRawNumber(*text);
    if (!parsed) return NotANumber(fmt::format("field {}", slot.column), *text);
    for (int feature : slot.numeric_features) out[feature] = static_cast<float>(*parsed);
  }
  if (!slot.categories.empty()) {
    CategoryBuffer buffer;
    std::string_view key = text ? *text : FormatCategoryText(*number, buffer);
    auto [first, last] = std::equal_range(
        slot.categories.begin(), slot.categories.end(), key, [](const auto& a, const auto& b) {
          if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string_view>) {
            return a < std::string_view(b.first);
          } else {
            return std::string_view(a.first) < b;
          }
        });
    for (auto it = first; it != last; ++it) out[it->second] = 1.0f;
  }
  return Status::OK();
}

Result<DenseMatrix> FeaturePlan::Encode(const RawTable& table, const EncodeOptions& options) const {
  ATTRITION_RETURN_IF_ERROR(table.Validate());
  DenseMatrix out(table.num_rows(), num_features());
  for (size_t feature = 0; feature < num_features(); ++feature) {
    const FeatureSource& source = sources_[feature];
    const RawColumn* column = table.Find(source.column);
    if (column == nullptr) {
      if (!options.allow_missing_columns) {
        return Status::InvalidArgument(
            fmt::format("column {}, read by feature {}, is not in the table", source.column,
                        feature_names_[feature]));
      }
      for (size_t row = 0; row < out.rows(); ++row) out.at(row, feature) = defaults_[feature];
    } else if (source.category) {
      FillDummy(*column, *source.category, feature, out);
    } else {
      ATTRITION_RETURN_IF_ERROR(FillNumeric(*column, feature, out));
    }
  }
  return out;
}

Result<std::vector<float>> FeaturePlan::EncodeTarget(const RawTable& table) const {
  const RawColumn* column = table.Find(spec_.target);
  if (column == nullptr) {
    return Status::InvalidArgument(fmt::format("target {} is not in the table", spec_.target));
  }
  const auto& positive = spec_.positive_class;
  std::vector<float> labels(column->size(), kMissing);
  for (size_t row = 0; row < labels.size(); ++row) {
    std::optional<float> label;
    std::string text;
    if (column->kind() == RawColumn::Kind::kNumeric) {
      double value = column->Number(row);
      if (std::isnan(value)) continue;
      text = CategoryText(value);
      label = TextLabel(text, positive);
    } else {
      std::optional<std::string_view> value = column->Text(row);
      if (!value) continue;
      text = std::string(*value);
      label = TextLabel(text, positive);
    }
    if (!label) {
      return Status::InvalidArgument(fmt::format(
          "target {} row {} holds \"{}\"; expected 0 or 1, or set train.positive_class to the "
          "value that means 1",
          spec_.target, row + 1, text));
    }
    labels[row] = *label;
  }
  return labels;
}

}  // namespace attrition::model
