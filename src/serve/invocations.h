// POST /invocations: decodes the body by its Content-Type, scores every row with the
// model's native TreeEnsemble and encodes the answer by the negotiated Accept type.
//
//   application/json [[...], ...] -> [p, ...]           (Accept text/csv: one p per line)
//   application/json {"instances": [{...}]}
//                     -> {"predictions": [{"probability", "prediction", "reasons":
//                         [{"feature", "contribution"}, ...]}], "model_version": "..."}
//   text/csv rows     -> one p per line                 (Accept application/json:
//                                                         {"predictions": [{"score": p}]})
//
// Probabilities are the model's own (XGBoost's predict, not corrected for training's
// sampling), as the seed's output_fn returned them; `prediction` is probability >= the
// stored threshold, which was chosen on the same uncorrected scale.
#pragma once

#include <string_view>
#include <vector>

#include "serve/reply.h"
#include "serve/row_batch.h"
#include "serve/serving_model.h"

namespace attrition::serve {

// Per-thread buffers reused across requests.
struct InvocationScratch {
  RowBatch rows;
  std::vector<float> contributions;
};

struct InvocationRequest {
  std::string_view content_type;
  std::string_view accept;
  std::string_view body;
};

// Fills `reply` (2xx or a 4xx error naming the problem). Returns the rows scored.
// REQUIRES: `model` stays alive while `reply` is used (reply.model_version points into it).
size_t HandleInvocation(const ServingModel& model, const InvocationRequest& request,
                        InvocationScratch& scratch, Reply& reply);

}  // namespace attrition::serve
