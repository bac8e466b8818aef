#include "sources/id_writer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sources/catalogue.h"
#include "sources/cell_text.h"
#include "sources/random.h"

namespace attrition::sources {
namespace {

constexpr int64_t kFirstCustomerId = 1'000'001;
constexpr int64_t kFirstMrn = 20'000'000;
constexpr uint64_t kDroppedCustomerStream = 0;

std::string AlnumCustomerId(int64_t customer) {
  return std::string(CellText::PrefixedNumber("C-", kFirstCustomerId + customer, 10).view());
}

std::string AlnumProductId(const Product& product) {
  const std::string_view code = product.category == "PUMP"           ? "PU"
                                : product.category == "INFUSION_SET" ? "IS"
                                : product.category == "RESERVOIR"    ? "RE"
                                                                     : "SE";
  return "P-" + std::string(code) + "-" + std::to_string(product.id);
}

}  // namespace

std::vector<bool> ChooseDroppedCustomers(const GenerateOptions& options) {
  const int64_t n = options.customers;
  std::vector<bool> dropped(n, false);
  const auto k = static_cast<int64_t>(std::nearbyint(options.dirty * static_cast<double>(n)));
  if (k == 0) return dropped;
  // Partial Fisher-Yates: the first k of a uniformly shuffled 0..n-1.
  Rng rng(options.seed, StreamDomain::kFaults, kDroppedCustomerStream);
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (int64_t i = 0; i < k; ++i) {
    std::swap(order[i], order[rng.Integer(i, n)]);
    dropped[order[i]] = true;
  }
  return dropped;
}

IdWriter::IdWriter(IdStyle style, std::vector<bool> dropped)
    : style_(style), dropped_(std::move(dropped)) {
  const int64_t n = static_cast<int64_t>(dropped_.size());
  for (int64_t i = 0; i < n; ++i) dropped_count_ += dropped_[i];
  if (style_ != IdStyle::kAlnum || dropped_count_ == n) return;
  std::vector<int64_t> kept;
  for (int64_t i = 0; i < n; ++i) {
    if (!dropped_[i]) kept.push_back(i);
  }
  for (int64_t i = 0; i < n; ++i) {
    if (!dropped_[i]) continue;
    // The next kept customer after i, wrapping around (gen.py: searchsorted % size).
    const size_t pos = std::lower_bound(kept.begin(), kept.end(), i) - kept.begin();
    near_miss_customer_[i] = NearMiss(AlnumCustomerId(kept[pos % kept.size()]), i);
  }
}

warehouse::ColumnType IdWriter::id_type() const {
  return style_ == IdStyle::kAlnum ? warehouse::ColumnType::kText : warehouse::ColumnType::kInteger;
}

void IdWriter::SetCustomer(warehouse::RowWriter& row, int column, int64_t customer) const {
  if (style_ == IdStyle::kNumeric) {
    row.SetInteger(column, kFirstCustomerId + customer);
  } else if (dropped_[customer]) {
    row.SetText(column, near_miss_customer_.at(customer));
  } else {
    row.SetText(column, CellText::PrefixedNumber("C-", kFirstCustomerId + customer, 10).view());
  }
}

void IdWriter::SetMrn(warehouse::RowWriter& row, int column, int64_t customer) const {
  row.SetText(column, CellText::PrefixedNumber("MRN", kFirstMrn + 7 * customer, 8).view());
}

void IdWriter::SetProduct(warehouse::RowWriter& row, int column, int product_id) const {
  if (style_ == IdStyle::kNumeric) {
    row.SetInteger(column, product_id);
    return;
  }
  if (product_id < kUnknownProductBase) {
    row.SetText(column, AlnumProductId(kProducts[ProductIndex(product_id)]));
    return;
  }
  const int k = product_id - kUnknownProductBase;
  const int count = static_cast<int>(kProducts.size());
  row.SetText(column, NearMiss(AlnumProductId(kProducts[k % count]), k / count));
}

void IdWriter::SetOrder(warehouse::RowWriter& row, int column, int64_t order_id) const {
  if (style_ == IdStyle::kNumeric) {
    row.SetInteger(column, order_id);
  } else {
    row.SetText(column, CellText::PrefixedNumber("ORD-", order_id, 1).view());
  }
}

void IdWriter::SetTouchpoint(warehouse::RowWriter& row, int column, int64_t touchpoint_id) const {
  if (style_ == IdStyle::kNumeric) {
    row.SetInteger(column, touchpoint_id);
  } else {
    row.SetText(column, CellText::PrefixedNumber("TP-", touchpoint_id, 1).view());
  }
}

}  // namespace attrition::sources
