#include "explain/planted_effects.h"

#include <fmt/format.h>

#include <algorithm>

#include "attrition/sources.h"

namespace attrition::explain {
namespace {

constexpr const char* kPayor = "IS_PAYOR_TYPE";
constexpr const char* kDiagnosis = "IS_DIAGNOSIS_TYPE";

struct NumericTerm {
  const char* column;
  const char* term;
  double value;
  bool proxy;
  const char* note;
};

std::vector<NumericTerm> NumericTerms() {
  const sources::PlantedHazard& h = sources::PlantedHazardModel();
  return {
      {"NUM_AGE", "age per decade over 45", h.age_per_decade / 10, false,
       "per year: the per-decade coefficient / 10"},
      {"IS_AUTO_REORDER_FLAG", "auto-reorder", h.auto_reorder, false, ""},
      {"IS_SR", "StartRight enrolled", h.startright, false, ""},
      {"NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE", "complaint score 18m", h.complaint_score_18m,
       false, ""},
      {"NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE", "harm score 18m + complaint score 18m",
       h.complaint_score_18m + h.harm_score_18m, false,
       "a harm SVN also counts in the hazard's all-SVN complaint score"},
      {"NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE", "returned-lines score 6m", h.returned_score_6m,
       false, ""},
      {"IS_WARRANTY_ACTIVE", "warranty ended, not renewed", -h.warranty_expired, true,
       "proxy: 0 also when the covering warranty is not Active (in transit, loaner, ...), and "
       "sign flipped"},
  };
}

// The planted effect of category `value` of a dummy column (against no category).
std::optional<double> CategoryEffect(const std::string& column, const std::string& value) {
  const sources::PlantedHazard& h = sources::PlantedHazardModel();
  if (column == kPayor) {
    const auto& payors = sources::PayorTypes();
    const auto it = std::find(payors.begin(), payors.end(), value);
    if (it == payors.end()) return std::nullopt;
    return h.payor[it - payors.begin()];
  }
  if (column == kDiagnosis) {
    if (value == "TYPE 2") return h.diagnosis_type_2;
    if (value == "TYPE 1") return 0.0;
  }
  return std::nullopt;
}

bool PlanReads(const model::FeaturePlan& plan, const std::string& column) {
  for (size_t f = 0; f < plan.num_features(); ++f) {
    if (plan.source(f).column == column) return true;
  }
  return false;
}

}  // namespace

std::optional<PlantedComparison> PlantedFor(const model::FeaturePlan& plan, size_t feature,
                                            int reference) {
  const model::FeatureSource& source = plan.source(feature);
  if (source.category) {
    if (reference < 0 || reference == static_cast<int>(feature)) return std::nullopt;
    const model::FeatureSource& ref = plan.source(static_cast<size_t>(reference));
    const std::optional<double> mine = CategoryEffect(source.column, *source.category);
    const std::optional<double> base = CategoryEffect(ref.column, ref.category.value_or(""));
    if (!mine || !base) return std::nullopt;
    PlantedComparison out;
    out.value = *mine - *base;
    out.term = fmt::format("{} {} vs {}", source.column == kPayor ? "payor" : "diagnosis",
                           *source.category, *ref.category);
    return out;
  }
  for (const NumericTerm& t : NumericTerms()) {
    if (source.column != t.column) continue;
    PlantedComparison out;
    out.value = t.value;
    out.term = t.term;
    out.proxy = t.proxy;
    out.note = t.note;
    return out;
  }
  return std::nullopt;
}

std::vector<std::string> PlantedTermsWithoutFeature(const model::FeaturePlan& plan) {
  std::vector<std::string> missing;
  if (!PlanReads(plan, kPayor)) missing.push_back("payor type");
  if (!PlanReads(plan, kDiagnosis)) missing.push_back("diagnosis TYPE 2");
  for (const NumericTerm& t : NumericTerms()) {
    if (!PlanReads(plan, t.column)) missing.push_back(t.term);
  }
  missing.push_back(fmt::format("per-customer random effect N(0, {}^2)",
                                sources::PlantedHazardModel().random_effect_sd));
  return missing;
}

}  // namespace attrition::explain
