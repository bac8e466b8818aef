#include "features/feature_tables.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>

#include "features/source_values.h"

namespace attrition::features {
namespace {

using warehouse::Column;
using warehouse::ColumnType;
using warehouse::RowWriter;
using warehouse::Schema;
constexpr ColumnType kInt = ColumnType::kInteger;
constexpr ColumnType kReal = ColumnType::kReal;
constexpr ColumnType kText = ColumnType::kText;

// CUSTOMER_ID, MRN[, MONTH], then `columns`, then the metadata columns.
Schema TableSchema(bool with_month, std::vector<Column> columns) {
  Schema schema{{"CUSTOMER_ID", kText}, {"MRN", kText}};
  if (with_month) schema.push_back({"MONTH", kText});
  schema.insert(schema.end(), columns.begin(), columns.end());
  schema.push_back({"INGESTED_DATE", kText});
  schema.push_back({"UPDATED_DATE", kText});
  schema.push_back({"STAGE", kText});
  return schema;
}

// Writes the columns every row shares and counts rows into a Progress.
class RowSink {
 public:
  RowSink(RowWriter& writer, Progress& progress, const CustomerDirectory& customers,
          const RunStamp& stamp, int column_count)
      : w(writer), progress_(progress), customers_(customers), stamp_(stamp),
        meta_(column_count - 3) {}

  void Customer(int32_t c) {
    w.SetText(0, customers_.Id(c));
    Text(1, customers_.Mrn(c, &text_), text_);
  }
  void MonthText(std::string_view text) { w.SetText(2, text); }
  void Text(int column, bool present, std::string_view value) {
    if (present) {
      w.SetText(column, value);
    } else {
      w.SetNull(column);
    }
  }
  // An integer where `null` marks NULL.
  template <typename T>
  void Nullable(int column, T value, T null) {
    if (value == null) {
      w.SetNull(column);
    } else {
      w.SetInteger(column, value);
    }
  }
  Status End() {
    w.SetText(meta_, stamp_.timestamp);
    w.SetText(meta_ + 1, stamp_.timestamp);
    w.SetText(meta_ + 2, stamp_.stage);
    progress_.Update(++rows_);
    return w.EndRow();
  }

  RowWriter& w;

 private:
  Progress& progress_;
  const CustomerDirectory& customers_;
  const RunStamp& stamp_;
  const int meta_;
  int64_t rows_ = 0;
  std::string_view text_;
};

// 'YYYY-MM' of every spine month, formatted once.
class MonthTexts {
 public:
  explicit MonthTexts(const FeatureTimelines& timelines) : last_(timelines.as_of()) {
    first_ = last_;
    for (int32_t c = 0; c < timelines.customers(); ++c) {
      first_ = std::min(first_, timelines.firsts(c).sale);
    }
    texts_.resize(7 * (static_cast<size_t>(last_ - first_) + 1));
    for (Month m = first_; m <= last_; ++m) FormatMonthTo(m, &texts_[7 * (m - first_)]);
  }
  // REQUIRES: a spine month
  std::string_view Of(Month m) const { return std::string_view(&texts_[7 * (m - first_)], 7); }

 private:
  Month first_, last_;
  std::string texts_;
};

constexpr Month kEarliestMonth = std::numeric_limits<Month>::min();

struct Context {
  const CustomerDirectory& customers;
  const FeatureTimelines& timelines;
  const RunStamp& stamp;
  std::shared_ptr<const MonthTexts> months;
};

// Rows from month `from(c)` (kNever: none) to the as-of month of every spine customer,
// never before the spine start (I3); `keep(features)` may skip a month.
template <typename From, typename Keep, typename Fill>
Status WriteSpineRows(const Context& ctx, const Schema& schema, RowWriter& writer,
                      Progress& progress, From from, Keep keep, Fill fill) {
  RowSink sink(writer, progress, ctx.customers, ctx.stamp, static_cast<int>(schema.size()));
  const Month as_of = ctx.timelines.as_of();
  for (int32_t c = 0; c < ctx.timelines.customers(); ++c) {
    const std::span<const MonthFeatures> months = ctx.timelines.Of(c);
    if (months.empty()) continue;
    const Month start = ctx.timelines.firsts(c).sale;
    const Month first = std::max(start, from(c));
    if (first == kNever) continue;
    for (Month m = first; m <= as_of; ++m) {
      const MonthFeatures& f = months[m - start];
      if (!keep(f)) continue;
      sink.Customer(c);
      sink.MonthText(ctx.months->Of(m));
      fill(sink, c, m, f);
      ATTRITION_RETURN_IF_ERROR(sink.End());
    }
  }
  return Status::OK();
}

// Rows of a spine table: months from(c) .. as_of of every spine customer.
template <typename From>
int64_t CountSpineRows(const FeatureTimelines& t, From from) {
  int64_t rows = 0;
  for (int32_t c = 0; c < t.customers(); ++c) {
    const Month start = t.firsts(c).sale;
    const Month first = std::max(start, from(c));
    if (start != kNever && first != kNever) rows += t.as_of() - first + 1;
  }
  return rows;
}

double Score(int64_t numerator, int lookback) {
  return static_cast<double>(numerator) / lookback;  // I9: one division of the exact sum
}

double MeanWarrantyLength(const MonthFeatures& f) {
  return f.covering_warranties > 0
             ? static_cast<double>(f.warranty_length_sum) / f.covering_warranties
             : 0.0;
}

FeatureTable DemoTable(const Context& ctx) {
  FeatureTable t{"PA_DEMO_INTERMEDIATE_FEATURES",
                 TableSchema(false, {{"IS_PAYOR_TYPE", kText}, {"IS_DIAGNOSIS_TYPE", kText},
                                     {"IS_AUTO_REORDER_FLAG", kInt}, {"BIRTH_DATE", kText},
                                     {"INSULIN_START_DATE", kText}}),
                 ctx.customers.size(), {}};
  const int columns = static_cast<int>(t.schema.size());
  t.write = [ctx, columns](RowWriter& writer, Progress& progress) -> Status {
    RowSink sink(writer, progress, ctx.customers, ctx.stamp, columns);
    std::string_view text;
    for (int32_t c = 0; c < ctx.customers.size(); ++c) {
      sink.Customer(c);
      sink.Text(2, ctx.customers.PayorType(c, &text), text);
      sink.Text(3, ctx.customers.DiagnosisType(c, &text), text);
      writer.SetInteger(4, ctx.customers.auto_reorder(c) ? 1 : 0);
      const Day birth = ctx.customers.birth_date(c);
      const Day insulin = ctx.customers.insulin_start_date(c);
      sink.Text(5, birth != kBadDay, birth != kBadDay ? FormatDay(birth) : "");
      sink.Text(6, insulin != kBadDay, insulin != kBadDay ? FormatDay(insulin) : "");
      ATTRITION_RETURN_IF_ERROR(sink.End());
    }
    return Status::OK();
  };
  return t;
}

FeatureTable SalesTable(const Context& ctx) {
  FeatureTable t{"PA_SALES_INTERMEDIATE_FEATURES",
                 TableSchema(true, {{"NUM_CUM_ACTIVE_MONTH", kInt},
                                    {"NUM_LAST_ORDER_CUM_ACTIVE_MONTHS", kInt},
                                    {"NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE", kReal},
                                    {"NUM_INFUSION_SET_RESIDUAL_ADJ", kInt},
                                    {"IS_ACTIVE", kInt},
                                    {"IS_ATTRITION_FLAG_C", kInt}}),
                 ctx.timelines.spine_rows(), {}};
  t.write = [ctx, schema = t.schema](RowWriter& writer, Progress& progress) {
    return WriteSpineRows(
        ctx, schema, writer, progress, [](int32_t) { return kEarliestMonth; },
        [](const MonthFeatures&) { return true; },
        [](RowSink& s, int32_t, Month, const MonthFeatures& f) {
          s.w.SetInteger(3, f.cum_active_months);
          s.Nullable(4, f.months_since_order, kNullInt32);
          s.w.SetReal(5, Score(f.returned_x6, kReturnLookback));
          s.w.SetInteger(6, f.supply_days);
          s.w.SetInteger(7, f.active);
          s.Nullable<int32_t>(8, f.label, -1);
        });
  };
  return t;
}

// A table of the spine months on or after the customer's first row of a view (I3).
template <typename FirstOf, typename Fill>
FeatureTable ViewTable(const Context& ctx, std::string name, std::vector<Column> columns,
                       FirstOf first_of, Fill fill) {
  FeatureTable t{std::move(name), TableSchema(true, std::move(columns)), 0, {}};
  const auto from = [&timelines = ctx.timelines, first_of](int32_t c) {
    return first_of(timelines.firsts(c));
  };
  t.rows = CountSpineRows(ctx.timelines, from);
  t.write = [ctx, schema = t.schema, from, fill](RowWriter& writer, Progress& progress) {
    return WriteSpineRows(ctx, schema, writer, progress, from,
                          [](const MonthFeatures&) { return true; }, fill);
  };
  return t;
}

// PA_MODELING_DATASET: the active spine months, with every other table's columns (I16).
FeatureTable ModelingTable(const Context& ctx) {
  FeatureTable t{"PA_MODELING_DATASET",
                 TableSchema(true, {{"IS_PAYOR_TYPE", kText},
                                    {"IS_DIAGNOSIS_TYPE", kText},
                                    {"IS_AUTO_REORDER_FLAG", kInt},
                                    {"NUM_AGE", kInt},
                                    {"NUM_YEARS_ON_INSULIN", kInt},
                                    {"NUM_CUM_ACTIVE_MONTH", kInt},
                                    {"NUM_LAST_ORDER_CUM_ACTIVE_MONTHS", kInt},
                                    {"NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE", kReal},
                                    {"NUM_INFUSION_SET_RESIDUAL_ADJ", kInt},
                                    {"IS_ACTIVE", kInt},
                                    {"IS_SR", kInt},
                                    {"NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE", kReal},
                                    {"NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE", kReal},
                                    {"NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE", kReal},
                                    {"IS_WARRANTY_ACTIVE", kInt},
                                    {"LENGTH_OF_WARRANTY_IN_MONTHS", kReal},
                                    {"NUM_MONTHS_TO_WARRANTY_END", kInt},
                                    {"IS_ATTRITION_FLAG_C", kInt}}),
                 ctx.timelines.active_rows(), {}};
  t.write = [ctx, schema = t.schema](RowWriter& writer, Progress& progress) {
    std::string_view text;
    return WriteSpineRows(
        ctx, schema, writer, progress, [](int32_t) { return kEarliestMonth; },
        [](const MonthFeatures& f) { return f.active != 0; },
        [&](RowSink& s, int32_t c, Month m, const MonthFeatures& f) {
          s.Text(3, ctx.customers.PayorType(c, &text), text);
          s.Text(4, ctx.customers.DiagnosisType(c, &text), text);
          s.w.SetInteger(5, ctx.customers.auto_reorder(c) ? 1 : 0);
          s.Nullable(6, f.age, kNullInt16);
          s.Nullable(7, f.years_on_insulin, kNullInt16);
          s.w.SetInteger(8, f.cum_active_months);
          s.w.SetInteger(9, f.months_since_order);  // never NULL in an active month
          s.w.SetReal(10, Score(f.returned_x6, kReturnLookback));
          s.w.SetInteger(11, f.supply_days);
          s.w.SetInteger(12, 1);
          s.w.SetInteger(13, m >= ctx.timelines.firsts(c).enrolment ? 1 : 0);
          s.w.SetReal(14, Score(f.notes_x12, kNoteLookback));
          s.w.SetReal(15, Score(f.regular_x18, kComplaintLookback));
          s.w.SetReal(16, Score(f.harm_x18, kComplaintLookback));
          s.w.SetInteger(17, f.covering_warranties > 0 ? 1 : 0);
          s.w.SetReal(18, MeanWarrantyLength(f));
          s.Nullable(19, f.months_to_warranty_end, kNullInt32);
          s.Nullable<int32_t>(20, f.label, -1);
        });
  };
  return t;
}

}  // namespace

std::vector<FeatureTable> FeatureTables(const CustomerDirectory& customers,
                                        const FeatureTimelines& timelines,
                                        const RunStamp& stamp) {
  const Context ctx{customers, timelines, stamp, std::make_shared<MonthTexts>(timelines)};
  std::vector<FeatureTable> tables;
  tables.push_back(DemoTable(ctx));
  tables.push_back(SalesTable(ctx));
  tables.push_back(ViewTable(
      ctx, "PA_STARTRIGHT_INTERMEDIATE_FEATURES", {{"IS_SR", kInt}},
      [](const CustomerFirsts& f) { return f.enrolment; },
      [](RowSink& s, int32_t, Month, const MonthFeatures&) { s.w.SetInteger(3, 1); }));
  tables.push_back(ViewTable(
      ctx, "PA_TOUCHPOINT_INTERMEDIATE_FEATURES",
      {{"NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE", kReal}},
      [](const CustomerFirsts& f) { return f.touchpoint; },
      [](RowSink& s, int32_t, Month, const MonthFeatures& f) {
        s.w.SetReal(3, Score(f.notes_x12, kNoteLookback));
      }));
  tables.push_back(ViewTable(
      ctx, "PA_COMPLAINTS_INTERMEDIATE_FEATURES",
      {{"NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE", kReal},
       {"NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE", kReal}},
      [](const CustomerFirsts& f) { return f.complaint; },
      [](RowSink& s, int32_t, Month, const MonthFeatures& f) {
        s.w.SetReal(3, Score(f.regular_x18, kComplaintLookback));
        s.w.SetReal(4, Score(f.harm_x18, kComplaintLookback));
      }));
  tables.push_back(ViewTable(
      ctx, "PA_WARRANTY_INTERMEDIATE_FEATURES",
      {{"IS_WARRANTY_ACTIVE", kInt}, {"LENGTH_OF_WARRANTY_IN_MONTHS", kReal},
       {"NUM_MONTHS_TO_WARRANTY_END", kInt}},
      [](const CustomerFirsts& f) { return f.warranty; },
      [](RowSink& s, int32_t, Month, const MonthFeatures& f) {
        s.w.SetInteger(3, f.covering_warranties > 0 ? 1 : 0);
        s.w.SetReal(4, MeanWarrantyLength(f));
        s.Nullable(5, f.months_to_warranty_end, kNullInt32);
      }));
  tables.push_back(ModelingTable(ctx));
  return tables;
}

}  // namespace attrition::features
