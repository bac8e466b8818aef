// The synthetic source views (SPEC 3): a simulated population of insulin-pump customers
// written into the warehouse as the seven views the feature pipeline reads.
//
// Customers start on a pump, buy consumables on a supply rhythm, return lines, call in,
// complain, reach warranty expiry and leave according to a planted hazard model
// (PlantedHazard below, documented in docs/generator.md). `dirty` injects the faults of
// real extracts. The output is a pure function of GenerateOptions minus `threads` and
// `show_progress`: the same options give byte-identical tables on every machine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::sources {

// How identifiers are written. kNumeric: INTEGER CUSTOMER_ID / PRODUCT_ID / ORDER_ID /
// TOUCHPOINT_ID (1000001, 10, 10000001, 50000001). kAlnum: the same rows with TEXT ids
// ('C-0001000001', 'P-IS-10', 'ORD-10000001', 'TP-50000001'); orphan customers and
// unknown products then get near misses of real ids ('c-0001000002', 'P-IS-010').
enum class IdStyle { kNumeric, kAlnum };

// The most customers one run simulates (GenerateOptions::customers is 1..this).
inline constexpr int64_t kMaxCustomers = 20'000'000;

struct GenerateOptions {
  int64_t customers = 10000;
  Month start = MonthFromYearMonth(2021, 1);  // first simulated month
  Month end = MonthFromYearMonth(2024, 12);   // last simulated month (inclusive)
  uint64_t seed = 42;
  double dirty = 0.0;  // fault rate per view, in [0, 0.5)
  // Share of customers, in [0, 1], whose recorded PAYOR_TYPE is moved to kShiftedPayor
  // after simulation (their behaviour is unchanged): a covariate-shifted population for
  // drift monitoring (docs/monitoring.md). 0 leaves the output byte-identical.
  double payor_shift = 0.0;
  IdStyle id_style = IdStyle::kNumeric;
  int threads = 0;            // simulation threads; 0 = all cores. Does not change output.
  bool show_progress = true;  // progress line on a terminal
};

// Checks the options a user can set. Messages name the flag, the value and what was
// expected: "--dirty: got 0.7, expected a rate in [0, 0.5)".
Status ValidateGenerateOptions(const GenerateOptions& options);

// What one view received.
struct ViewReport {
  std::string view;
  int64_t rows = 0;  // rows written, duplicates included
  // Injected faults by kind, counted as written: null_date, unparseable_date,
  // future_date, unknown_product, negative_quantity, duplicate_line, unknown_status,
  // orphan_customer (rows of customers missing from the details view);
  // in PA_PATIENT_DETAILS_VW: dropped_customer, null_birth_date, unparseable_birth_date,
  // null_insulin_start_date, unparseable_insulin_start_date. Kinds that did not occur
  // are absent.
  std::map<std::string, int64_t> faults;
};

struct GenerateReport {
  std::vector<ViewReport> views;  // in write order: PRODUCT first, warranties last
  int64_t customers = 0;
  int64_t customers_left = 0;            // left for good by the planted hazard
  int64_t months_at_risk = 0;            // customer-months exposed to the hazard
  double realised_monthly_hazard = 0.0;  // customers_left / months_at_risk
  double simulate_seconds = 0.0;
  double write_seconds = 0.0;

  // REQUIRES: `view` is one of the seven view names.
  const ViewReport& View(const std::string& view) const;
};

// Simulates the population and writes the seven views, each replaced (no _HIST copy),
// all in one transaction: on failure the warehouse is unchanged. Logs a closing line
// and the per-view fault counts. Errors: invalid options, warehouse failures.
Result<GenerateReport> Generate(const GenerateOptions& options, warehouse::Warehouse& warehouse);

// The PAYOR_TYPE that GenerateOptions::payor_shift moves customers to.
inline constexpr const char* kShiftedPayor = "State Medicaid";

// The seven view names in write order.
const std::vector<std::string>& SourceViewNames();

// The planted hazard: in every month t after a customer's first month, a customer who
// has not left leaves for good with probability 1 / (1 + exp(-eta)), eta the sum of the
// terms below with covariates as of the end of month t-1 (docs/generator.md).
struct PlantedHazard {
  double intercept = -4.05;
  // Payor effects against Commercial, in the order of PayorTypes().
  double payor[8] = {0.00, 0.30, 0.55, 0.20, 0.25, 0.35, 0.70, -0.30};
  double diagnosis_type_2 = 0.45;
  double age_per_decade = -0.12;  // per 10 years of age over 45
  double auto_reorder = -0.70;
  double startright = -0.45;
  double complaint_score_18m = 0.40;  // weighted 18-month score, all SVNs
  double harm_score_18m = 0.90;       // weighted 18-month score, SVNs with a Z101 line
  double returned_score_6m = 0.45;    // weighted 6-month score of returned lines
  double warranty_expired = 0.85;     // pump warranty ended and was not renewed
  double random_effect_sd = 0.50;     // per-customer N(0, sd^2) on eta
};

const PlantedHazard& PlantedHazardModel();

// PAYOR_TYPE values in the order of PlantedHazard::payor.
const std::vector<std::string>& PayorTypes();

}  // namespace attrition::sources
