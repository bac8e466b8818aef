#include "serve/json_rows.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace attrition::serve {
namespace {

using Json = nlohmann::json;

std::string Quoted(std::string_view text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMax)) + "...\"";
}

// Depth 1 is the outer array, depth 2 a row.
class RowsHandler final : public nlohmann::json_sax<Json> {
 public:
  RowsHandler(size_t width, RowBatch& out) : width_(width), out_(out) {}

  const std::string& error() const { return error_; }

  bool null() override { return Value(std::numeric_limits<double>::quiet_NaN()); }
  bool boolean(bool value) override { return Reject(value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override {
    return Value(static_cast<double>(value));
  }
  bool number_unsigned(number_unsigned_t value) override {
    return Value(static_cast<double>(value));
  }
  bool number_float(number_float_t value, const string_t&) override { return Value(value); }
  bool string(string_t& value) override { return Reject("the string " + Quoted(value)); }
  bool binary(binary_t&) override { return Reject("binary data"); }
  bool start_object(std::size_t) override { return Reject("an object"); }
  bool key(string_t&) override { return false; }
  bool end_object() override { return false; }

  bool start_array(std::size_t) override {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    if (depth_ == 1) {
      if (flat_) return Fail("expected a 2-D array of numbers: a row after a bare number");
      depth_ = 2;
      saw_row_ = true;
      column_ = 0;
      out_.values.resize((out_.rows + 1) * width_, 0.0f);
      return true;
    }
    return Reject("a nested array");
  }

  bool end_array() override {
    if (depth_ == 2) {
      if (column_ != width_) return WrongWidth();
      ++out_.rows;
      depth_ = 1;
      return true;
    }
    depth_ = 0;
    if (flat_) {
      if (column_ != width_) return WrongWidth();
      out_.rows = 1;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string_view what = ex.what();
    if (const size_t cut = what.find("] "); cut != std::string_view::npos) what.remove_prefix(cut + 2);
    // nlohmann counts the byte after the offending one; report where it starts.
    error_ = fmt::format("malformed JSON at byte {}: {}", position > 0 ? position - 1 : 0, what);
    return false;
  }

 private:
  bool Value(double value) {
    if (depth_ == 0) return Fail("expected a 2-D array of numbers, got a single value");
    if (depth_ == 1) {
      if (saw_row_) return Fail("expected a 2-D array of numbers: a bare number after a row");
      if (!flat_) {
        flat_ = true;
        column_ = 0;
        out_.values.resize(width_, 0.0f);
      }
    }
    if (column_ < width_) {
      out_.values[out_.rows * width_ + column_] = static_cast<float>(value);
    }
    ++column_;
    return true;
  }

  bool Reject(const std::string& what) {
    if (depth_ == 0) return Fail("expected a 2-D array of numbers, got " + what);
    return Fail(fmt::format("row {}, column {}: expected a number or null, got {}", out_.rows,
                            column_, what));
  }

  bool WrongWidth() {
    return Fail(fmt::format(
        "row {} has {} values, expected {} (the model's features in feature-plan order)",
        out_.rows, column_, width_));
  }

  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  const size_t width_;
  RowBatch& out_;
  int depth_ = 0;
  size_t column_ = 0;
  bool flat_ = false;
  bool saw_row_ = false;
  std::string error_;
};

}  // namespace

Status ParseJsonRows(std::string_view body, size_t width, RowBatch& out) {
  out.Reset(width);
  RowsHandler handler(width, out);
  const bool ok = Json::sax_parse(body.data(), body.data() + body.size(), &handler);
  if (!ok) {
    return Status::InvalidArgument(handler.error().empty() ? "malformed JSON" : handler.error());
  }
  if (out.rows == 0) return Status::InvalidArgument("expected a non-empty 2-D array of numbers");
  return Status::OK();
}

}  // namespace attrition::serve
