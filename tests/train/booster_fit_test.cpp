#include "train/booster_fit.h"

#include <gtest/gtest.h>

#include "train/metrics.h"
#include "train/random.h"
#include "train/tuner.h"

namespace attrition::train {
namespace {

struct Data {
  model::DenseMatrix x;
  std::vector<float> y;
};

Data MakeData(size_t rows, uint64_t seed) {
  Rng rng(seed);
  Data d{model::DenseMatrix(rows, 3), {}};
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < 3; ++c) d.x.at(r, c) = static_cast<float>(rng.Normal());
    const double logit = 1.5 * d.x.at(r, 0) - d.x.at(r, 1);
    d.y.push_back(rng.Uniform() < 1 / (1 + std::exp(-logit)) ? 1.0f : 0.0f);
  }
  return d;
}

TEST(RoundAsXgboostPrints, KeepsSixSignificantDigits) {
  EXPECT_DOUBLE_EQ(RoundAsXgboostPrints(0.79649740095), 0.796497);
  EXPECT_DOUBLE_EQ(RoundAsXgboostPrints(0.0123456789), 0.0123457);
}

class BoosterFitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fit_data_ = MakeData(3000, 1);
    valid_data_ = MakeData(2000, 2);
    fit_ = std::make_unique<model::XgbDMatrix>(
        model::XgbDMatrix::FromDense(fit_data_.x, {.labels = fit_data_.y}).value());
    valid_ = std::make_unique<model::XgbDMatrix>(
        model::XgbDMatrix::FromDense(valid_data_.x, {.labels = valid_data_.y}).value());
  }
  BoosterFitOptions Options(double eta) {
    TuneOptions tune;
    return {.params = XgboostParams(tune, {{"eta", eta}, {"max_depth", 3}, {"subsample", 0.7}}),
            .num_boost_round = 300,
            .early_stopping_rounds = 20};
  }
  Data fit_data_, valid_data_;
  std::unique_ptr<model::XgbDMatrix> fit_, valid_;
};

TEST_F(BoosterFitTest, StopsAfterThePatienceRunsOutAndReportsTheBestRound) {
  auto fitted = FitWithEarlyStopping(Options(0.5), *fit_, *valid_, valid_data_.y);
  ASSERT_TRUE(fitted.ok()) << fitted.status().ToString();
  EXPECT_LT(fitted->rounds, 300);
  EXPECT_EQ(fitted->rounds, fitted->best_iteration + 1 + 20);
  const double best = fitted->history[fitted->best_iteration];
  for (int r = fitted->best_iteration + 1; r < fitted->rounds; ++r) {
    EXPECT_LE(fitted->history[r], best);
  }
  // The kept validation scores are those of the best round.
  EXPECT_NEAR(RoundAsXgboostPrints(RocAuc(fitted->valid_scores, valid_data_.y)), best, 1e-6);
}

TEST_F(BoosterFitTest, WatchesTheSameAucAsXgboostsOwnEvaluation) {
  auto fitted = FitWithEarlyStopping(Options(0.3), *fit_, *valid_, valid_data_.y);
  ASSERT_TRUE(fitted.ok());
  model::NamedDMatrix sets[] = {{"valid", valid_.get()}};
  auto line = fitted->booster.EvalOneIter(fitted->rounds - 1, sets);
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_EQ(line->front().metric, "auc");
  EXPECT_NEAR(line->front().value, fitted->history.back(), 2e-6);
}

// train.py refits the best trial's parameters; XGBoost grows the same trees again, which
// is why Tune keeps the best trial's booster instead.
TEST_F(BoosterFitTest, RefittingTheSameParametersReproducesTheModel) {
  auto first = FitWithEarlyStopping(Options(0.3), *fit_, *valid_, valid_data_.y);
  auto second = FitWithEarlyStopping(Options(0.3), *fit_, *valid_, valid_data_.y);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->best_iteration, second->best_iteration);
  EXPECT_EQ(first->booster.SaveJson().value(), second->booster.SaveJson().value());
}

}  // namespace
}  // namespace attrition::train
