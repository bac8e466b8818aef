// RegressionDesign: the feature plan's encoded matrix turned into the columns a logistic
// regression can identify and a common prior can treat alike.
//
//  * Column 0 is the intercept (all ones).
//  * One-hot groups (features from the same dummy column) lose their most frequent
//    category, which becomes the reference: with an intercept, a full set of one-hot
//    columns is collinear, and "Medicaid against Commercial" is the question asked.
//  * Features with no variation are left out (nothing to estimate).
//  * Every other column is standardised to mean 0, sd 1, so one prior sd means the same
//    for every feature; a missing (NaN) value becomes the feature's mean (0 after
//    standardising), counted per feature.
//
// Thread safety: plain values.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

#include "attrition/model_dense_matrix.h"
#include "attrition/model_feature_plan.h"

namespace attrition::explain {

struct DesignColumn {
  size_t feature = 0;  // plan feature index
  double mean = 0;     // over the non-missing values
  double sd = 1;       // population sd, > 0
  int64_t imputed = 0;
  bool binary = false;  // every non-missing value is 0 or 1
};

struct RegressionDesign {
  Eigen::MatrixXd x;                   // rows x (1 + columns.size())
  std::vector<DesignColumn> columns;   // design column j + 1
  // Per plan feature: the reference feature of its one-hot group (itself for the
  // reference), or -1 for a numeric feature.
  std::vector<int> reference_of;
  std::vector<bool> constant;  // per plan feature: left out for lack of variation
};

// REQUIRES: features.cols() == plan.num_features().
RegressionDesign BuildDesign(const model::DenseMatrix& features, const model::FeaturePlan& plan);

// The linear map from standardised coefficients (intercept first) to per-unit ones:
// beta_unit = T beta_std, so the per-unit covariance is T cov T'.
Eigen::MatrixXd UnstandardiseMap(const RegressionDesign& design);

}  // namespace attrition::explain
