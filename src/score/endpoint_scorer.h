// Scoring through a running `attrition serve` instead of in-process (`--endpoint URL`):
// each chunk's rows are POSTed to <URL>/invocations as {"instances": [{named raw
// fields}]} (SPEC 9) in batches, and the response's probability and reasons are used as
// the in-process path would compute them.
//
// Thread safety: one Score() at a time (one libcurl handle, reused for keep-alive).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attrition/model_feature_plan.h"
#include "attrition/model_raw_table.h"
#include "attrition/status.h"
#include "score/candidates.h"

namespace attrition::score {

class EndpointScorer {
 public:
  // InvalidArgument when `base_url` is not http(s)://… (a trailing /invocations is
  // dropped). `model_version` is the version the run scores with: an answer naming another
  // "model_version" fails the run, so that rows are never written under one version with
  // another's probabilities.
  static Result<std::unique_ptr<EndpointScorer>> Create(const std::string& base_url,
                                                        const model::FeaturePlan& plan,
                                                        std::string model_version,
                                                        int batch_rows);
  ~EndpointScorer();

  // Probability and reason indices for every row of `chunk`. Unavailable when the
  // endpoint cannot be reached; InvalidArgument or Corruption (with the endpoint's
  // message) for an error status or a response that is not the expected JSON;
  // FailedPrecondition when it serves another model version.
  Status Score(const model::RawTable& chunk, std::vector<float>* probabilities,
               std::vector<ReasonIndices>* reasons);

 private:
  struct Impl;
  explicit EndpointScorer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attrition::score
