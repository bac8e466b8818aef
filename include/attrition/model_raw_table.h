// RawTable: raw, not yet encoded columns as read from the warehouse (the input of
// FeaturePlan::Build and FeaturePlan::Encode), and RawField, one named value of a
// request (the input of FeaturePlan::Apply).
//
// A column is numeric (doubles, NaN = NULL) or text (dictionary-encoded: each distinct
// string is stored once, rows hold a code), so a million rows of a categorical column
// cost four bytes each.
//
// Thread safety: const methods may be called concurrently; appending needs exclusive
// access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "attrition/status.h"

namespace attrition::model {

class RawColumn {
 public:
  enum class Kind { kNumeric, kText };
  static constexpr int32_t kNullCode = -1;

  RawColumn(std::string name, Kind kind);

  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  size_t size() const { return kind_ == Kind::kNumeric ? numbers_.size() : codes_.size(); }

  void AppendNull();
  // REQUIRES: kind() == kNumeric. NaN is NULL.
  void AppendNumber(double value);
  // REQUIRES: kind() == kText.
  void AppendText(std::string_view value);

  // REQUIRES: kind() == kNumeric, row < size(). NaN when NULL.
  double Number(size_t row) const { return numbers_[row]; }
  // REQUIRES: kind() == kText, row < size(). kNullCode when NULL, else an index into
  // dictionary().
  int32_t Code(size_t row) const { return codes_[row]; }
  // The distinct strings of a text column, in order of first appearance.
  const std::vector<std::string>& dictionary() const { return dictionary_; }
  // REQUIRES: kind() == kText, row < size(). nullopt when NULL.
  std::optional<std::string_view> Text(size_t row) const;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::string name_;
  Kind kind_;
  std::vector<double> numbers_;
  std::vector<int32_t> codes_;
  std::vector<std::string> dictionary_;
  std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> index_;
};

class RawTable {
 public:
  RawTable() = default;
  RawTable(RawTable&&) = default;
  RawTable& operator=(RawTable&&) = default;

  // Adds an empty column and returns it (the reference stays valid while the table
  // lives). REQUIRES: no column of that name yet.
  RawColumn& AddColumn(std::string name, RawColumn::Kind kind);

  // nullptr when there is no such column. Names are matched exactly.
  const RawColumn* Find(std::string_view name) const;
  RawColumn* Find(std::string_view name);

  size_t num_columns() const { return columns_.size(); }
  // REQUIRES: i < num_columns().
  const RawColumn& column(size_t i) const { return *columns_[i]; }
  std::vector<std::string> ColumnNames() const;

  // Rows of the first column (0 without columns). See Validate().
  size_t num_rows() const { return columns_.empty() ? 0 : columns_.front()->size(); }

  // InvalidArgument naming the first column whose length differs from the first one's.
  Status Validate() const;

 private:
  std::vector<std::unique_ptr<RawColumn>> columns_;
};

// One named value of a request instance: NULL, a number or a text. The views must
// outlive the call they are passed to.
struct RawField {
  using Value = std::variant<std::monostate, double, std::string_view>;
  std::string_view name;
  Value value;
};

// The text form of a number used to match categories: integers without a decimal point
// ("1"), other values in their shortest round-trip form ("0.25").
std::string CategoryText(double value);

// Parses `text` as a number for a numeric column. NULL-like spellings (empty, blanks,
// "NA", "NaN", "null", "None", any case) give NaN; anything else that is not a number
// is nullopt, for the caller to report.
std::optional<double> ParseRawNumber(std::string_view text);

}  // namespace attrition::model
