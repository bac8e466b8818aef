// Readers of the config's top-level sections. Each fills its part of a Config from the
// YAML tree, keeps the existing value of every key that is absent, and reports every
// problem to `diags`.
#pragma once

#include "attrition/config.h"
#include "config/diagnostics.h"
#include "config/yaml_tree.h"

namespace attrition::config::internal {

// Which train keys were read from the file without error, so that cross-field checks run
// only on values the user actually wrote and wrote well.
struct TrainFieldsRead {
  bool section = false;  // the file has a train section
  bool split = false;
  bool start_month = false;
  bool max_month = false;
  bool features = false;
  bool rename_cols = false;
  bool drop = false;
  bool dummy_cols = false;
  bool target = false;
};

// train: an absent section keeps *out (the built-in default's); a present one starts
// from TrainConfig{} and requires start_month, max_month, features and target.
TrainFieldsRead ReadTrainSection(const Node* section, TrainConfig* out, Diagnostics* diags);

// Cross-field rules of train (SPEC 6): target vs features and dummy_cols, unique rename
// targets, drop within features, the training window. `where` locates YAML paths.
void CheckTrainCrossFields(const TrainConfig& train, const TrainFieldsRead& read,
                           const std::map<std::string, SourceLocation, std::less<>>& where,
                           Diagnostics* diags);

void ReadInferenceSection(const Node* section, InferenceConfig* out, Diagnostics* diags);

// warehouse, artifacts, registry, serving, schedule, environment, as_of.
void ReadOperationsSections(const Node& root, Config* out, Diagnostics* diags);

// notifications: a list of sinks.
void ReadNotificationsSection(const Node* section, std::vector<NotificationSink>* out,
                              Diagnostics* diags);

// The literal-password rule for a URL-valued node: reported when the file writes a
// password in `node` other than as ${env:…}/${file:…}. `env_hint` names the variable the
// message suggests (ATTRITION_DB_PASSWORD).
void RejectLiteralPassword(const Node& node, const std::string& path, std::string_view env_hint,
                           std::string_view file_hint, Diagnostics* diags);

}  // namespace attrition::config::internal
