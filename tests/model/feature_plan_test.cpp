#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attrition/model_feature_plan.h"
#include "model/python_oracle.h"
#include "model/seed_plan.h"
#include "support/temp_dir.h"

namespace attrition::model {
namespace {

using attrition::testing::SeedNumericColumns;
using attrition::testing::SeedPlanSpec;

struct Customer {
  const char* id;
  const char* payor;  // nullptr = NULL
  const char* diagnosis;
  double age;  // NaN = NULL
  double label;
};

// A few PA_MODELING_DATASET-like rows; training lacks most payor types.
RawTable SmallDataset() {
  const Customer customers[] = {{"C1", "Commercial", "TYPE 1", 34, 0},
                                {"C2", "Managed Medicaid", "TYPE 2", NAN, 1},
                                {"C3", "Medicare", "TYPE 2", 71, 0},
                                {"C4", nullptr, "TYPE 1", 52, 1},
                                {"C5", "Commercial", nullptr, 45, NAN}};
  RawTable table;
  auto& id = table.AddColumn("CUSTOMER_ID", RawColumn::Kind::kText);
  auto& mrn = table.AddColumn("MRN", RawColumn::Kind::kText);
  auto& month = table.AddColumn("MONTH", RawColumn::Kind::kText);
  auto& payor = table.AddColumn("IS_PAYOR_TYPE", RawColumn::Kind::kText);
  auto& diagnosis = table.AddColumn("IS_DIAGNOSIS_TYPE", RawColumn::Kind::kText);
  std::vector<RawColumn*> numeric;
  for (const std::string& name : SeedNumericColumns()) {
    numeric.push_back(&table.AddColumn(name, RawColumn::Kind::kNumeric));
  }
  auto& target = table.AddColumn("IS_ATTRITION_FLAG_C", RawColumn::Kind::kNumeric);
  auto& stage = table.AddColumn("STAGE", RawColumn::Kind::kText);
  int row = 0;
  for (const Customer& c : customers) {
    id.AppendText(c.id);
    mrn.AppendText(std::string("M") + c.id);
    month.AppendText("2021-01");
    c.payor ? payor.AppendText(c.payor) : payor.AppendNull();
    c.diagnosis ? diagnosis.AppendText(c.diagnosis) : diagnosis.AppendNull();
    numeric[0]->AppendNumber(c.age);
    for (size_t i = 1; i < numeric.size(); ++i) numeric[i]->AppendNumber(row * 1.5 + i);
    target.AppendNumber(c.label);
    stage.AppendText("dev");
    ++row;
  }
  return table;
}

FeaturePlan SeedPlan() {
  Result<FeaturePlan> plan = FeaturePlan::Build(SeedPlanSpec(), SmallDataset());
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return std::move(plan).value();
}

size_t IndexOf(const FeaturePlan& plan, const std::string& name) {
  const auto& names = plan.feature_names();
  return std::find(names.begin(), names.end(), name) - names.begin();
}

TEST(FeaturePlan, SeedConfigKeepsFeatureOrderWithoutIdentifiersOrTarget) {
  FeaturePlan plan = SeedPlan();
  std::vector<std::string> expected = SeedPlanSpec().features;
  std::erase_if(expected, [](const std::string& f) {
    return f == "CUSTOMER_ID" || f == "MRN" || f == "MONTH" || f == "IS_ATTRITION_FLAG_C";
  });
  EXPECT_EQ(plan.feature_names(), expected);
  EXPECT_EQ(plan.num_features(), 23u);
}

TEST(FeaturePlan, RenamedDummyColumnsPointAtTheirCategory) {
  FeaturePlan plan = SeedPlan();
  const FeatureSource& medicaid = plan.source(IndexOf(plan, "PAYOR_TYPE_MANAGED_MEDICAID"));
  EXPECT_EQ(medicaid.column, "IS_PAYOR_TYPE");
  EXPECT_EQ(medicaid.category, "Managed Medicaid");
  const FeatureSource& age = plan.source(IndexOf(plan, "NUM_AGE"));
  EXPECT_EQ(age.column, "NUM_AGE");
  EXPECT_FALSE(age.category.has_value());
}

TEST(FeaturePlan, CategoryKnownOnlyToRenameColsStillGetsItsColumn) {
  FeaturePlan plan = SeedPlan();  // no VA/Military customer in training
  const FeatureSource& va = plan.source(IndexOf(plan, "PAYOR_TYPE_VA_MILITARY"));
  EXPECT_EQ(va.column, "IS_PAYOR_TYPE");
  EXPECT_EQ(va.category, "VA/Military");
}

TEST(FeaturePlan, ApplyWritesNamedFieldsInModelOrder) {
  FeaturePlan plan = SeedPlan();
  std::vector<RawField> row = {{"NUM_AGE", 66.0},
                               {"IS_PAYOR_TYPE", std::string_view("Medicare")},
                               {"IS_DIAGNOSIS_TYPE", std::string_view("TYPE 2")},
                               {"NUM_LAST_ORDER_CUM_ACTIVE_MONTHS", std::string_view("4")},
                               {"CUSTOMER_ID", std::string_view("ignored")}};
  std::vector<float> out(plan.num_features());
  ASSERT_TRUE(plan.Apply(row, out).ok());
  EXPECT_EQ(out[IndexOf(plan, "NUM_AGE")], 66.0f);
  EXPECT_EQ(out[IndexOf(plan, "NUM_LAST_ORDER_CUM_ACTIVE_MONTHS")], 4.0f);
  EXPECT_EQ(out[IndexOf(plan, "PAYOR_TYPE_MEDICARE")], 1.0f);
  EXPECT_EQ(out[IndexOf(plan, "PAYOR_TYPE_COMMERCIAL")], 0.0f);
  EXPECT_EQ(out[IndexOf(plan, "DIAGNOSIS_TYPE_TYPE_2")], 1.0f);
  EXPECT_EQ(out[IndexOf(plan, "DIAGNOSIS_TYPE_TYPE_1")], 0.0f);
}

TEST(FeaturePlan, UnknownCategoryEncodesAsAllZeros) {
  FeaturePlan plan = SeedPlan();
  std::vector<RawField> row = {{"IS_PAYOR_TYPE", std::string_view("Self-Pay")}};
  std::vector<float> out(plan.num_features());
  ASSERT_TRUE(plan.Apply(row, out).ok());
  for (size_t i = 0; i < plan.num_features(); ++i) {
    if (plan.source(i).category) {
      EXPECT_EQ(out[i], 0.0f) << plan.feature_names()[i];
    }
  }
}

TEST(FeaturePlan, MissingOrNullNumericFieldEncodesAsMissing) {
  FeaturePlan plan = SeedPlan();
  std::vector<RawField> row = {{"NUM_AGE", std::monostate{}}, {"IS_SR", std::string_view("NA")}};
  std::vector<float> out(plan.num_features());
  ASSERT_TRUE(plan.Apply(row, out).ok());
  EXPECT_TRUE(std::isnan(out[IndexOf(plan, "NUM_AGE")]));
  EXPECT_TRUE(std::isnan(out[IndexOf(plan, "IS_SR")]));
  EXPECT_TRUE(std::isnan(out[IndexOf(plan, "NUM_YEARS_ON_INSULIN")]));
}

TEST(FeaturePlan, TextInANumericFieldIsRejectedWithTheFieldName) {
  FeaturePlan plan = SeedPlan();
  std::vector<RawField> row = {{"NUM_AGE", std::string_view("sixty")}};
  std::vector<float> out(plan.num_features());
  Status status = plan.Apply(row, out);
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "field NUM_AGE: expected a number, got \"sixty\"");
}

TEST(FeaturePlan, NumberGivenForADummyColumnMatchesItsText) {
  FeaturePlanSpec spec{{"STORE"}, {}, {"STORE_7", "STORE_8"}, {}, "Y", std::nullopt};
  TrainingColumns columns{{"STORE", "Y"}, {{"STORE", {"7", "8"}}}};
  Result<FeaturePlan> plan = FeaturePlan::Build(spec, columns);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::vector<RawField> row = {{"STORE", 8.0}};
  std::vector<float> out(2);
  ASSERT_TRUE(plan->Apply(row, out).ok());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 1.0f}));
}

TEST(FeaturePlan, EncodeMatchesApplyRowByRow) {
  FeaturePlan plan = SeedPlan();
  RawTable table = SmallDataset();
  Result<DenseMatrix> matrix = plan.Encode(table);
  ASSERT_TRUE(matrix.ok()) << matrix.status().ToString();
  ASSERT_EQ(matrix->rows(), table.num_rows());
  std::vector<float> out(plan.num_features());
  for (size_t row = 0; row < table.num_rows(); ++row) {
    std::vector<RawField> fields;
    for (size_t c = 0; c < table.num_columns(); ++c) {
      const RawColumn& column = table.column(c);
      RawField field{column.name(), std::monostate{}};
      if (column.kind() == RawColumn::Kind::kNumeric && !std::isnan(column.Number(row))) {
        field.value = column.Number(row);
      } else if (column.kind() == RawColumn::Kind::kText && column.Text(row)) {
        field.value = *column.Text(row);
      }
      fields.push_back(field);
    }
    ASSERT_TRUE(plan.Apply(fields, out).ok());
    for (size_t f = 0; f < out.size(); ++f) {
      float expected = matrix->at(row, f);
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(out[f]));
      } else {
        EXPECT_EQ(out[f], expected) << "row " << row << " " << plan.feature_names()[f];
      }
    }
  }
}

TEST(FeaturePlan, EncodeNamesAColumnTheTableLacks) {
  FeaturePlan plan = SeedPlan();
  RawTable table;
  table.AddColumn("IS_PAYOR_TYPE", RawColumn::Kind::kText).AppendText("Medicare");
  Result<DenseMatrix> matrix = plan.Encode(table);
  ASSERT_FALSE(matrix.ok());
  EXPECT_EQ(matrix.status().message(),
            "column NUM_AGE, read by feature NUM_AGE, is not in the table");
  Result<DenseMatrix> lenient = plan.Encode(table, {.allow_missing_columns = true});
  ASSERT_TRUE(lenient.ok());
  EXPECT_TRUE(std::isnan(lenient->at(0, IndexOf(plan, "NUM_AGE"))));
  EXPECT_EQ(lenient->at(0, IndexOf(plan, "PAYOR_TYPE_MEDICARE")), 1.0f);
}

TEST(FeaturePlan, EncodeNamesTheRowOfNonNumericText) {
  FeaturePlanSpec spec{{}, {}, {"X"}, {}, "Y", std::nullopt};
  TrainingColumns columns{{"X", "Y"}, {}};
  FeaturePlan plan = FeaturePlan::Build(spec, columns).value();
  RawTable table;
  auto& x = table.AddColumn("X", RawColumn::Kind::kText);
  x.AppendText("1.5");
  x.AppendNull();
  x.AppendText("n/a?");
  Result<DenseMatrix> matrix = plan.Encode(table);
  ASSERT_FALSE(matrix.ok());
  EXPECT_EQ(matrix.status().message(), "column X row 3: expected a number, got \"n/a?\"");
}

TEST(FeaturePlan, DummyColumnAbsentFromTrainingIsAnError) {
  FeaturePlanSpec spec = SeedPlanSpec();
  spec.dummy_cols.push_back("IS_STATE");
  Result<FeaturePlan> plan = FeaturePlan::Build(spec, SmallDataset());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(plan.status().message(), "dummy column IS_STATE is not a column of the training table");
}

TEST(FeaturePlan, FeatureThatIsNeitherColumnNorDummyIsAnError) {
  FeaturePlanSpec spec = SeedPlanSpec();
  spec.features.push_back("NUM_SHOE_SIZE");
  Result<FeaturePlan> plan = FeaturePlan::Build(spec, SmallDataset());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "feature NUM_SHOE_SIZE is neither a column of the training table nor a 0/1 column "
            "of the dummy columns [IS_PAYOR_TYPE, IS_DIAGNOSIS_TYPE]");
}

TEST(FeaturePlan, TargetAbsentFromTrainingIsAnError) {
  FeaturePlanSpec spec = SeedPlanSpec();
  spec.target = "CHURNED";
  Result<FeaturePlan> plan = FeaturePlan::Build(spec, SmallDataset());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(), "target CHURNED is not a column of the training table");
}

TEST(FeaturePlan, FeatureListedTwiceIsAnError) {
  FeaturePlanSpec spec = SeedPlanSpec();
  spec.features.push_back("NUM_AGE");
  Result<FeaturePlan> plan = FeaturePlan::Build(spec, SmallDataset());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(), "feature NUM_AGE is listed twice");
}

TEST(FeaturePlan, JsonRoundTripKeepsFeaturesSourcesAndSpec) {
  FeaturePlanSpec spec = SeedPlanSpec();
  spec.positive_class = "Yes";
  FeaturePlan plan = FeaturePlan::Build(spec, SmallDataset()).value();
  testing::TempDir dir;
  ASSERT_TRUE(plan.SaveFile(dir.File("feature_plan.json")).ok());
  Result<FeaturePlan> loaded = FeaturePlan::LoadFile(dir.File("feature_plan.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->feature_names(), plan.feature_names());
  for (size_t i = 0; i < plan.num_features(); ++i) {
    EXPECT_EQ(loaded->source(i).column, plan.source(i).column);
    EXPECT_EQ(loaded->source(i).category, plan.source(i).category);
  }
  EXPECT_EQ(loaded->spec().rename_cols, spec.rename_cols);
  EXPECT_EQ(loaded->spec().positive_class, "Yes");
  EXPECT_EQ(loaded->ToJson(), plan.ToJson());
}

TEST(FeaturePlan, CorruptJsonNamesTheDocumentAndField) {
  Result<FeaturePlan> not_json = FeaturePlan::FromJson("{oops");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.status().code(), Status::Code::kCorruption);
  EXPECT_TRUE(not_json.status().message().starts_with("feature_plan.json: not valid JSON: "));

  std::string json = SeedPlan().ToJson();
  nlohmann::json doc = nlohmann::json::parse(json);
  doc["sources"].erase("NUM_AGE");
  Result<FeaturePlan> no_source = FeaturePlan::FromJson(doc.dump());
  ASSERT_FALSE(no_source.ok());
  EXPECT_EQ(no_source.status().message(),
            "feature_plan.json: sources has no entry for model feature NUM_AGE");

  doc = nlohmann::json::parse(json);
  doc.erase("target");
  EXPECT_EQ(FeaturePlan::FromJson(doc.dump()).status().message(),
            "feature_plan.json: target is missing");
}

TEST(FeaturePlan, MissingFileIsAnIOErrorNamingThePath) {
  Result<FeaturePlan> plan = FeaturePlan::LoadFile("/nonexistent/feature_plan.json");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Status::Code::kIOError);
  EXPECT_EQ(plan.status().message(),
            "cannot open /nonexistent/feature_plan.json: No such file or directory");
}

TEST(FeaturePlan, NumericTargetGivesLabelsWithNaNForUnlabelledRows) {
  FeaturePlan plan = SeedPlan();
  Result<std::vector<float>> labels = plan.EncodeTarget(SmallDataset());
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels->size(), 5u);
  EXPECT_EQ((*labels)[0], 0.0f);
  EXPECT_EQ((*labels)[1], 1.0f);
  EXPECT_TRUE(std::isnan((*labels)[4]));
}

TEST(FeaturePlan, TextTargetMapsPositiveClassToOne) {
  FeaturePlanSpec spec{{}, {}, {"X"}, {}, "CHURN", "Yes"};
  FeaturePlan plan = FeaturePlan::Build(spec, TrainingColumns{{"X", "CHURN"}, {}}).value();
  RawTable table;
  auto& churn = table.AddColumn("CHURN", RawColumn::Kind::kText);
  churn.AppendText("Yes");
  churn.AppendText("No");
  churn.AppendNull();
  std::vector<float> labels = plan.EncodeTarget(table).value();
  EXPECT_EQ(labels[0], 1.0f);
  EXPECT_EQ(labels[1], 0.0f);
  EXPECT_TRUE(std::isnan(labels[2]));
}

TEST(FeaturePlan, TextTargetWithoutPositiveClassIsAnError) {
  FeaturePlanSpec spec{{}, {}, {"X"}, {}, "CHURN", std::nullopt};
  FeaturePlan plan = FeaturePlan::Build(spec, TrainingColumns{{"X", "CHURN"}, {}}).value();
  RawTable table;
  auto& churn = table.AddColumn("CHURN", RawColumn::Kind::kText);
  churn.AppendText("1");
  churn.AppendText("Yes");
  Result<std::vector<float>> labels = plan.EncodeTarget(table);
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.status().message(),
            "target CHURN row 2 holds \"Yes\"; expected 0 or 1, or set train.positive_class to "
            "the value that means 1");
}

// The same table through plan.py's build_plan + encode gives the same plan and matrix.
TEST(FeaturePlan, AgreesWithThePythonReferencePlan) {
  std::filesystem::path reference = testing::PythonReferenceDir();
  if (!testing::PythonAvailable() || !std::filesystem::exists(reference / "plan.py")) {
    GTEST_SKIP() << "no /usr/bin/python3 or peers/python_ref/plan.py";
  }
  RawTable table = SmallDataset();
  nlohmann::json records = nlohmann::json::array();
  for (size_t row = 0; row < table.num_rows(); ++row) {
    nlohmann::json record = nlohmann::json::object();
    for (size_t c = 0; c < table.num_columns(); ++c) {
      const RawColumn& column = table.column(c);
      if (column.kind() == RawColumn::Kind::kNumeric) {
        double v = column.Number(row);
        record[column.name()] = std::isnan(v) ? nlohmann::json() : nlohmann::json(v);
      } else {
        auto text = column.Text(row);
        record[column.name()] = text ? nlohmann::json(std::string(*text)) : nlohmann::json();
      }
    }
    records.push_back(record);
  }
  FeaturePlan plan = SeedPlan();
  nlohmann::json spec = nlohmann::json::parse(plan.ToJson());
  testing::TempDir dir;
  std::ofstream(dir.File("rows.json")) << records.dump();
  std::ofstream(dir.File("spec.json")) << spec.dump();
  std::string script = "import sys, json\nsys.path.insert(0, '" + reference.string() + "')\n" +
                       "import pandas as pd, numpy as np\nfrom plan import build_plan, encode\n" +
                       "spec = json.load(open('" + dir.File("spec.json") + "'))\n" +
                       "df = pd.DataFrame(json.load(open('" + dir.File("rows.json") + "')))\n" +
                       "p = build_plan(spec, df)\nX = encode(df, p).to_numpy()\n" +
                       "print(json.dumps({'plan': p, 'X': [[None if np.isnan(v) else float(v) "
                       "for v in r] for r in X]}))\n";
  int exit_code = 0;
  std::string output = testing::RunPython(script, dir.File("oracle.py"), &exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  nlohmann::json python = nlohmann::json::parse(output);
  EXPECT_EQ(python["plan"]["model_features"].get<std::vector<std::string>>(), plan.feature_names());
  EXPECT_EQ(python["plan"]["sources"], spec["sources"]);
  DenseMatrix matrix = plan.Encode(table).value();
  for (size_t row = 0; row < matrix.rows(); ++row) {
    for (size_t f = 0; f < matrix.cols(); ++f) {
      const nlohmann::json& expected = python["X"][row][f];
      if (expected.is_null()) {
        EXPECT_TRUE(std::isnan(matrix.at(row, f)));
      } else {
        EXPECT_EQ(matrix.at(row, f), expected.get<float>()) << row << " " << f;
      }
    }
  }
}

}  // namespace
}  // namespace attrition::model
