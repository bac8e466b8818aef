#include "sources/population.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "sources/customer_simulation.h"

namespace attrition::sources {
namespace {

constexpr int64_t kChunkCustomers = 2048;

}  // namespace

const Chunk& Population::ChunkOf(int64_t index) const { return chunks[index / kChunkCustomers]; }

const CustomerRecord& Population::Customer(int64_t index) const {
  const Chunk& chunk = ChunkOf(index);
  return chunk.customers[index - chunk.first_customer];
}

int64_t Population::CustomersLeft() const {
  int64_t total = 0;
  for (const Chunk& chunk : chunks) total += chunk.customers_left;
  return total;
}

int64_t Population::MonthsAtRisk() const {
  int64_t total = 0;
  for (const Chunk& chunk : chunks) total += chunk.months_at_risk;
  return total;
}

// Moves about options.payor_shift of the customers to kShiftedPayor, each chosen by a
// hash of (seed, customer index) so the choice does not depend on threads.
static void ShiftPayors(const GenerateOptions& options, Population* population) {
  const auto& payors = PayorTypes();
  const uint8_t shifted = static_cast<uint8_t>(
      std::find(payors.begin(), payors.end(), kShiftedPayor) - payors.begin());
  for (Chunk& chunk : population->chunks) {
    for (size_t i = 0; i < chunk.customers.size(); ++i) {
      uint64_t x = options.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(chunk.first_customer) +
                   i + 0x5851F42D4C957F2Dull;
      x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
      x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
      x ^= x >> 31;
      if (static_cast<double>(x >> 11) * 0x1.0p-53 < options.payor_shift) {
        chunk.customers[i].payor = shifted;
      }
    }
  }
}

Population SimulatePopulation(const GenerateOptions& options,
                              const std::function<void(int64_t)>& on_progress) {
  const SimulationCalendar calendar(options.start, options.end);
  Population population;
  population.customers = options.customers;
  population.first_month = options.start;
  population.months = calendar.months();
  population.first_day = calendar.first_day();
  population.last_day = calendar.last_day();
  const int64_t chunk_count = (options.customers + kChunkCustomers - 1) / kChunkCustomers;
  population.chunks.resize(chunk_count);

  // Workers take the next chunk from a shared counter; each chunk is filled by exactly one
  // worker from per-customer streams, so the split does not change the output.
  std::atomic<int64_t> next_chunk{0};
  std::atomic<int64_t> customers_done{0};
  auto work = [&](bool report) {
    CustomerSimulator simulator(calendar, options.seed);
    for (int64_t c = next_chunk++; c < chunk_count; c = next_chunk++) {
      Chunk& chunk = population.chunks[c];
      chunk.first_customer = c * kChunkCustomers;
      const int64_t end = std::min(options.customers, chunk.first_customer + kChunkCustomers);
      for (int64_t i = chunk.first_customer; i < end; ++i) simulator.Simulate(i, &chunk);
      customers_done += end - chunk.first_customer;
      if (report && on_progress) on_progress(customers_done.load());
    }
  };
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = static_cast<int>(std::clamp<int64_t>(threads, 1, chunk_count));
  std::vector<std::thread> helpers;
  for (int i = 1; i < threads; ++i) helpers.emplace_back(work, false);
  work(true);
  for (std::thread& helper : helpers) helper.join();
  if (options.payor_shift > 0) ShiftPayors(options, &population);
  return population;
}

}  // namespace attrition::sources
