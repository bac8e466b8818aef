// Writers of the seven source views (SPEC 3) from a simulated Population: row order,
// sequential ids (ORDER_ID, TOUCHPOINT_ID, SVN_NUMBER, SERIAL_NUMBER), the id style and
// the faults of `--dirty`. Column names and declared types follow gen.py exactly.
//
// Each writer replaces its table (no _HIST copy) inside the caller's transaction and
// returns what it wrote; a warehouse error is returned unchanged.
#pragma once

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attrition/progress.h"
#include "attrition/sources.h"
#include "attrition/warehouse.h"
#include "sources/cell_text.h"
#include "sources/id_writer.h"
#include "sources/population.h"

namespace attrition::sources {

struct ViewContext {
  const Population& population;
  const GenerateOptions& options;
  const IdWriter& ids;
};

Result<ViewReport> WriteProductView(const ViewContext& context, warehouse::Transaction& txn);
Result<ViewReport> WriteDetailsView(const ViewContext& context, warehouse::Transaction& txn);
Result<ViewReport> WriteSalesView(const ViewContext& context, warehouse::Transaction& txn);
Result<ViewReport> WriteStartRightView(const ViewContext& context, warehouse::Transaction& txn);
Result<ViewReport> WriteTouchpointView(const ViewContext& context, warehouse::Transaction& txn);
Result<ViewReport> WriteComplaintView(const ViewContext& context, warehouse::Transaction& txn);
Result<ViewReport> WriteWarrantyView(const ViewContext& context, warehouse::Transaction& txn);

// ---- shared by the writers ----

// Fault streams, one per view and purpose (the dropped customers use stream 0).
enum class FaultStream : uint64_t {
  kBirthDate = 1,
  kInsulinStartDate,
  kSales,
  kStartRight,
  kTouchpoints,
  kComplaints,
  kWarranties,
};

// Replaces `view` with an empty table of `schema` and returns its writer.
Result<std::unique_ptr<warehouse::RowWriter>> StartView(warehouse::Transaction& txn,
                                                        const std::string& view,
                                                        const warehouse::Schema& schema);

// Writes `cell` (NULL or text) into `column`.
inline void SetCell(warehouse::RowWriter& row, int column, const CellText& cell) {
  if (cell.is_null()) {
    row.SetNull(column);
  } else {
    row.SetText(column, cell.view());
  }
}

// A progress line for writing one view, shown only when options.show_progress.
class ViewProgress {
 public:
  ViewProgress(const GenerateOptions& options, const std::string& view, int64_t total);
  void Update(int64_t done) {
    if (progress_) progress_->Update(done);
  }

 private:
  std::optional<Progress> progress_;
};

// The records of every chunk ordered by `day_of(record)`, ties in customer order and then
// in the order the customer produced them (a stable counting sort over days).
template <typename Record, typename DayOf>
std::vector<const Record*> OrderByDay(const Population& population,
                                      std::vector<Record> Chunk::*records, DayOf day_of) {
  Day lo = INT32_MAX, hi = INT32_MIN;
  size_t total = 0;
  for (const Chunk& chunk : population.chunks) {
    for (const Record& r : chunk.*records) {
      lo = std::min(lo, day_of(r));
      hi = std::max(hi, day_of(r));
    }
    total += (chunk.*records).size();
  }
  std::vector<const Record*> ordered(total);
  if (total == 0) return ordered;
  std::vector<size_t> next(static_cast<size_t>(hi - lo) + 2, 0);
  for (const Chunk& chunk : population.chunks) {
    for (const Record& r : chunk.*records) ++next[day_of(r) - lo + 1];
  }
  for (size_t i = 1; i < next.size(); ++i) next[i] += next[i - 1];
  for (const Chunk& chunk : population.chunks) {
    for (const Record& r : chunk.*records) ordered[next[day_of(r) - lo]++] = &r;
  }
  return ordered;
}

}  // namespace attrition::sources
