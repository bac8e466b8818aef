// The seed config's train section (seed/config.yaml) as a FeaturePlanSpec, and a small
// PA_MODELING_DATASET-like table to build plans from: shared by the model tests.
#pragma once

#include <string>
#include <vector>

#include "attrition/model_feature_plan.h"

namespace attrition::testing {

inline model::FeaturePlanSpec SeedPlanSpec() {
  model::FeaturePlanSpec spec;
  spec.dummy_cols = {"IS_PAYOR_TYPE", "IS_DIAGNOSIS_TYPE"};
  spec.rename_cols = {{"PAYOR_TYPE_Commercial", "PAYOR_TYPE_COMMERCIAL"},
                      {"PAYOR_TYPE_Generic-Other", "PAYOR_TYPE_GENERIC_OTHER"},
                      {"PAYOR_TYPE_Managed Medicaid", "PAYOR_TYPE_MANAGED_MEDICAID"},
                      {"PAYOR_TYPE_Managed Medicare", "PAYOR_TYPE_MANAGED_MEDICARE"},
                      {"PAYOR_TYPE_Medicare", "PAYOR_TYPE_MEDICARE"},
                      {"PAYOR_TYPE_Pharmacy", "PAYOR_TYPE_PHARMACY"},
                      {"PAYOR_TYPE_State Medicaid", "PAYOR_TYPE_STATE_MEDICAID"},
                      {"PAYOR_TYPE_VA/Military", "PAYOR_TYPE_VA_MILITARY"},
                      {"DIAGNOSIS_TYPE_TYPE 1", "DIAGNOSIS_TYPE_TYPE_1"},
                      {"DIAGNOSIS_TYPE_TYPE 2", "DIAGNOSIS_TYPE_TYPE_2"}};
  spec.features = {"CUSTOMER_ID",
                   "MRN",
                   "MONTH",
                   "NUM_AGE",
                   "NUM_YEARS_ON_INSULIN",
                   "IS_AUTO_REORDER_FLAG",
                   "IS_ATTRITION_FLAG_C",
                   "LENGTH_OF_WARRANTY_IN_MONTHS",
                   "IS_WARRANTY_ACTIVE",
                   "IS_SR",
                   "NUM_CUM_ACTIVE_MONTH",
                   "NUM_LAST_ORDER_CUM_ACTIVE_MONTHS",
                   "NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE",
                   "NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE",
                   "NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE",
                   "NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE",
                   "NUM_INFUSION_SET_RESIDUAL_ADJ",
                   "PAYOR_TYPE_COMMERCIAL",
                   "PAYOR_TYPE_GENERIC_OTHER",
                   "PAYOR_TYPE_MANAGED_MEDICAID",
                   "PAYOR_TYPE_MANAGED_MEDICARE",
                   "PAYOR_TYPE_MEDICARE",
                   "PAYOR_TYPE_PHARMACY",
                   "PAYOR_TYPE_STATE_MEDICAID",
                   "PAYOR_TYPE_VA_MILITARY",
                   "DIAGNOSIS_TYPE_TYPE_1",
                   "DIAGNOSIS_TYPE_TYPE_2"};
  spec.drop = {"CUSTOMER_ID", "MRN", "MONTH", "STAGE"};
  spec.target = "IS_ATTRITION_FLAG_C";
  return spec;
}

// The numeric model columns of the seed plan, in its feature order.
inline std::vector<std::string> SeedNumericColumns() {
  return {"NUM_AGE",
          "NUM_YEARS_ON_INSULIN",
          "IS_AUTO_REORDER_FLAG",
          "LENGTH_OF_WARRANTY_IN_MONTHS",
          "IS_WARRANTY_ACTIVE",
          "IS_SR",
          "NUM_CUM_ACTIVE_MONTH",
          "NUM_LAST_ORDER_CUM_ACTIVE_MONTHS",
          "NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE",
          "NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE",
          "NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE",
          "NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE",
          "NUM_INFUSION_SET_RESIDUAL_ADJ"};
}

}  // namespace attrition::testing
