#include "sources/customer_simulation.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "attrition/sources.h"
#include "sources/catalogue.h"
#include "sources/random.h"

namespace attrition::sources {

SimulationCalendar::SimulationCalendar(Month first, Month last) : first_month_(first) {
  for (Month m = first; m <= last + 1; ++m) month_start_.push_back(FirstDayOfMonth(m));
}

namespace {

constexpr Behaviour kB = kBehaviour;
constexpr std::array<double, 4> kComplaintLineShare = {0.35, 0.35, 0.20, 0.10};  // 1..4 lines
constexpr std::array<double, 3> kInfusionSetShare = {0.5, 0.3, 0.2};  // products 10, 11, 12
constexpr double kPumpReturnProb = 0.01;
constexpr double kLegacyStatusShare = 0.4;

// Same day of month `years` later; 29 Feb becomes 28 Feb.
Day AddYears(Day day, int years) {
  const CivilDate c = CivilFromDay(day);
  return DayFromCivil(c.year + years, c.month,
                      std::min(c.day, DaysInMonth(c.year + years, c.month)));
}

// S_L(x)(t) = sum_{k<L} (L-k) x(t-k) / L over months >= 0 (SPEC 4, features.py I9).
double Lookback(const std::vector<int32_t>& x, int t, int length) {
  int64_t sum = 0;
  for (int m = std::max(0, t - length + 1); m <= t; ++m) sum += (length - (t - m)) * x[m];
  return static_cast<double>(sum) / length;
}

// One customer's state while its months are simulated.
class CustomerLife {
 public:
  CustomerLife(const SimulationCalendar& cal, uint64_t seed, int64_t index,
               std::vector<int32_t>* complaints, std::vector<int32_t>* harms,
               std::vector<int32_t>* returns, std::vector<Warranty>* warranties, Chunk* chunk)
      : cal_(cal),
        rng_(seed, StreamDomain::kCustomer, static_cast<uint64_t>(index)),
        customer_(static_cast<int32_t>(index)),
        complaints_(*complaints),
        harms_(*harms),
        returns_(*returns),
        warranties_(*warranties),
        chunk_(*chunk) {}

  void Run() {
    DrawProfile();
    StartWarranties();
    StartSupply();
    for (int t = 0; t < cal_.months(); ++t) {
      if (alive_) MaybeLeave(t);
      if (!alive_) break;
      MaybePause(t);
      PlaceOrders(t);
      ComplainAndCallIn(t);
      EndWarranty(t);
    }
    FinishStartRight();
    FinishWarranties();
    chunk_.customers.push_back(record_);
    const int months = cal_.months();
    if (record_.left_month < months) ++chunk_.customers_left;
    chunk_.months_at_risk +=
        std::max(0, std::min(record_.left_month + 1, months) - (first_month_ + 1));
  }

 private:
  void DrawProfile();
  void StartWarranties();
  void StartSupply();
  void MaybeLeave(int t);
  void MaybePause(int t);
  void PlaceOrders(int t);
  void PlaceOrder(int t, Day day);
  void ComplainAndCallIn(int t);
  void AddComplaint(Day day, bool harm);
  void EndWarranty(int t);
  // Starts a new pump and its 4-year warranty on `day`, recorded when not after the last
  // simulated day; the pump order is emitted when the renewal happens during the
  // simulation (`in_simulation`, even if dated up to 30 days before the first month) or
  // falls inside the window (gen.py).
  void RenewPump(Day day, bool in_simulation);
  void EmitPump(Day day, int model);
  void FinishStartRight();
  void FinishWarranties();
  Day DayInMonth(int t) {
    return std::max<Day>(cal_.MonthStart(t) + rng_.Integer(0, cal_.DaysIn(t)), pump_start_);
  }

  const SimulationCalendar& cal_;
  Rng rng_;
  int32_t customer_;
  std::vector<int32_t>& complaints_;
  std::vector<int32_t>& harms_;
  std::vector<int32_t>& returns_;
  std::vector<Warranty>& warranties_;
  Chunk& chunk_;
  std::vector<bool> failed_;  // per original warranty: replaced after a malfunction

  CustomerRecord record_;
  Day pump_start_ = 0;
  int first_month_ = 0;
  bool startright_ = false;
  bool cgm_ = false;
  int infusion_set_product_ = 10;
  int reservoir_product_ = 20;
  int days_per_pack_ = 30;
  int preferred_channel_ = 1;
  double static_eta_ = 0;
  double complaint_prob_ = 0;
  double return_prob_ = 0;
  double touch_rate_ = 0;

  Day warranty_end_ = 0;
  bool warranty_expired_ = false;
  Day next_order_ = 0;
  Day pause_end_ = INT32_MIN / 2;
  bool alive_ = true;
};

void CustomerLife::DrawProfile() {
  const PlantedHazard& hz = PlantedHazardModel();
  const Day start = cal_.first_day();
  const bool existing = rng_.Bernoulli(kB.existing_share);
  record_.type2 = rng_.Bernoulli(kB.type2_share);
  const double age =
      std::clamp(record_.type2 ? rng_.Normal(58, 11) : rng_.Normal(34, 16), 6.0, 88.0);
  record_.birth = start - static_cast<Day>(age * 365.25) - rng_.Integer(0, 365);
  const Day span_new = std::max<Day>(1, cal_.last_day() - 120 - start);
  pump_start_ = existing ? start - rng_.Integer(30, 6 * 365) : start + rng_.Integer(0, span_new);
  pump_start_ = std::max(pump_start_, record_.birth + 2 * 365);
  record_.pump_start = pump_start_;
  const double years_on_insulin = 0.3 + 11.7 * rng_.Uniform();
  record_.insulin_start = std::min(
      std::max<Day>(pump_start_ - static_cast<Day>(years_on_insulin * 365.25), record_.birth + 180),
      pump_start_);
  record_.payor = static_cast<uint8_t>(age >= 65 ? rng_.Pick(kPayorShare65Plus)
                                                 : rng_.Pick(kPayorShareUnder65));
  record_.state = static_cast<uint8_t>(rng_.Pick(kStateShare));
  record_.auto_reorder = rng_.Bernoulli(kB.auto_reorder_share);
  cgm_ = rng_.Bernoulli(kB.cgm_share);
  const bool extended = rng_.Bernoulli(kB.extended_set_share);
  infusion_set_product_ = extended ? 13 : 10 + rng_.Pick(kInfusionSetShare);
  reservoir_product_ = extended ? 22 : (rng_.Bernoulli(0.6) ? 20 : 21);
  days_per_pack_ = extended ? 35 : 30;
  startright_ = rng_.Bernoulli(kB.startright_share);
  record_.enroll = pump_start_ + rng_.Integer(0, 31);
  const double random_effect = rng_.Normal(0.0, hz.random_effect_sd);
  complaint_prob_ = kB.complaint_rate * rng_.LogNormal(0.0, 0.6);
  return_prob_ = std::min(0.5, kB.return_rate * rng_.LogNormal(0.0, 0.7));
  touch_rate_ = kB.touch_rate * rng_.LogNormal(0.0, 0.5);
  preferred_channel_ = 1 + rng_.Integer(0, 3);
  static_eta_ = hz.intercept + hz.payor[record_.payor] + hz.diagnosis_type_2 * record_.type2 +
                hz.auto_reorder * record_.auto_reorder + random_effect;
  first_month_ =
      pump_start_ > cal_.last_day() ? cal_.months() : std::max(0, cal_.MonthIndex(pump_start_));
  record_.left_month = cal_.months();
}

void CustomerLife::StartWarranties() {
  const int model = PumpModelAt(pump_start_, rng_.Uniform());
  record_.latest_model = static_cast<uint8_t>(model);
  warranty_end_ = AddYears(pump_start_, 4);
  warranties_.push_back(
      {customer_, pump_start_, warranty_end_, static_cast<uint8_t>(model), 0, false});
  if (pump_start_ >= cal_.first_day() && pump_start_ <= cal_.last_day()) {
    EmitPump(pump_start_, model);
  }
  // Warranties that ended before the first month: renewed or expired back then.
  for (int round = 0; round < 4 && !warranty_expired_ && warranty_end_ < cal_.first_day();
       ++round) {
    if (rng_.Bernoulli(kB.renew_prob)) {
      RenewPump(warranty_end_ + rng_.Integer(-30, 46), false);
    } else {
      warranty_expired_ = true;
    }
  }
}

void CustomerLife::StartSupply() {
  const Day start = cal_.first_day();
  if (pump_start_ >= start) {
    next_order_ = pump_start_ + rng_.Integer(0, 11);
  } else {
    next_order_ = start + (record_.auto_reorder ? rng_.Integer(0, kB.auto_cadence_days)
                                                : rng_.Integer(0, 75));
  }
}

void CustomerLife::MaybeLeave(int t) {
  if (t == 0 || first_month_ >= t) return;
  const PlantedHazard& hz = PlantedHazardModel();
  const Day month_start = cal_.MonthStart(t);
  const double age_decades = ((month_start - record_.birth) / 365.25 - 45.0) / 10.0;
  const bool enrolled = startright_ && record_.enroll < month_start;
  const double eta = static_eta_ + hz.age_per_decade * age_decades + hz.startright * enrolled +
                     hz.complaint_score_18m * Lookback(complaints_, t - 1, 18) +
                     hz.harm_score_18m * Lookback(harms_, t - 1, 18) +
                     hz.returned_score_6m * Lookback(returns_, t - 1, 6) +
                     hz.warranty_expired * warranty_expired_;
  const double hazard = 1.0 / (1.0 + DeterministicExp(-eta));
  if (rng_.Uniform() < hazard) {
    alive_ = false;
    record_.left_month = t;
  }
}

void CustomerLife::MaybePause(int t) {
  if (first_month_ > t || pause_end_ >= cal_.MonthStart(t)) return;
  if (!rng_.Bernoulli(kB.pause_prob_month)) return;
  pause_end_ = cal_.MonthStart(t) + rng_.Integer(kB.pause_days_min, kB.pause_days_max + 1);
  next_order_ = std::max(next_order_, pause_end_);
}

void CustomerLife::PlaceOrders(int t) {
  // Several orders in one month are possible when the gap is short.
  while (next_order_ <= cal_.MonthEnd(t)) PlaceOrder(t, next_order_);
}

void CustomerLife::PlaceOrder(int t, Day day) {
  static const Day kGuardian4Launch = DayFromCivil(2021, 6, 1);
  const bool is_auto = record_.auto_reorder;
  const int packs = is_auto ? 3 : 1 + rng_.Pick(kB.irregular_packs_share);
  const int products[3] = {infusion_set_product_, reservoir_product_,
                           day < kGuardian4Launch ? 30 : 31};
  const bool has[3] = {true, rng_.Bernoulli(0.95), cgm_ && rng_.Bernoulli(0.9)};
  const uint8_t channel = static_cast<uint8_t>(is_auto ? kAutoReorderChannel : preferred_channel_);
  uint8_t line_no = 0;
  for (int j = 0; j < 3; ++j) {
    if (!has[j]) continue;
    const bool returned = rng_.Bernoulli(return_prob_);
    returns_[t] += returned;
    chunk_.sales.push_back({customer_, day, ++line_no,
                            static_cast<uint8_t>(ProductIndex(products[j])),
                            static_cast<uint8_t>(packs), channel, returned});
  }
  Day gap;
  if (is_auto) {
    gap = kB.auto_cadence_days + rng_.Integer(-3, 4);
  } else {
    const double supply = packs * days_per_pack_ * rng_.LogNormal(0.0, kB.irregular_gap_sigma);
    gap = std::max<Day>(14, static_cast<Day>(std::nearbyint(supply)));
  }
  next_order_ = day + gap;
}

void CustomerLife::ComplainAndCallIn(int t) {
  if (first_month_ > t) return;
  if (rng_.Bernoulli(complaint_prob_)) {
    const Day day = DayInMonth(t);
    const bool harm = rng_.Bernoulli(kB.harm_share);
    ++complaints_[t];
    harms_[t] += harm;
    AddComplaint(day, harm);
  }
  const double rate = touch_rate_ * (1.0 + kB.touch_after_complaint * (complaints_[t] > 0));
  for (int64_t n = rng_.Poisson(std::min(rate, 500.0)); n > 0; --n) {
    const Day day = DayInMonth(t);
    chunk_.touchpoints.push_back(
        {customer_, day, static_cast<uint8_t>(rng_.Pick(kTouchpointTypeShare))});
  }
}

void CustomerLife::AddComplaint(Day day, bool harm) {
  // 1-4 lines over 40 days; a harm SVN has one Z101 line, possibly not the first.
  const int lines = 1 + rng_.Pick(kComplaintLineShare);
  const int harm_line = static_cast<int>(rng_.Integer(0, lines));
  ComplaintLine drawn[4];
  for (int pos = 0; pos < lines; ++pos) {
    drawn[pos].day = pos == 0 ? day : day + static_cast<Day>(rng_.Integer(1, 41));
    const int reason = static_cast<int>(rng_.Integer(0, kReasonCodes.size()));
    drawn[pos].reason = static_cast<uint8_t>(harm && pos == harm_line ? kHarmReasonIndex : reason);
  }
  std::stable_sort(drawn, drawn + lines,
                   [](const ComplaintLine& a, const ComplaintLine& b) { return a.day < b.day; });
  Complaint complaint{customer_, day, static_cast<uint32_t>(chunk_.complaint_lines.size()), 0};
  for (int pos = 0; pos < lines; ++pos) {
    if (drawn[pos].day > cal_.last_day()) continue;  // not yet written at the extract
    chunk_.complaint_lines.push_back(drawn[pos]);
    ++complaint.line_count;
  }
  chunk_.complaints.push_back(complaint);
}

void CustomerLife::EndWarranty(int t) {
  if (warranty_expired_ || warranty_end_ < cal_.MonthStart(t) || warranty_end_ > cal_.MonthEnd(t)) {
    return;
  }
  if (rng_.Bernoulli(kB.renew_prob)) {
    RenewPump(warranty_end_ + rng_.Integer(-30, 46), true);
  } else {
    warranty_expired_ = true;
  }
}

void CustomerLife::RenewPump(Day day, bool in_simulation) {
  const int model = PumpModelAt(day, rng_.Uniform());
  warranty_end_ = AddYears(day, 4);
  if (day > cal_.last_day()) return;  // after the extract: not in any view
  warranties_.push_back({customer_, day, warranty_end_, static_cast<uint8_t>(model), 0, false});
  if (in_simulation || day >= cal_.first_day()) EmitPump(day, model);
  record_.latest_model = static_cast<uint8_t>(model);
}

void CustomerLife::EmitPump(Day day, int model) {
  chunk_.sales.push_back({customer_, day, 1, static_cast<uint8_t>(ProductIndex(model)), 1,
                          static_cast<uint8_t>(kPumpChannel), rng_.Bernoulli(kPumpReturnProb)});
}

void CustomerLife::FinishStartRight() {
  if (!startright_ || record_.enroll > cal_.last_day()) {
    record_.enroll = kNoDay;
    return;
  }
  const Day completion = record_.enroll + rng_.Integer(14, 91);
  const bool withdrawn = rng_.Bernoulli(kB.startright_withdrawn_share);
  if (completion > cal_.last_day()) {
    record_.startright = StartRightStatus::kInProgress;
  } else if (withdrawn) {
    record_.startright = StartRightStatus::kWithdrawn;
  } else {
    record_.startright = StartRightStatus::kCompleted;
    record_.completion = completion;
  }
}

void CustomerLife::FinishWarranties() {
  // Malfunction replacements: the original turns MAL/RETU, the replacement starts later
  // and keeps the original end date.
  const Day last_day = record_.left_month < cal_.months() ? cal_.MonthStart(record_.left_month) - 1
                                                          : cal_.last_day();
  const size_t originals = warranties_.size();
  failed_.assign(originals, false);
  for (size_t i = 0; i < originals; ++i) {
    const Warranty w = warranties_[i];
    const Day span = std::min({w.end, last_day, cal_.last_day()}) - w.start;
    if (!rng_.Bernoulli(kB.replacement_prob) || span <= 60) continue;
    failed_[i] = true;
    warranties_[i].status = static_cast<uint8_t>(
        rng_.Bernoulli(0.5) ? WarrantyStatus::kReturned : WarrantyStatus::kMalfunctioning);
    const Day replaced = w.start + 30 + static_cast<Day>(rng_.Uniform() * (span - 30));
    warranties_.push_back({customer_, replaced, w.end, w.model, 0, false});
  }
  for (size_t i = 0; i < warranties_.size(); ++i) {
    Warranty& w = warranties_[i];
    w.legacy_code = rng_.Bernoulli(kLegacyStatusShare);
    if (i < originals && failed_[i]) continue;
    w.status = static_cast<uint8_t>(WarrantyStatus::kActive);
    if (!rng_.Bernoulli(kB.active_status_share)) {
      w.status = static_cast<uint8_t>(kOtherStatus[rng_.Pick(kOtherStatusShare)]);
    }
  }
  chunk_.warranties.insert(chunk_.warranties.end(), warranties_.begin(), warranties_.end());
}

}  // namespace

CustomerSimulator::CustomerSimulator(const SimulationCalendar& calendar, uint64_t seed)
    : calendar_(calendar),
      seed_(seed),
      complaints_(calendar.months()),
      harms_(calendar.months()),
      returns_(calendar.months()) {}

void CustomerSimulator::Simulate(int64_t index, Chunk* chunk) {
  std::fill(complaints_.begin(), complaints_.end(), 0);
  std::fill(harms_.begin(), harms_.end(), 0);
  std::fill(returns_.begin(), returns_.end(), 0);
  warranties_.clear();
  CustomerLife(calendar_, seed_, index, &complaints_, &harms_, &returns_, &warranties_, chunk)
      .Run();
}

}  // namespace attrition::sources
