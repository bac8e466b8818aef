// generate --payor-shift: the drifted population the monitoring tests score. Only the
// recorded payor changes; every other column of every view stays as without the shift.
#include <gtest/gtest.h>

#include <string>

#include "attrition/sources.h"
#include "support/temp_dir.h"

namespace attrition::sources {
namespace {

using testing::TempDir;

std::unique_ptr<warehouse::Warehouse> Generated(const TempDir& dir, const std::string& name,
                                                double payor_shift) {
  auto wh = warehouse::Warehouse::Open("sqlite:" + dir.File(name));
  EXPECT_TRUE(wh.ok());
  GenerateOptions options{.customers = 400,
                          .seed = 3,
                          .payor_shift = payor_shift,
                          .threads = 1,
                          .show_progress = false};
  auto report = Generate(options, **wh);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return std::move(*wh);
}

std::vector<std::string> Column(warehouse::Warehouse& wh, const std::string& view,
                                const std::string& column) {
  std::vector<std::string> values;
  auto cursor = wh.Scan(view, {column});
  EXPECT_TRUE(cursor.ok());
  while (*(*cursor)->Next()) values.emplace_back((*cursor)->Text(0));
  return values;
}

TEST(PayorShift, MovesAboutTheShareToStateMedicaidAndChangesNothingElse) {
  TempDir dir;
  auto plain = Generated(dir, "plain.db", 0.0);
  auto shifted = Generated(dir, "shifted.db", 0.5);
  const auto before = Column(*plain, "PA_PATIENT_DETAILS_VW", "PAYOR_TYPE");
  const auto after = Column(*shifted, "PA_PATIENT_DETAILS_VW", "PAYOR_TYPE");
  ASSERT_EQ(before.size(), after.size());
  int moved = 0, medicaid = 0;
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i] != after[i]) {
      ++moved;
      EXPECT_EQ(after[i], kShiftedPayor);
    }
    medicaid += after[i] == kShiftedPayor;
  }
  EXPECT_GT(medicaid, 400 * 0.4);
  EXPECT_LT(medicaid, 400 * 0.7);
  EXPECT_GT(moved, 100);
  for (const char* column : {"CUSTOMER_ID", "BIRTH_DATE", "DIAGNOSIS_TYPE", "PUMP_START_DATE"}) {
    EXPECT_EQ(Column(*plain, "PA_PATIENT_DETAILS_VW", column),
              Column(*shifted, "PA_PATIENT_DETAILS_VW", column))
        << column;
  }
  EXPECT_EQ(Column(*plain, "PA_SALES_HISTORY_VW", "ORDER_DATE"),
            Column(*shifted, "PA_SALES_HISTORY_VW", "ORDER_DATE"));
}

TEST(PayorShift, ShareOutsideZeroToOneIsRejectedNamingTheFlag) {
  GenerateOptions options;
  options.payor_shift = 1.5;
  Status status = ValidateGenerateOptions(options);
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "--payor-shift: got 1.5, expected a share in [0, 1]");
}

}  // namespace
}  // namespace attrition::sources
