// ScoreRun (include/attrition/score.h): resolve the model, read and score the candidate
// rows, rank them into deciles, explain and write this shard's rows.
#include <chrono>
#include <ctime>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "attrition/model_bundle.h"
#include "attrition/model_reason_ties.h"
#include "attrition/phase_timer.h"
#include "attrition/registry.h"
#include "attrition/score.h"
#include "score/candidates.h"
#include "score/dataset_shape.h"
#include "score/endpoint_scorer.h"
#include "score/results_writer.h"
#include "score/risk_order.h"
#include "score/score_window.h"
#include "warehouse/sql_text.h"

namespace attrition::score {
namespace {

struct Stamp {
  std::string timestamp;  // 'YYYY-MM-DD HH:MM:SS' UTC
  std::string run_id;     // 'YYYYMMDDTHHMMSSZ-xxxxxx'
};

Stamp StampNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32], compact[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &utc);
  std::strftime(compact, sizeof compact, "%Y%m%dT%H%M%SZ", &utc);
  std::random_device random;
  return {stamp, fmt::format("{}-{:06x}", compact, random() & 0xffffff)};
}

Status CheckOptions(const ScoreOptions& options) {
  if (options.shard_count < 1 || options.shard_count > kShardBuckets ||
      options.shard_index < 0 || options.shard_index >= options.shard_count) {
    return Status::InvalidArgument(fmt::format("--shard: got {}/{}, expected i/n with 0 <= i < n <= {}",
                                               options.shard_index, options.shard_count,
                                               kShardBuckets));
  }
  if (options.threads < 0) {
    return Status::InvalidArgument(
        fmt::format("--threads: got {}, expected 0 (all cores) or more", options.threads));
  }
  if (options.endpoint_batch_rows < 1) {
    return Status::InvalidArgument(fmt::format("--batch-rows: got {}, expected at least 1",
                                               options.endpoint_batch_rows));
  }
  return Status::OK();
}

// Probabilities, and the reasons (exact TreeSHAP) of this shard's rows: ReadCandidates
// scores a chunk on a worker while it reads the next, so SHAP runs alongside the reading.
// Chunks are scored one at a time, so they share one SHAP memo: the later chunks find the
// split patterns the earlier ones computed.
ChunkScorer InProcessScorer(const model::LoadedModel& model, const InputLayout& layout,
                            const ScoreOptions& options, model::ShapMemo* memo,
                            model::ReasonTieBreaker* ties) {
  const int threads = options.threads;
  const int shard_index = options.shard_index;
  const int shard_count = options.shard_count;
  const int id = layout.id;
  return [&model, threads, shard_index, shard_count, id, memo, ties](
             const model::RawTable& chunk, std::vector<float>* probabilities,
             std::vector<ReasonIndices>* reasons) -> Status {
    ATTRITION_ASSIGN_OR_RETURN(model::DenseMatrix x, model.bundle.plan.Encode(chunk));
    *probabilities = model.ensemble.PredictProbabilities(x, {.threads = threads});
    reasons->assign(x.rows(), ReasonIndices{-1, -1, -1});
    // The rows this shard keeps (all of them unsharded).
    std::vector<size_t> rows;
    const model::DenseMatrix* explain = &x;
    model::DenseMatrix subset;
    if (shard_count > 1) {
      const model::RawColumn& ids = chunk.column(id);
      for (size_t row = 0; row < x.rows(); ++row) {
        if (CustomerBucket(ids.Text(row).value_or("")) % shard_count == shard_index) {
          rows.push_back(row);
        }
      }
      subset = model::DenseMatrix(rows.size(), x.cols());
      for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t c = 0; c < x.cols(); ++c) subset.at(i, c) = x.at(rows[i], c);
      }
      explain = &subset;
    }
    const size_t features = x.cols();
    model::DenseMatrix contributions =
        model.ensemble.Contributions(*explain, {.threads = threads, .memo = memo});
    ATTRITION_RETURN_IF_ERROR(ties->Resolve(*explain, contributions));
    for (size_t i = 0; i < explain->rows(); ++i) {
      int top[3];
      const size_t n = model::TopReasons(contributions.Row(i).first(features), top);
      ReasonIndices& out = (*reasons)[shard_count > 1 ? rows[i] : i];
      for (size_t k = 0; k < 3; ++k) out[k] = static_cast<int16_t>(k < n ? top[k] : -1);
    }
    return Status::OK();
  };
}

// The error of a run that found no candidate rows.
Status NothingToScore(const CandidateQuery& query, const config::Config& config) {
  if (query.shape == DatasetShape::kSnapshot) {
    return Status::FailedPrecondition(
        fmt::format("nothing to score: {} (a snapshot table without MONTH) has no rows whose {}",
                    query.dataset, SnapshotCandidateRule({query.target, query.positive_class})));
  }
  return Status::FailedPrecondition(fmt::format(
      "nothing to score: {} has no rows with {} NULL in {}..{} (customers with at least {} "
      "months of history)",
      query.dataset, query.target, FormatMonth(query.first_month), FormatMonth(query.last_month),
      config.inference.min_history_months));
}

void LogSummary(const ScoreSummary& summary) {
  if (summary.snapshot) {
    spdlog::info("score: {}", SnapshotSummaryLine(summary));
    spdlog::info("score: wrote {} rows as of {} to {} with model {}; run {} in {:.1f}s",
                 summary.rows, summary.as_of, kResultsTable, summary.model_version, summary.run_id,
                 summary.seconds);
    return;
  }
  spdlog::info("score: wrote {} rows of {} months ({}..{}) to {} with model {}; run {} in {:.1f}s",
               summary.rows, summary.months.size(), summary.months.back(), summary.months.front(),
               kResultsTable, summary.model_version, summary.run_id, summary.seconds);
}

}  // namespace

std::string SnapshotSummaryLine(const ScoreSummary& summary) {
  return fmt::format("snapshot table without MONTH: scoring the {} rows whose {}",
                     summary.candidate_rows, summary.snapshot_rule);
}

Result<ScoreSummary> ScoreRun(const config::Config& config, warehouse::Warehouse& warehouse,
                              const ScoreOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  PhaseTimer timer("score");
  ATTRITION_RETURN_IF_ERROR(CheckOptions(options));
  ATTRITION_ASSIGN_OR_RETURN(
      registry::ModelVersion version,
      registry::ResolveModelToUse(config.artifacts.dir, options.model, "score with"));
  ATTRITION_ASSIGN_OR_RETURN(model::LoadedModel model, model::LoadModel(version.dir));
  const model::FeaturePlan& plan = model.bundle.plan;

  const std::string& dataset = config.train.dataset;
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse.TableExists(dataset));
  if (!exists) {
    return Status::NotFound(fmt::format("train.dataset: table {} does not exist in {}{}", dataset,
                                        warehouse.Describe(),
                                        dataset == "PA_MODELING_DATASET"
                                            ? " (run `attrition features` first)"
                                            : ""));
  }
  ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema schema, warehouse.DescribeTable(dataset));
  const DatasetShape shape = ShapeOf(schema);
  ATTRITION_ASSIGN_OR_RETURN(InputLayout layout,
                             MakeInputLayout(schema, dataset, config.train.id_column, plan, shape));
  if (std::none_of(schema.begin(), schema.end(),
                   [&](const warehouse::Column& c) { return c.name == plan.target(); })) {
    return Status::NotFound(fmt::format(
        "{} has no column {} (the model's target; rows where it is NULL{} are scored)", dataset,
        plan.target(), shape == DatasetShape::kSnapshot ? " or not the positive class" : ""));
  }

  timer.Lap("model and layout");
  ATTRITION_ASSIGN_OR_RETURN(
      ScoreWindow window,
      ResolveScoreWindow(warehouse, {.dataset = dataset,
                                     .id_column = config.train.id_column,
                                     .months = config.inference.num_month_forecast,
                                     .min_history_months = config.inference.min_history_months,
                                     .pinned_as_of = config.as_of,
                                     .shape = shape,
                                     .current_month = MonthOfDay(TodayUtc()),
                                     .warehouse_url = config.warehouse.url}));
  timer.Lap("as-of month and history");
  const CandidateQuery query{.dataset = dataset,
                             .target = plan.target(),
                             .first_month = window.first_month,
                             .last_month = window.as_of,
                             .shape = shape,
                             .positive_class = plan.spec().positive_class,
                             .shard_index = options.shard_index,
                             .shard_count = options.shard_count};

  std::unique_ptr<EndpointScorer> endpoint;
  ChunkScorer scorer;
  model::ShapMemo memo;
  model::ReasonTieBreaker ties(model.bundle.model_json);
  if (options.endpoint.empty()) {
    scorer = InProcessScorer(model, layout, options, &memo, &ties);
  } else {
    ATTRITION_ASSIGN_OR_RETURN(endpoint,
                               EndpointScorer::Create(options.endpoint, plan, version.id,
                                                      options.endpoint_batch_rows));
    scorer = [&endpoint](const model::RawTable& chunk, std::vector<float>* probabilities,
                         std::vector<ReasonIndices>* reasons) {
      return endpoint->Score(chunk, probabilities, reasons);
    };
  }
  ATTRITION_ASSIGN_OR_RETURN(Candidates candidates,
                             ReadCandidates(warehouse, query, window.history, layout, scorer));
  timer.Lap("read and score");
  if (memo.lookups() > 0) {
    spdlog::debug("score: SHAP pattern memo: {:.1f}% of {} tree-row patterns found, {:.0f} MiB",
                  100.0 * static_cast<double>(memo.hits()) / static_cast<double>(memo.lookups()),
                  memo.lookups(), static_cast<double>(memo.bytes()) / (1 << 20));
  }
  if (ties.rows_resolved() > 0) {
    spdlog::debug("score: {} row(s) near a tie of reasons took XGBoost's contributions",
                  ties.rows_resolved());
  }
  if (candidates.month.empty()) return NothingToScore(query, config);
  const std::vector<uint32_t> order = OutputOrder(candidates);
  const std::vector<uint8_t> deciles = RiskDeciles(candidates, order);
  timer.Lap("order and deciles");

  const Stamp stamp = StampNow();
  ResultsRun run{.model = &model,
                 .model_version = version.id,
                 .run_id = options.run_id.empty() ? stamp.run_id : options.run_id,
                 .timestamp = stamp.timestamp,
                 .stage = options.stage.empty() ? config.environment : options.stage,
                 .shard_index = options.shard_index,
                 .shard_count = options.shard_count,
                 .threads = options.threads,
                 .collect_rows = options.keep_rows && options.shard_count == 1};
  for (uint32_t candidate : order) {
    if (run.months.empty() || run.months.back() != candidates.month[candidate]) {
      run.months.push_back(candidates.month[candidate]);
    }
  }
  ATTRITION_ASSIGN_OR_RETURN(ResultsWritten written,
                             WriteResults(warehouse, candidates, order, deciles, layout, run));
  timer.Lap("write");

  ScoreSummary summary;
  summary.run_id = run.run_id;
  summary.model_version = version.id;
  summary.model_dir = version.dir;
  summary.as_of = FormatMonth(query.last_month);
  for (Month m : run.months) summary.months.push_back(FormatMonth(m));
  summary.rows = written.rows;
  summary.candidate_rows = static_cast<int64_t>(candidates.month.size());
  summary.history_filtered = candidates.history_filtered;
  summary.newest_month_expected = written.newest_month_expected;
  summary.newest_month_rows = written.newest_month_rows;
  summary.snapshot = shape == DatasetShape::kSnapshot;
  if (summary.snapshot) {
    summary.snapshot_rule = SnapshotCandidateRule({plan.target(), plan.spec().positive_class});
  }
  if (run.collect_rows) {
    summary.rows_written.segment_columns = plan.spec().dummy_cols;
    summary.rows_written.feature_columns = plan.feature_names();
    summary.rows_written.months = std::move(written.months);
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  LogSummary(summary);
  return summary;
}

}  // namespace attrition::score
