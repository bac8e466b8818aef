// report.html of a model version: the self-contained page a data scientist reads to
// decide whether to promote it (headline figures, confusion matrix, ROC, precision-
// recall, calibration, lift and gains, feature importance, SHAP summary, tuning trials,
// data and timings). Pure string building; thread-safe.
#pragma once

#include <string>

#include "train/training_run.h"

namespace attrition::train {

std::string RenderTrainingReport(const TrainingRun& run);

}  // namespace attrition::train
