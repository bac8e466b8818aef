// FeaturePlan: the one encoding code path shared by training, batch scoring and the
// endpoint (SPEC 7 step 2; peers/python_ref/plan.py is the reference).
//
// Encoding rule: each column in dummy_cols becomes one 0/1 column per category seen in
// training, named "<column without a leading IS_>_<value>" ("IS_PAYOR_TYPE" = "Managed
// Medicaid" gives "PAYOR_TYPE_Managed Medicaid"); then rename_cols applies; then
// `features` selects and orders; then `drop` removes identifiers; `target` is split off.
// Categories that rename_cols names but training lacks still get their 0/1 column.
//
// The plan records, for every model feature, its source: a raw numeric column, or a
// (dummy column, category) pair. At inference an unseen category encodes as all zeros
// for its group, and a missing or NULL numeric value as NaN (XGBoost's "missing").
//
// Serialised as feature_plan.json in the same layout as plan.py writes (see
// docs/model_format.md), so either implementation reads the other's plan.
//
// Thread safety: a built FeaturePlan is immutable; all const methods may be called
// concurrently.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attrition/model_dense_matrix.h"
#include "attrition/model_raw_table.h"
#include "attrition/status.h"

namespace attrition::model {

// The train-config pieces a plan is built from (train.dummy_cols, rename_cols, features,
// drop, target, positive_class). Plain data: the config subsystem fills it.
struct FeaturePlanSpec {
  std::vector<std::string> dummy_cols;
  std::vector<std::pair<std::string, std::string>> rename_cols;  // from -> to
  std::vector<std::string> features;
  std::vector<std::string> drop;
  std::string target;
  // The target value that means 1 when the target column holds text (such as "Yes").
  std::optional<std::string> positive_class;
};

// What the training table looks like: its column names and, for each dummy column, the
// distinct non-NULL values seen (as text; see CategoryText for numbers).
struct TrainingColumns {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<std::string>> categories;
};

// Where one model feature comes from.
struct FeatureSource {
  std::string column;                   // the raw column read
  std::optional<std::string> category;  // set: 1 when column == category, else 0
};

struct EncodeOptions {
  // false: a source column absent from the table is an error (training, batch scoring).
  // true: it encodes as missing / all zeros, as Apply does.
  bool allow_missing_columns = false;
};

class FeaturePlan {
 public:
  // Builds the plan from the config and the training table's columns and categories.
  // Errors (InvalidArgument) name the offending column or feature: a dummy column or the
  // target not in the table, a feature that is neither a (renamed) column nor a dummy,
  // a feature listed twice, no feature left after drop and target.
  static Result<FeaturePlan> Build(const FeaturePlanSpec& spec, const TrainingColumns& data);
  // The same, taking columns and categories from a training table.
  static Result<FeaturePlan> Build(const FeaturePlanSpec& spec, const RawTable& data);

  // Parses feature_plan.json text. Corruption naming the field on a malformed plan.
  static Result<FeaturePlan> FromJson(std::string_view json);
  std::string ToJson() const;
  // File forms of FromJson / ToJson. IOError naming the path when it cannot be read or
  // written.
  static Result<FeaturePlan> LoadFile(const std::filesystem::path& path);
  Status SaveFile(const std::filesystem::path& path) const;

  // Model feature names in model-column order (the order of DenseMatrix columns).
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  size_t num_features() const { return feature_names_.size(); }
  // REQUIRES: i < num_features().
  const FeatureSource& source(size_t i) const { return sources_[i]; }
  // The raw columns the plan reads, in order of first use (for a SELECT list).
  std::vector<std::string> InputColumns() const;
  const FeaturePlanSpec& spec() const { return spec_; }
  const std::string& target() const { return spec_.target; }

  // Encodes one instance of named raw fields into `out` (model-column order). Fields
  // the plan does not read are ignored; absent or NULL fields give NaN / zeros; a number
  // given for a dummy column matches its CategoryText. Allocation-free.
  // InvalidArgument naming the field when a numeric field holds text that is not a
  // number. REQUIRES: out.size() == num_features().
  Status Apply(std::span<const RawField> row, std::span<float> out) const;

  // Encodes every row of `table` (columnar form of Apply, same rules).
  // InvalidArgument naming the column (and row, value) when a source column is missing
  // (unless options allow it) or a numeric source holds non-numeric text.
  Result<DenseMatrix> Encode(const RawTable& table, const EncodeOptions& options = {}) const;

  // The target column as labels: 1, 0, or NaN for NULL (unlabelled). A text target
  // needs positive_class (the value meaning 1; all other values are 0); without one,
  // only "0" / "1" are accepted. InvalidArgument naming the column, row and value
  // otherwise, or when the target column is missing.
  Result<std::vector<float>> EncodeTarget(const RawTable& table) const;

 private:
  // A raw input column and what Apply writes from it.
  struct InputSlot {
    std::string column;
    std::vector<int> numeric_features;                    // feature indices
    std::vector<std::pair<std::string, int>> categories;  // sorted by value
  };

  FeaturePlan() = default;
  static Result<FeaturePlan> Create(FeaturePlanSpec spec, std::vector<std::string> names,
                                    std::vector<FeatureSource> sources);
  void Compile();
  const InputSlot* FindSlot(std::string_view column) const;
  Status ApplyField(const InputSlot& slot, const RawField::Value& value,
                    std::span<float> out) const;

  FeaturePlanSpec spec_;
  std::vector<std::string> feature_names_;
  std::vector<FeatureSource> sources_;
  std::vector<InputSlot> slots_;  // sorted by column
  std::vector<float> defaults_;   // NaN for numeric features, 0 for dummies
};

}  // namespace attrition::model
