// The generator's planted hazard (sources::PlantedHazardModel, docs/generator.md) read as
// slopes on the feature plan's features, so the drivers report can check that the
// regression recovers them.
//
// The hazard is monthly and the label is "no order in the next 6 months", so intercepts
// differ and only slopes are compared. Mapping by the feature's source column (renames
// do not matter):
//   IS_PAYOR_TYPE = c            payor[c] - payor[reference category]
//   IS_DIAGNOSIS_TYPE = c        0.45 for TYPE 2, 0 otherwise, minus the reference's
//   NUM_AGE                      age_per_decade / 10 per year
//   IS_AUTO_REORDER_FLAG         auto_reorder
//   IS_SR                        startright
//   NUM_REGULAR_COMPLAINT_...    complaint_score_18m
//   NUM_HARM_FLAG_SUM_...        complaint_score_18m + harm_score_18m: the hazard's
//                                complaint score counts every SVN, harm ones included,
//                                while the feature pair splits them into regular + harm
//   NUM_IS_RETURNED_...          returned_score_6m
//   IS_WARRANTY_ACTIVE           -warranty_expired, a proxy: 0 also for customers whose
//                                covering warranty has a non-Active status
// The per-customer random effect has no feature.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attrition/explain.h"
#include "attrition/model_feature_plan.h"

namespace attrition::explain {

// The planted slope of plan feature `feature` (against category feature `reference` for a
// one-hot feature, -1 otherwise), or nullopt when the hazard plants nothing on it. Fills
// value, term, proxy and note; the caller fills the comparison with the estimate.
std::optional<PlantedComparison> PlantedFor(const model::FeaturePlan& plan, size_t feature,
                                            int reference);

// The planted terms that no feature of `plan` carries.
std::vector<std::string> PlantedTermsWithoutFeature(const model::FeaturePlan& plan);

}  // namespace attrition::explain
