#include <fmt/format.h>

#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "attrition/model_raw_table.h"
#include "model/category_text.h"

namespace attrition::model {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

bool IsNullSpelling(std::string_view text) {
  return text.empty() || EqualsIgnoreCase(text, "na") || EqualsIgnoreCase(text, "nan") ||
         EqualsIgnoreCase(text, "null") || EqualsIgnoreCase(text, "none");
}

}  // namespace

RawColumn::RawColumn(std::string name, Kind kind) : name_(std::move(name)), kind_(kind) {}

void RawColumn::AppendNull() {
  if (kind_ == Kind::kNumeric) {
    numbers_.push_back(kNaN);
  } else {
    codes_.push_back(kNullCode);
  }
}

void RawColumn::AppendNumber(double value) {
  assert(kind_ == Kind::kNumeric);
  numbers_.push_back(value);
}

void RawColumn::AppendText(std::string_view value) {
  assert(kind_ == Kind::kText);
  auto it = index_.find(value);
  if (it == index_.end()) {
    auto code = static_cast<int32_t>(dictionary_.size());
    dictionary_.emplace_back(value);
    it = index_.emplace(std::string(value), code).first;
  }
  codes_.push_back(it->second);
}

std::optional<std::string_view> RawColumn::Text(size_t row) const {
  int32_t code = codes_[row];
  if (code == kNullCode) return std::nullopt;
  return std::string_view(dictionary_[code]);
}

RawColumn& RawTable::AddColumn(std::string name, RawColumn::Kind kind) {
  assert(Find(name) == nullptr);
  columns_.push_back(std::make_unique<RawColumn>(std::move(name), kind));
  return *columns_.back();
}

const RawColumn* RawTable::Find(std::string_view name) const {
  for (const auto& column : columns_) {
    if (column->name() == name) return column.get();
  }
  return nullptr;
}

RawColumn* RawTable::Find(std::string_view name) {
  return const_cast<RawColumn*>(std::as_const(*this).Find(name));
}

std::vector<std::string> RawTable::ColumnNames() const {
  std::vector<std::string> names;
  names.reserve(columns_.size());
  for (const auto& column : columns_) names.push_back(column->name());
  return names;
}

Status RawTable::Validate() const {
  for (const auto& column : columns_) {
    if (column->size() != num_rows()) {
      return Status::InvalidArgument(fmt::format("column {} has {} rows but column {} has {}",
                                                 column->name(), column->size(),
                                                 columns_.front()->name(), num_rows()));
    }
  }
  return Status::OK();
}

std::string CategoryText(double value) {
  CategoryBuffer buffer;
  return std::string(FormatCategoryText(value, buffer));
}

std::optional<double> ParseRawNumber(std::string_view text) {
  text = Trim(text);
  if (IsNullSpelling(text)) return kNaN;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace attrition::model
