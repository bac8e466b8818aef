// A small modeling table with a planted signal, written into a real SQLite file, and a
// config that trains on it in seconds. Shared by the train tests.
#pragma once

#include <cmath>
#include <memory>
#include <string>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "attrition/warehouse.h"
#include "train/random.h"

namespace attrition::testing {

struct SyntheticOptions {
  int customers = 400;
  Month first = MonthFromYearMonth(2021, 1);
  Month last = MonthFromYearMonth(2022, 12);  // labelled months
  bool shuffle_labels = false;                // destroys the signal
  bool with_month = true;
  uint64_t seed = 1;
};

// Writes table MODEL_DATA: CUSTOMER_ID (text), MONTH, PAYOR (text), X1 (risk), X2 (risk,
// sometimes NULL), NOISE, LABEL (0/1). The label depends on X1, X2 and PAYOR.
inline Status WriteSyntheticDataset(warehouse::Warehouse& wh, const SyntheticOptions& o) {
  using warehouse::ColumnType;
  warehouse::Schema schema = {{"CUSTOMER_ID", ColumnType::kText},
                              {"PAYOR", ColumnType::kText},
                              {"X1", ColumnType::kReal},
                              {"X2", ColumnType::kReal},
                              {"NOISE", ColumnType::kReal},
                              {"LABEL", ColumnType::kInteger}};
  if (o.with_month) schema.insert(schema.begin() + 1, {"MONTH", ColumnType::kText});
  ATTRITION_ASSIGN_OR_RETURN(auto tx, wh.Begin());
  ATTRITION_ASSIGN_OR_RETURN(auto writer, tx->ReplaceTable("MODEL_DATA", schema, {false}));
  train::Rng rng(o.seed), shuffle(o.seed + 99);
  const char* payors[] = {"Commercial", "Medicare", "State Medicaid"};
  const double payor_effect[] = {0.0, 0.4, 0.9};
  for (int c = 0; c < o.customers; ++c) {
    const int payor = static_cast<int>(rng.Below(3));
    const double frailty = rng.Normal();
    for (Month m = o.first; m <= o.last; ++m) {
      int col = 0;
      writer->SetText(col++, "C" + std::to_string(100000 + c));
      if (o.with_month) writer->SetText(col++, FormatMonth(m));
      writer->SetText(col++, payors[payor]);
      const double x1 = rng.Normal() + 0.5 * frailty;
      const double x2 = rng.Uniform() * 10;
      writer->SetReal(col++, x1);
      if (rng.Uniform() < 0.1) {
        writer->SetNull(col++);
      } else {
        writer->SetReal(col++, x2);
      }
      writer->SetReal(col++, rng.Normal());
      const double logit = -1.5 + 1.2 * x1 + 0.15 * (x2 - 5) + payor_effect[payor];
      int label = rng.Uniform() < 1.0 / (1.0 + std::exp(-logit)) ? 1 : 0;
      if (o.shuffle_labels) label = shuffle.Uniform() < 0.3 ? 1 : 0;
      writer->SetInteger(col++, label);
      ATTRITION_RETURN_IF_ERROR(writer->EndRow());
    }
  }
  ATTRITION_RETURN_IF_ERROR(writer->Finish());
  writer.reset();
  return tx->Commit();
}

// The default config pointed at MODEL_DATA, with `trials` tuning rounds.
inline config::Config SyntheticConfig(const std::string& artifacts_dir, int trials = 2) {
  config::Config cfg = config::DefaultConfig();
  config::TrainConfig& t = cfg.train;
  t.dataset = "MODEL_DATA";
  t.target = "LABEL";
  t.dummy_cols = {"PAYOR"};
  t.rename_cols = {};
  t.features = {"CUSTOMER_ID", "MONTH", "X1", "X2", "NOISE", "PAYOR_Commercial",
                "PAYOR_Medicare", "PAYOR_State Medicaid"};
  t.drop = {"CUSTOMER_ID", "MONTH"};
  t.start_month = MonthFromYearMonth(2021, 1);
  t.max_month = MonthFromYearMonth(2022, 6);  // + 6 = 2022-12, the last month
  t.split = {.mode = config::SplitMode::kLastNMonths, .months = 3};
  t.sampling = config::Sampling::kNone;
  t.hyperparameters.num_tuning_rounds = trials;
  t.hyperparameters.eta_min = -1;  // 0.1 .. 1: few rounds, a fast test
  t.hyperparameters.max_depth = {2, 4};
  cfg.artifacts.dir = artifacts_dir;
  return cfg;
}

}  // namespace attrition::testing
