#include <fmt/format.h>

#include "attrition/report.h"

namespace attrition::report {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

HtmlDocument::HtmlDocument(std::string title) : title_(std::move(title)) {}

void HtmlDocument::Heading(std::string_view text) {
  body_ += "<h2>" + EscapeHtml(text) + "</h2>\n";
}
void HtmlDocument::Paragraph(std::string_view text) {
  body_ += "<p>" + EscapeHtml(text) + "</p>\n";
}
void HtmlDocument::Note(std::string_view text) {
  body_ += "<p class=\"note\">" + EscapeHtml(text) + "</p>\n";
}
void HtmlDocument::Raw(std::string_view html) {
  body_ += "<div class=\"chart\">";
  body_ += html;
  body_ += "</div>\n";
}
void HtmlDocument::BeginRow() { body_ += "<div class=\"row\">\n"; }
void HtmlDocument::EndRow() { body_ += "</div>\n"; }

void HtmlDocument::Tiles(const std::vector<std::pair<std::string, std::string>>& tiles) {
  body_ += "<div class=\"tiles\">";
  for (const auto& [label, value] : tiles) {
    body_ += fmt::format("<div class=\"tile\"><div class=\"v\">{}</div><div class=\"l\">{}</div></div>",
                         EscapeHtml(value), EscapeHtml(label));
  }
  body_ += "</div>\n";
}

void HtmlDocument::Table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows) {
  body_ += "<table><thead><tr>";
  for (const std::string& h : header) body_ += "<th>" + EscapeHtml(h) + "</th>";
  body_ += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (const std::string& cell : row) body_ += "<td>" + EscapeHtml(cell) + "</td>";
    body_ += "</tr>";
  }
  body_ += "</tbody></table>\n";
}

std::string HtmlDocument::Render() const {
  static constexpr const char* kStyle = R"(
body{font-family:sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.note{color:#666;font-size:12px}.row{display:flex;flex-wrap:wrap;gap:16px}.chart{margin:8px 0}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.tile{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:120px}
.tile .v{font-size:22px;font-weight:bold}.tile .l{font-size:12px;color:#666}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
)";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title>"
      "<style>{1}</style></head>\n<body><h1>{0}</h1>\n{2}</body></html>\n",
      EscapeHtml(title_), kStyle, body_);
}

}  // namespace attrition::report
