#include "features/customer_directory.h"

#include <algorithm>
#include <numeric>

#include "features/source_values.h"
#include "features/source_views.h"

namespace attrition::features {

bool CustomerDirectory::Value(int32_t value_code, std::string_view* out) const {
  if (value_code < 0) return false;
  *out = text_values_.Text(value_code);
  return true;
}
bool CustomerDirectory::Mrn(int32_t code, std::string_view* out) const {
  return Value(customers_[code].mrn, out);
}
bool CustomerDirectory::PayorType(int32_t code, std::string_view* out) const {
  return Value(customers_[code].payor, out);
}
bool CustomerDirectory::DiagnosisType(int32_t code, std::string_view* out) const {
  return Value(customers_[code].diagnosis, out);
}

int32_t CustomerDirectory::FindValue(const warehouse::RowCursor& cursor, int column) const {
  switch (cursor.Kind(column)) {
    case warehouse::ValueKind::kNull:
      return -1;
    case warehouse::ValueKind::kInteger:
      return integer_ids_.Find(cursor.Integer(column));
    default:
      break;
  }
  const std::string_view text = cursor.Text(column);
  int64_t value;
  return CanonicalInteger(text, &value) ? integer_ids_.Find(value) : ids_.Find(text);
}

namespace {
enum DetailsColumn { kId, kMrn, kBirth, kPayor, kDiagnosis, kInsulin, kAutoReorder };

int32_t NullableText(const warehouse::RowCursor& cursor, int column, TextInterner* values) {
  if (cursor.Kind(column) == warehouse::ValueKind::kNull) return -1;
  return values->Intern(cursor.Text(column));
}
}  // namespace

Result<CustomerDirectory> ReadCustomerDirectory(warehouse::Warehouse& warehouse,
                                                RejectCounts* counts) {
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, ScanView(warehouse, SourceViewNamed(kDetailsView)));
  CustomerDirectory read_order;  // codes in first-seen order
  int64_t rows = 0, bad_id = 0, duplicate = 0;
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    ++rows;
    IdBuffer buffer;
    const std::string_view id = IdValue(*cursor, kId, &buffer);
    if (id.empty()) {
      ++bad_id;
      continue;
    }
    const int32_t code = read_order.ids_.Intern(id);
    if (code < static_cast<int32_t>(read_order.customers_.size())) {
      ++duplicate;
      continue;
    }
    CustomerDirectory::Customer c;
    c.mrn = NullableText(*cursor, kMrn, &read_order.text_values_);
    c.payor = NullableText(*cursor, kPayor, &read_order.text_values_);
    c.diagnosis = NullableText(*cursor, kDiagnosis, &read_order.text_values_);
    c.birth = DateValue(*cursor, kBirth);
    c.insulin = DateValue(*cursor, kInsulin);
    c.auto_reorder = NumericValue(*cursor, kAutoReorder) == 1.0;  // I18
    read_order.customers_.push_back(c);
  }

  // Re-code in byte order of the id (I19).
  std::vector<int32_t> order(read_order.customers_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return read_order.ids_.Text(a) < read_order.ids_.Text(b);
  });
  CustomerDirectory directory;
  directory.text_values_ = std::move(read_order.text_values_);
  directory.customers_.reserve(order.size());
  int64_t bad_birth = 0, bad_insulin = 0;
  for (int32_t old_code : order) {
    const std::string_view id = read_order.ids_.Text(old_code);
    int64_t value;
    if (CanonicalInteger(id, &value)) directory.integer_ids_.Insert(value, directory.size());
    directory.ids_.Intern(id);
    const CustomerDirectory::Customer& c = read_order.customers_[old_code];
    bad_birth += c.birth == kBadDay;
    bad_insulin += c.insulin == kBadDay;
    directory.customers_.push_back(c);
  }
  const std::string_view view = kDetailsView;
  counts->Add(view, "rows", rows);
  counts->Add(view, "bad_customer_id", bad_id);
  counts->Add(view, "duplicate", duplicate);
  counts->Add(view, "accepted", directory.size());
  counts->Add(view, "nulled_birth_date", bad_birth);
  counts->Add(view, "nulled_insulin_start_date", bad_insulin);
  return directory;
}

}  // namespace attrition::features
