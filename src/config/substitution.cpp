#include "config/substitution.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace attrition::config::internal {
namespace {

constexpr std::string_view kExpected = "expected ${env:NAME} or ${file:PATH}";
constexpr std::uintmax_t kMaxSecretFileBytes = 1 << 20;

bool IsEnvName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The value of one reference body ("env:NAME" / "file:PATH"), or an error message.
class Resolver {
 public:
  explicit Resolver(const std::filesystem::path& base_dir) : base_dir_(base_dir) {}

  // Returns false and sets *error when the reference cannot be resolved.
  bool Resolve(std::string_view body, std::string* value, std::string* error) const {
    if (body.starts_with("env:")) return Env(body.substr(4), value, error);
    if (body.starts_with("file:")) return File(body.substr(5), value, error);
    *error = "unknown reference '${" + std::string(body) + "}', " + std::string(kExpected);
    return false;
  }

 private:
  static bool Env(std::string_view name, std::string* value, std::string* error) {
    if (!IsEnvName(name)) {
      *error = "'${env:" + std::string(name) +
               "}' is not a variable name, expected letters, digits and _";
      return false;
    }
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) {
      *error = "environment variable " + std::string(name) + " (from ${env:" + std::string(name) +
               "}) is not set";
      return false;
    }
    *value = v;
    return true;
  }

  bool File(std::string_view path_text, std::string* value, std::string* error) const {
    const std::string shown = "${file:" + std::string(path_text) + "}";
    if (path_text.empty()) {
      *error = "'" + shown + "' names no file, " + std::string(kExpected);
      return false;
    }
    std::filesystem::path path(path_text);
    if (path.is_relative() && !base_dir_.empty()) path = base_dir_ / path;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      *error = "cannot read " + path.string() + " (from " + shown + "): it is a directory";
      return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = "cannot read " + path.string() + " (from " + shown + "): " + std::strerror(errno);
      return false;
    }
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxSecretFileBytes) {
      *error = path.string() + " (from " + shown + ") is larger than 1 MiB, expected a secret";
      return false;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    *value = contents.str();
    // One trailing newline, as `echo secret > file` writes it.
    if (value->ends_with("\r\n")) {
      value->resize(value->size() - 2);
    } else if (value->ends_with('\n')) {
      value->pop_back();
    }
    return true;
  }

  std::filesystem::path base_dir_;
};

// Expands `raw`; returns false with *error on the first bad reference.
bool Expand(std::string_view raw, const Resolver& resolver, Secrets* secrets, std::string* text,
            bool* substituted, std::string* error) {
  text->clear();
  *substituted = false;
  size_t pos = 0;
  while (pos < raw.size()) {
    const size_t dollar = raw.find('$', pos);
    if (dollar == std::string_view::npos) break;
    text->append(raw.substr(pos, dollar - pos));
    if (raw.compare(dollar, 3, "$${") == 0) {  // escaped literal ${
      text->append("${");
      pos = dollar + 3;
      continue;
    }
    if (raw.compare(dollar, 2, "${") != 0) {
      text->push_back('$');
      pos = dollar + 1;
      continue;
    }
    const size_t close = raw.find('}', dollar + 2);
    if (close == std::string_view::npos) {
      *error = "unterminated '${', " + std::string(kExpected) + " (write $${ for a literal ${)";
      return false;
    }
    std::string value;
    if (!resolver.Resolve(raw.substr(dollar + 2, close - dollar - 2), &value, error)) return false;
    secrets->Add(value);
    text->append(value);
    *substituted = true;
    pos = close + 1;
  }
  if (pos < raw.size()) text->append(raw.substr(pos));
  return true;
}

void Substitute(Node* node, const std::string& path, const Resolver& resolver, Secrets* secrets,
                Diagnostics* diags) {
  if (node->is_scalar()) {
    if (node->raw.find('$') == std::string::npos) return;
    std::string text, error;
    bool substituted = false;
    if (!Expand(node->raw, resolver, secrets, &text, &substituted, &error)) {
      diags->Error(node->where, path, error);
      node->substituted = true;  // half-expanded: later checks must not show or use it
      node->failed = true;
      node->text.clear();
      return;
    }
    node->text = std::move(text);
    node->substituted = substituted;
    return;
  }
  for (size_t i = 0; i < node->items.size(); ++i) {
    Substitute(&node->items[i], ItemPath(path, i), resolver, secrets, diags);
  }
  for (MapEntry& e : node->entries) {
    Substitute(&e.value, ChildPath(path, e.key), resolver, secrets, diags);
  }
}

}  // namespace

void SubstituteReferences(Node* node, const std::string& path,
                          const std::filesystem::path& base_dir, Secrets* secrets,
                          Diagnostics* diags) {
  Substitute(node, path, Resolver(base_dir), secrets, diags);
}

}  // namespace attrition::config::internal
