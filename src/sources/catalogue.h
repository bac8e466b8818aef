// The fixed vocabulary of the simulated business: products, payors, states, channels,
// touchpoint types, complaint reason codes, warranty status codes, and the behaviour
// parameters of the population (not part of the planted hazard). Values follow the
// Python reference (peers/python_ref/gen.py, PRODUCTS / BEHAVIOUR); docs/generator.md
// lists them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "attrition/calendar.h"

namespace attrition::sources {

struct Product {
  int id;
  std::string_view name;
  std::string_view category;  // PUMP, INFUSION_SET, RESERVOIR, SENSOR
  std::string_view model;
  int units_per_pack;
  int days_per_unit;
};

inline constexpr std::array<Product, 12> kProducts = {{
    {1, "MiniMed 670G insulin pump", "PUMP", "670G", 1, 1460},
    {2, "MiniMed 770G insulin pump", "PUMP", "770G", 1, 1460},
    {3, "MiniMed 780G insulin pump", "PUMP", "780G", 1, 1460},
    {10, "Quick-set infusion set 10-pack", "INFUSION_SET", "MMT-399", 10, 3},
    {11, "Mio infusion set 10-pack", "INFUSION_SET", "MMT-921", 10, 3},
    {12, "Silhouette infusion set 10-pack", "INFUSION_SET", "MMT-381", 10, 3},
    {13, "Extended infusion set 5-pack", "INFUSION_SET", "MMT-431", 5, 7},
    {20, "Reservoir 1.8 mL 10-pack", "RESERVOIR", "MMT-326", 10, 3},
    {21, "Reservoir 3.0 mL 10-pack", "RESERVOIR", "MMT-332", 10, 3},
    {22, "Extended reservoir 5-pack", "RESERVOIR", "MMT-342", 5, 7},
    {30, "Guardian Sensor 3 5-pack", "SENSOR", "MMT-7020", 5, 7},
    {31, "Guardian 4 Sensor 5-pack", "SENSOR", "MMT-7040", 5, 7},
}};

// Index into kProducts of a product id. REQUIRES: the id is in kProducts.
int ProductIndex(int product_id);

// Pump models are product ids 1..3; their model names.
inline constexpr std::array<std::string_view, 4> kPumpModelName = {"", "670G", "770G", "780G"};

inline constexpr std::array<double, 8> kPayorShareUnder65 = {0.52, 0.06, 0.11, 0.03,
                                                             0.05, 0.07, 0.09, 0.07};
inline constexpr std::array<double, 8> kPayorShare65Plus = {0.12, 0.04, 0.03, 0.30,
                                                            0.42, 0.04, 0.02, 0.03};

inline constexpr std::array<std::string_view, 24> kStates = {
    "CA", "TX", "FL", "NY", "PA", "IL", "OH", "GA", "NC", "MI", "NJ", "VA",
    "WA", "AZ", "MA", "TN", "IN", "MO", "MD", "WI", "CO", "MN", "SC", "AL"};
// Population weight of each state (sums to 85), as shares.
extern const std::array<double, 24> kStateShare;

// CHANNEL of an order; auto-reorder customers always use kAutoReorderChannel, others one
// preferred channel among 1..3, pumps come through channel 4.
inline constexpr std::array<std::string_view, 5> kChannels = {"AUTO_REORDER", "PHONE", "WEB",
                                                              "DISTRIBUTOR", "DIRECT"};
inline constexpr int kAutoReorderChannel = 0;
inline constexpr int kPumpChannel = 4;

inline constexpr std::array<std::string_view, 6> kTouchpointTypes = {
    "Inbound Call", "Outbound Call", "Email", "Chat", "Order Inquiry", "Training Session"};
inline constexpr std::array<double, 6> kTouchpointTypeShare = {0.35, 0.20, 0.20, 0.10, 0.10, 0.05};

// Regular complaint reason codes; harm SVNs carry one kHarmReasonCode line.
inline constexpr std::array<std::string_view, 8> kReasonCodes = {"A010", "A020", "B110", "B120",
                                                                 "C200", "D300", "E410", "F500"};
inline constexpr std::string_view kHarmReasonCode = "Z101";
inline constexpr int kHarmReasonIndex = 8;  // reason index meaning kHarmReasonCode

// TRAINING_STATUS codes (SPEC 3): E-code and legacy form of the seven statuses.
enum class WarrantyStatus : uint8_t {
  kInTransit,
  kActive,
  kInactive,
  kLoaner,
  kMalfunctioning,
  kPendingTraining,
  kReturned
};
inline constexpr std::array<std::string_view, 7> kStatusECode = {"E0001", "E0002", "E0003", "E0004",
                                                                 "E0005", "E0006", "E0007"};
inline constexpr std::array<std::string_view, 7> kStatusLegacyCode = {
    "INTR", "ACT", "INAC", "LOAN", "MAL", "PEND", "RETU"};
// Non-Active statuses of a working pump and their shares.
inline constexpr std::array<WarrantyStatus, 4> kOtherStatus = {
    WarrantyStatus::kInTransit, WarrantyStatus::kInactive, WarrantyStatus::kLoaner,
    WarrantyStatus::kPendingTraining};
inline constexpr std::array<double, 4> kOtherStatusShare = {0.15, 0.40, 0.15, 0.30};
// Codes that map to no status (the unknown_status fault).
inline constexpr std::array<std::string_view, 4> kUnknownStatusCodes = {"E0099", "UNK", "E0000",
                                                                        "X"};

// Behaviour of the population (gen.py BEHAVIOUR).
struct Behaviour {
  double existing_share = 0.60;  // already on a pump before the first month
  double type2_share = 0.22;
  double auto_reorder_share = 0.45;
  double cgm_share = 0.65;           // also buy sensors
  double extended_set_share = 0.20;  // 7-day infusion sets and reservoirs
  double startright_share = 0.50;
  int auto_cadence_days = 90;  // auto-reorder every 90 days, +-3
  std::array<double, 4> irregular_packs_share = {0.25, 0.35, 0.30, 0.10};  // 1..4 packs
  double irregular_gap_sigma = 0.35;  // lognormal noise on days of supply
  double pause_prob_month = 0.006;
  int pause_days_min = 60;
  int pause_days_max = 270;
  double renew_prob = 0.55;        // new pump and warranty when the warranty ends
  double replacement_prob = 0.06;  // malfunction replacement during a warranty
  double complaint_rate = 0.015;   // SVNs per customer-month, x lognormal(0, 0.6)
  double harm_share = 0.15;        // SVNs with a Z101 line
  double return_rate = 0.018;      // returned lines per line, x lognormal(0, 0.7)
  double touch_rate = 0.25;        // touchpoints per customer-month, x lognormal(0, 0.5)
  double touch_after_complaint = 1.5;
  double active_status_share = 0.90;
  double startright_withdrawn_share = 0.15;
};

inline constexpr Behaviour kBehaviour{};

// Pump model (product id 1..3) on sale at `day`: 670G before 2020-09, then 770G or 670G,
// from 2021-10 780G or 770G, from 2023-04 780G; `u` in [0, 1) picks between two.
int PumpModelAt(Day day, double u);

}  // namespace attrition::sources
