// The accepted rows of PA_PATIENT_DETAILS_VW: one per customer, coded 0..n-1 in the byte
// order of CUSTOMER_ID (I19), which is the row order of every table written.
//
// Reading applies the details rules of I4 (bad_customer_id, then duplicate: the first row
// in read order wins) and nulls a bad BIRTH_DATE / INSULIN_START_DATE (counted, not
// rejected). Immutable after ReadCustomerDirectory(); safe to share between threads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "features/id_coder.h"
#include "features/reject_counts.h"
#include "features/text_interner.h"

namespace attrition::features {

class CustomerDirectory {
 public:
  int32_t size() const { return ids_.size(); }
  // The code of the customer whose CUSTOMER_ID is exactly `id`, or -1 (also for '').
  int32_t Find(std::string_view id) const { return ids_.Find(id); }
  // Find() of the text form of the value in `column` of the cursor's row (integer ids are
  // looked up by value, without formatting them).
  int32_t FindValue(const warehouse::RowCursor& cursor, int column) const;

  // REQUIRES: 0 <= code < size() for all accessors below.
  std::string_view Id(int32_t code) const { return ids_.Text(code); }
  // Nullable text columns: false when the value is NULL.
  bool Mrn(int32_t code, std::string_view* out) const;
  bool PayorType(int32_t code, std::string_view* out) const;
  bool DiagnosisType(int32_t code, std::string_view* out) const;
  bool auto_reorder(int32_t code) const { return customers_[code].auto_reorder; }
  // kBadDay (source_values.h) when NULL or not a valid date (I17).
  Day birth_date(int32_t code) const { return customers_[code].birth; }
  Day insulin_start_date(int32_t code) const { return customers_[code].insulin; }

 private:
  friend Result<CustomerDirectory> ReadCustomerDirectory(warehouse::Warehouse&, RejectCounts*);
  struct Customer {
    int32_t mrn = -1;  // codes in text_values_, -1 = NULL
    int32_t payor = -1;
    int32_t diagnosis = -1;
    Day birth = 0;
    Day insulin = 0;
    bool auto_reorder = false;
  };
  bool Value(int32_t value_code, std::string_view* out) const;

  TextInterner ids_;          // code = rank in byte order
  IntCodeMap integer_ids_;    // the ids that are canonical decimal integers, by value
  TextInterner text_values_;  // MRN, PAYOR_TYPE and DIAGNOSIS_TYPE values
  std::vector<Customer> customers_;
};

// Reads PA_PATIENT_DETAILS_VW; adds its rule counts to `counts`.
Result<CustomerDirectory> ReadCustomerDirectory(warehouse::Warehouse& warehouse,
                                                RejectCounts* counts);

}  // namespace attrition::features
