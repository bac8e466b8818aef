#include <string>

#include "attrition/config.h"
#include "config/diagnostics.h"
#include "config/secret_url.h"
#include "config/substitution.h"
#include "config/yaml_tree.h"

namespace attrition::config {

Result<std::string> ResolveCommandLineUrl(std::string_view flag, std::string_view url) {
  if (internal::HasLiteralPassword(url)) {
    return Status::InvalidArgument(
        std::string(flag) +
        ": contains a literal password, which every user of this machine can read in the "
        "process list and which the shell keeps in its history; write it as "
        "'${env:ATTRITION_DB_PASSWORD}' (in single quotes, so the shell leaves it alone) or "
        "'${file:/run/secrets/db_password}'");
  }
  internal::Node node;
  node.kind = internal::Node::Kind::kScalar;
  node.text = node.raw = std::string(url);
  internal::Diagnostics diags{std::string(flag)};
  Secrets secrets;  // Secrets::Add also registers each value with the log's redaction
  internal::SubstituteReferences(&node, std::string(flag), /*base_dir=*/"", &secrets, &diags);
  if (diags.error_count() > 0) {
    return Status::InvalidArgument(std::string(flag) + ": " +
                                   diags.SortedErrors().front().message);
  }
  return node.text;
}

}  // namespace attrition::config
