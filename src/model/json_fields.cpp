#include "model/json_fields.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace attrition::model::json_fields {

Result<Json> Parse(std::string_view text, std::string_view document) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(fmt::format("{}: not valid JSON: {}", document, e.what()));
  }
}

Result<const Json*> Member(const Json& object, std::string_view key, std::string_view document) {
  if (!object.is_object()) {
    return Status::Corruption(fmt::format("{}: expected an object holding {}", document, key));
  }
  auto it = object.find(key);
  if (it == object.end())
    return Status::Corruption(fmt::format("{}: {} is missing", document, key));
  return &*it;
}

Result<std::string> String(const Json& object, std::string_view key, std::string_view document) {
  ATTRITION_ASSIGN_OR_RETURN(const Json* value, Member(object, key, document));
  if (!value->is_string()) {
    return Status::Corruption(fmt::format("{}: {} must be a string", document, key));
  }
  return value->get<std::string>();
}

Result<double> Number(const Json& object, std::string_view key, std::string_view document) {
  ATTRITION_ASSIGN_OR_RETURN(const Json* value, Member(object, key, document));
  if (!value->is_number()) {
    return Status::Corruption(fmt::format("{}: {} must be a number", document, key));
  }
  return value->get<double>();
}

Result<std::vector<std::string>> StringList(const Json& object, std::string_view key,
                                            std::string_view document) {
  ATTRITION_ASSIGN_OR_RETURN(const Json* value, Member(object, key, document));
  std::vector<std::string> out;
  bool ok = value->is_array();
  for (size_t i = 0; ok && i < value->size(); ++i) {
    ok = (*value)[i].is_string();
    if (ok) out.push_back((*value)[i].get<std::string>());
  }
  if (!ok)
    return Status::Corruption(fmt::format("{}: {} must be a list of strings", document, key));
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IOError(fmt::format("cannot read {}", path));
  return std::move(buffer).str();
}

Status WriteFileAtomically(const std::string& path, std::string_view text) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status::IOError(fmt::format("cannot create {}: {}", temp, std::strerror(errno)));
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) return Status::IOError(fmt::format("cannot write {}", temp));
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    return Status::IOError(fmt::format("cannot rename {} to {}: {}", temp, path, error.message()));
  }
  return Status::OK();
}

}  // namespace attrition::model::json_fields
