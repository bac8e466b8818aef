// RandomSources: plausible, partly dirty source views for property tests.
#include <cstdio>

#include "attrition/calendar.h"
#include "features/source_fixture.h"

namespace attrition::features::testing {
namespace {

class Random {
 public:
  explicit Random(uint32_t seed) : engine_(seed) {}
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }

 private:
  std::mt19937 engine_;
};

std::string Id(const char* prefix, int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%04lld", prefix, static_cast<long long>(n));
  return buf;
}

// Builds one view's rows for one customer, breaking `dirty` of them.
class CustomerWriter {
 public:
  CustomerWriter(SourceFixture* f, Random* r, const RandomSourceOptions& o, std::string id)
      : f_(f), r_(r), o_(o), id_(std::move(id)) {}

  Value Date(Month month) {
    if (r_->Chance(o_.dirty / 3)) {
      static const Value kBad[] = {kNull, Text("N/A"), Text("2021-02-30"), Text("13/05/2021"),
                                   Text("2099-01-01")};
      return kBad[r_->Uniform(0, 4)];
    }
    const int day = r_->Uniform(1, DaysInMonth(month));
    return Text(FormatDay(FirstDayOfMonth(month) + day - 1));
  }
  Value Customer() { return r_->Chance(o_.dirty / 3) ? Text(" " + id_) : Text(id_); }

  void Orders(Month start, Month end, int64_t* order_seq) {
    const int gap = r_->Uniform(1, 4);
    for (Month m = start; m <= end; m += r_->Uniform(1, gap + 1)) {
      const Value order = Text(Id("O", ++(*order_seq)));
      const Value date = Date(m);
      const int lines = r_->Uniform(1, 3);
      for (int line = 1; line <= lines; ++line) {
        const bool returned = r_->Chance(0.06);
        Value product = Int(r_->Uniform(m == start ? 1 : 2, 4));
        Value quantity = Int(r_->Uniform(0, 3));
        if (r_->Chance(o_.dirty / 3)) product = Int(99);
        if (r_->Chance(o_.dirty / 3)) quantity = Int(-1);
        f_->Sale(order, Int(line), Customer(), date, product, quantity, Int(returned ? 1 : 0));
        if (r_->Chance(o_.dirty / 2)) {  // a duplicated line, sometimes with a later date
          f_->Sale(order, Int(line), Text(id_), r_->Chance(0.5) ? date : Date(m + 1), product,
                   quantity, Int(0));
        }
      }
    }
  }

  void Contacts(Month start, Month end, int64_t* seq) {
    for (Month m = start - 3; m <= end; ++m) {
      if (r_->Chance(0.3)) f_->Touchpoint(Text(Id("T", ++(*seq))), Customer(), Date(m));
      if (r_->Chance(0.04)) {
        const Value svn = Text(Id("SVN", ++(*seq)));
        const int lines = r_->Uniform(1, 3);
        const int harm_line = r_->Chance(0.3) ? r_->Uniform(0, lines - 1) : -1;
        for (int i = 0; i < lines; ++i) {
          f_->Complaint(svn, Customer(), Date(m + (i == 0 ? 0 : r_->Uniform(0, 2))),
                        Text(i == harm_line ? "Z101" : "R" + std::to_string(r_->Uniform(1, 9))));
        }
      }
    }
    if (r_->Chance(0.5)) f_->Enrolment(Customer(), Date(start + r_->Uniform(-2, 3)));
  }

  void Warranties(Month start, Month end) {
    static const char* kStatus[] = {"E0002", "ACT", "Active", "E0003", "RETU", "MAL", "BOGUS"};
    for (Month m = start - r_->Uniform(0, 30); m <= end; m += 48) {
      const Month stop = m + 47 + r_->Uniform(-1, 1);
      const Value status = Text(kStatus[r_->Chance(0.8) ? r_->Uniform(0, 2) : r_->Uniform(3, 6)]);
      f_->Warranty(Customer(), Date(m), Text(FormatDay(LastDayOfMonth(stop) - r_->Uniform(0, 20))),
                   status);
    }
  }

 private:
  SourceFixture* f_;
  Random* r_;
  const RandomSourceOptions& o_;
  std::string id_;
};

}  // namespace

SourceFixture RandomSources(const RandomSourceOptions& options) {
  SourceFixture f;
  f.StandardProducts();
  Random r(options.seed);
  const Month first = MonthFromYearMonth(options.first_month_year, 1);
  const Month last = first + options.months - 1;
  int64_t order_seq = 0, contact_seq = 0;
  for (int c = 1; c <= options.customers; ++c) {
    const std::string id = Id("C", c);
    if (!r.Chance(options.dirty)) {
      const Month birth = MonthFromYearMonth(r.Uniform(1940, 2005), r.Uniform(1, 12));
      f.Customer(Text(id), Text(FormatDay(FirstDayOfMonth(birth) + r.Uniform(0, 27))),
                 Text(r.Chance(0.5) ? "Commercial" : "Medicare"),
                 Text(r.Chance(0.7) ? "TYPE 1" : "TYPE 2"),
                 r.Chance(0.05) ? Text("bad") : Text("2010-02-28"), Int(r.Chance(0.4) ? 1 : 0));
    }
    CustomerWriter w(&f, &r, options, id);
    const Month start = first + r.Uniform(0, options.months - 6);
    const Month stop = r.Chance(0.4) ? start + r.Uniform(2, options.months) : last;
    w.Orders(start, std::min(stop, last), &order_seq);
    w.Contacts(start, last, &contact_seq);
    w.Warranties(start, last);
  }
  return f;
}

}  // namespace attrition::features::testing
