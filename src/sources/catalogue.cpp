#include "sources/catalogue.h"

#include <cassert>

#include "attrition/sources.h"

namespace attrition::sources {

const std::array<double, 24> kStateShare = [] {
  constexpr std::array<double, 24> kWeight = {12, 9, 7, 6, 4, 4, 4, 3, 3, 3, 3, 3,
                                              2,  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
  double total = 0;
  for (double w : kWeight) total += w;
  std::array<double, 24> share{};
  for (size_t i = 0; i < kWeight.size(); ++i) share[i] = kWeight[i] / total;
  return share;
}();

int ProductIndex(int product_id) {
  for (size_t i = 0; i < kProducts.size(); ++i) {
    if (kProducts[i].id == product_id) return static_cast<int>(i);
  }
  assert(false && "unknown product id");
  return -1;
}

int PumpModelAt(Day day, double u) {
  static const Day k770Launch = DayFromCivil(2020, 9, 1);
  static const Day k780Launch = DayFromCivil(2021, 10, 1);
  static const Day k670End = DayFromCivil(2023, 4, 1);
  if (day < k770Launch) return 1;
  if (day < k780Launch) return u < 0.5 ? 2 : 1;
  if (day < k670End) return u < 0.5 ? 3 : 2;
  return 3;
}

const PlantedHazard& PlantedHazardModel() {
  static const PlantedHazard kModel{};
  return kModel;
}

const std::vector<std::string>& PayorTypes() {
  static const std::vector<std::string> kPayors = {
      "Commercial", "Generic-Other", "Managed Medicaid", "Managed Medicare",
      "Medicare",   "Pharmacy",      "State Medicaid",   "VA/Military"};
  return kPayors;
}

}  // namespace attrition::sources
