// Parses {"instances": [{"FIELD": value, ...}, ...]}: named raw fields, encoded through
// the model's feature plan (one-hot, rename, order) into model rows.
//
// Every raw column the plan reads must be present in each instance (null = missing
// value); fields the training config knows but the model does not read (identifiers,
// the target, ...) are ignored; any other field is an error, so a misspelt name cannot
// silently become a missing value.
#pragma once

#include <string_view>

#include "attrition/status.h"
#include "serve/row_batch.h"
#include "serve/serving_model.h"

namespace attrition::serve {

// Fills `out` with one row per instance. InvalidArgument naming the problem:
//   "malformed JSON at byte 12: ...",
//   "expected {\"instances\": [{field: value, ...}, ...]}: ...",
//   "instance 1: missing fields \"AGE\", \"IS_PAYOR_TYPE\" (use null for a missing value)",
//   "instance 0: unknown field \"AEG\" (the model reads: AGE, ...)",
//   "instance 0: field \"AGE\": expected a number, got the text \"old\"".
Status ParseInstances(std::string_view body, const ServingModel& model, RowBatch& out);

}  // namespace attrition::serve
