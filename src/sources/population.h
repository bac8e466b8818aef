// The simulated population: per-customer attributes and the raw events (order lines,
// touchpoints, complaint lines, warranties) before ids, sorting and faults.
//
// Customers are simulated in chunks of consecutive indices; a chunk's events are stored
// customer by customer, each customer's in the order it produced them. Chunks are kept in
// index order, so iterating chunks then records visits customers in index order whatever
// the number of threads that filled them.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/sources.h"

namespace attrition::sources {

inline constexpr Day kNoDay = INT32_MIN;

enum class StartRightStatus : uint8_t { kNone, kInProgress, kWithdrawn, kCompleted };

struct CustomerRecord {
  Day birth = 0;
  Day insulin_start = 0;
  Day pump_start = 0;       // first pump (PUMP_START_DATE)
  Day enroll = kNoDay;      // StartRight enrolment; kNoDay when not in the view
  Day completion = kNoDay;  // StartRight completion; kNoDay when NULL
  StartRightStatus startright = StartRightStatus::kNone;
  uint8_t payor = 0;  // index into PayorTypes()
  uint8_t state = 0;  // index into kStates
  bool type2 = false;
  bool auto_reorder = false;
  uint8_t latest_model = 1;  // pump product id 1..3
  int32_t left_month = 0;    // month index (0 = first simulated month) it left; T if never
};

// One order line. Lines of one order are consecutive with line_no 1, 2, ...
struct SalesLine {
  int32_t customer;
  Day day;
  uint8_t line_no;
  uint8_t product_index;  // into kProducts
  uint8_t quantity;       // packs
  uint8_t channel;        // into kChannels
  bool returned;
};

struct Touchpoint {
  int32_t customer;
  Day day;
  uint8_t type;  // into kTouchpointTypes
};

// One complaint (SVN); its lines are ComplaintLine[first_line, first_line + line_count)
// of the same chunk, ordered by day, all on or before the last simulated day.
struct Complaint {
  int32_t customer;
  Day day;  // day of the first line
  uint32_t first_line;
  uint8_t line_count;
};

struct ComplaintLine {
  Day day;
  uint8_t reason;  // into kReasonCodes, or kHarmReasonIndex
};

struct Warranty {
  int32_t customer;
  Day start;
  Day end;
  uint8_t model;     // pump product id 1..3
  uint8_t status;    // WarrantyStatus
  bool legacy_code;  // status written in legacy form (ACT) rather than E-code (E0002)
};

struct Chunk {
  int64_t first_customer = 0;
  std::vector<CustomerRecord> customers;  // customers first_customer, first_customer+1, ...
  std::vector<SalesLine> sales;
  std::vector<Touchpoint> touchpoints;
  std::vector<Complaint> complaints;
  std::vector<ComplaintLine> complaint_lines;
  std::vector<Warranty> warranties;
  int64_t customers_left = 0;
  int64_t months_at_risk = 0;
};

struct Population {
  int64_t customers = 0;
  Month first_month = 0;
  int months = 0;  // T
  Day first_day = 0;
  Day last_day = 0;
  std::vector<Chunk> chunks;

  const CustomerRecord& Customer(int64_t index) const;
  // The chunk holding customer `index` and its events.
  const Chunk& ChunkOf(int64_t index) const;
  int64_t CustomersLeft() const;
  int64_t MonthsAtRisk() const;
};

// Simulates options.customers customers on options.threads threads (0 = all cores),
// calling `on_progress(customers_done)` from the calling thread after each chunk it
// finishes. The result does not depend on the number of threads.
// REQUIRES: ValidateGenerateOptions(options).ok()
Population SimulatePopulation(const GenerateOptions& options,
                              const std::function<void(int64_t)>& on_progress);

}  // namespace attrition::sources
