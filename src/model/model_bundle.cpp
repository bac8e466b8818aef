// ModelBundle: the three files of a model version directory.
#include "attrition/model_bundle.h"

#include <fmt/format.h>

#include "model/json_fields.h"

namespace attrition::model {
namespace {

Result<std::string> ReadBundleFile(const std::filesystem::path& dir, const char* name) {
  std::filesystem::path path = dir / name;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::NotFound(fmt::format("model bundle {} has no {}", dir.string(), name));
  }
  return json_fields::ReadFile(path.string());
}

}  // namespace

Status ModelBundle::Save(const std::filesystem::path& dir) const {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status::IOError(fmt::format("cannot create {}: {}", dir.string(), error.message()));
  }
  ATTRITION_RETURN_IF_ERROR(
      json_fields::WriteFileAtomically((dir / kModelFile).string(), model_json));
  ATTRITION_RETURN_IF_ERROR(plan.SaveFile(dir / kFeaturePlanFile));
  return json_fields::WriteFileAtomically((dir / kMetadataFile).string(), MetadataToJson(metadata));
}

Result<ModelBundle> ModelBundle::Load(const std::filesystem::path& dir) {
  ATTRITION_ASSIGN_OR_RETURN(std::string model_json, ReadBundleFile(dir, kModelFile));
  ATTRITION_ASSIGN_OR_RETURN(std::string plan_json, ReadBundleFile(dir, kFeaturePlanFile));
  ATTRITION_ASSIGN_OR_RETURN(std::string metadata_json, ReadBundleFile(dir, kMetadataFile));
  Result<FeaturePlan> plan = FeaturePlan::FromJson(plan_json);
  if (!plan.ok()) return plan.status().WithContext(dir.string());
  Result<ModelMetadata> metadata = MetadataFromJson(metadata_json);
  if (!metadata.ok()) return metadata.status().WithContext(dir.string());
  return ModelBundle{std::move(plan).value(), std::move(metadata).value(), std::move(model_json)};
}

Result<LoadedModel> LoadModel(const std::filesystem::path& dir) {
  ATTRITION_ASSIGN_OR_RETURN(ModelBundle bundle, ModelBundle::Load(dir));
  Result<TreeEnsemble> ensemble = TreeEnsemble::FromXgboostJson(bundle.model_json);
  if (!ensemble.ok()) return ensemble.status().WithContext((dir / kModelFile).string());
  if (ensemble->num_features() != bundle.plan.num_features()) {
    return Status::Corruption(fmt::format("model bundle {}: {} has {} features but {} lists {}",
                                          dir.string(), kModelFile, ensemble->num_features(),
                                          kFeaturePlanFile, bundle.plan.num_features()));
  }
  return LoadedModel{std::move(bundle), std::move(ensemble).value()};
}

}  // namespace attrition::model
