#include "config/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include "config/diagnostics.h"

namespace attrition::config::internal {
namespace {

// Anchors can make a document deep; no real config nests this far.
constexpr int kMaxDepth = 64;

SourceLocation LocationOf(const YAML::Mark& mark) {
  if (mark.line < 0) return {};
  return SourceLocation{mark.line + 1, mark.column + 1};
}

bool IsPlainKey(std::string_view key) {
  if (key.empty()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && (digit || c == '-')))) return false;
  }
  return true;
}

class TreeBuilder {
 public:
  explicit TreeBuilder(Diagnostics* diags) : diags_(diags) {}

  void Build(const YAML::Node& in, const std::string& path, int depth, Node* out) {
    if (depth > kMaxDepth) {
      diags_->Error(
          out->where, path,
          "nested deeper than " + std::to_string(kMaxDepth) + " levels; expected a config file");
      return;
    }
    switch (in.Type()) {
      case YAML::NodeType::Scalar:
        out->kind = Node::Kind::kScalar;
        out->where = LocationOf(in.Mark());
        out->text = in.Scalar();
        out->raw = in.Scalar();
        out->plain = in.Tag() == "?";
        break;
      case YAML::NodeType::Sequence:
        out->kind = Node::Kind::kList;
        out->where = LocationOf(in.Mark());
        for (const YAML::Node& item : in) {
          Node child;
          child.where = out->where;
          Build(item, ItemPath(path, out->items.size()), depth + 1, &child);
          out->items.push_back(std::move(child));
        }
        break;
      case YAML::NodeType::Map:
        out->kind = Node::Kind::kMap;
        out->where = LocationOf(in.Mark());
        for (const auto& kv : in) AddEntry(kv.first, kv.second, path, depth, out);
        break;
      default:  // Null or Undefined: an empty value, located at its key (set by the caller)
        out->kind = Node::Kind::kNull;
        break;
    }
  }

 private:
  void AddEntry(const YAML::Node& key, const YAML::Node& value, const std::string& path, int depth,
                Node* map) {
    const SourceLocation key_where = LocationOf(key.Mark());
    if (!key.IsScalar()) {
      diags_->Error(key_where, path, "has a key that is not text; expected key: value pairs");
      return;
    }
    const std::string child_path = ChildPath(path, key.Scalar());
    for (const MapEntry& e : map->entries) {
      if (e.key != key.Scalar()) continue;
      diags_->Error(key_where, child_path,
                    "duplicate key; first given at line " + std::to_string(e.key_where.line) +
                        ", expected each key once");
      return;
    }
    MapEntry entry;
    entry.key = key.Scalar();
    entry.key_where = key_where;
    entry.value.where = key_where;
    Build(value, child_path, depth + 1, &entry.value);
    map->entries.push_back(std::move(entry));
  }

  Diagnostics* diags_;
};

}  // namespace

const Node* Node::Find(std::string_view key) const {
  for (const MapEntry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node* Node::Find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->Find(key));
}

bool ParseYaml(std::string_view yaml, Node* root, Diagnostics* diags) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    diags->Error(LocationOf(e.mark), "", "YAML syntax error: " + e.msg);
    return false;
  }
  *root = Node{};
  root->where = SourceLocation{1, 1};
  if (docs.empty()) return true;
  if (docs.size() > 1) {
    diags->Error(LocationOf(docs[1].Mark()), "",
                 "holds " + std::to_string(docs.size()) +
                     " YAML documents (separated by ---), expected one");
  }
  TreeBuilder(diags).Build(docs[0], "", 0, root);
  return true;
}

std::string ChildPath(std::string_view parent, std::string_view key) {
  std::string out(parent);
  if (IsPlainKey(key)) {
    if (!out.empty()) out += '.';
    out += key;
    return out;
  }
  out += "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"]";
  return out;
}

std::string ItemPath(std::string_view parent, size_t index) {
  return std::string(parent) + '[' + std::to_string(index) + ']';
}

void CollectLocations(const Node& node, const std::string& path,
                      std::map<std::string, SourceLocation, std::less<>>* out) {
  if (!path.empty()) (*out)[path] = node.where;
  for (size_t i = 0; i < node.items.size(); ++i) {
    CollectLocations(node.items[i], ItemPath(path, i), out);
  }
  for (const MapEntry& e : node.entries) CollectLocations(e.value, ChildPath(path, e.key), out);
}

}  // namespace attrition::config::internal
