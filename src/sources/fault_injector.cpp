#include "sources/fault_injector.h"

namespace attrition::sources {

FaultInjector::FaultInjector(uint64_t seed, uint64_t stream, double rate,
                             std::map<std::string, int64_t>* counts)
    : rate_(rate), rng_(seed, StreamDomain::kFaults, stream), counts_(counts) {}

CellText FaultInjector::NullDate(const char* null_kind) {
  Count(null_kind);
  return CellText::Null();
}

CellText FaultInjector::JunkDate(Day day, const char* null_kind, const char* unparseable_kind) {
  const CellText iso = CellText::Date(day);
  const std::string_view s = iso.view();  // YYYY-MM-DD
  std::string junk;
  switch (Kind(7)) {
    case 0:
      return NullDate(null_kind);
    case 1:
      junk = std::string(s.substr(8, 2)) + "/" + std::string(s.substr(5, 2)) + "/" +
             std::string(s.substr(0, 4));
      break;
    case 2:
      junk =
          std::string(s.substr(0, 4)) + std::string(s.substr(5, 2)) + std::string(s.substr(8, 2));
      break;
    case 3:
      junk = std::string(s.substr(0, 8)) + "32";
      break;
    case 4:
      junk = std::string(s.substr(0, 5)) + "13" + std::string(s.substr(7));
      break;
    case 5:
      junk = "N/A";
      break;
    default:
      junk = "";
      break;
  }
  Count(unparseable_kind);
  return CellText::Of(junk);
}

CellText FaultInjector::FutureDate(Day day) {
  Count(kFutureDate);
  return CellText::Date(day + static_cast<Day>(Integer(15 * 365, 40 * 365)));
}

}  // namespace attrition::sources
