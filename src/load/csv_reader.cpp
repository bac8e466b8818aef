#include "load/csv_reader.h"

#include <algorithm>
#include <cstring>

namespace attrition::load {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string Printable(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xf];
}

}  // namespace

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
  if (text_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
}

bool CsvReader::AtLineEnd() const {
  return pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r');
}

void CsvReader::ConsumeLineEnd() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  ++line_;
}

void CsvReader::SkipToLineAfter(size_t line_start, int64_t line) {
  pos_ = line_start;
  while (pos_ < text_.size() && !AtLineEnd()) ++pos_;
  line_ = line;
  ConsumeLineEnd();
}

CsvReader::Span CsvReader::ReadUnquoted() {
  const size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == delimiter_ || c == '\n' || c == '\r') break;
    ++pos_;
  }
  return Span{false, false, start, pos_ - start};
}

bool CsvReader::ReadQuoted(size_t field_number, Span* span, std::string* error) {
  ++pos_;  // the opening quote
  size_t segment = pos_;
  const size_t scratch_start = scratch_.size();
  bool escaped = false;
  while (true) {
    const void* found = std::memchr(text_.data() + pos_, '"', text_.size() - pos_);
    if (found == nullptr) {
      *error = "quoted field " + std::to_string(field_number) +
               " is never closed (no closing quote before the end of the file)";
      return false;
    }
    const size_t quote = static_cast<size_t>(static_cast<const char*>(found) - text_.data());
    line_ += std::count(text_.begin() + pos_, text_.begin() + quote, '\n');
    if (quote + 1 < text_.size() && text_[quote + 1] == '"') {  // "" is one quote
      scratch_.append(text_.substr(segment, quote + 1 - segment));
      pos_ = segment = quote + 2;
      escaped = true;
      continue;
    }
    pos_ = quote + 1;
    if (escaped) {
      scratch_.append(text_.substr(segment, quote - segment));
      *span = Span{true, true, scratch_start, scratch_.size() - scratch_start};
    } else {
      *span = Span{true, false, segment, quote - segment};
    }
    if (pos_ < text_.size() && text_[pos_] != delimiter_ && !AtLineEnd()) {
      *error = "unexpected " + Printable(text_[pos_]) + " after the closing quote of field " +
               std::to_string(field_number) + " (a quote inside a field must be doubled)";
      return false;
    }
    return true;
  }
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  record->blank = false;
  if (pos_ >= text_.size()) return false;
  record->line = line_;
  const size_t record_start = pos_;
  const int64_t start_line = line_;
  if (AtLineEnd()) {
    record->blank = true;
    ConsumeLineEnd();
    return true;
  }
  spans_.clear();
  scratch_.clear();
  while (true) {
    Span span{};
    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (!ReadQuoted(spans_.size() + 1, &span, &record->error)) {
        SkipToLineAfter(record_start, start_line);
        return true;
      }
    } else {
      span = ReadUnquoted();
    }
    spans_.push_back(span);
    if (pos_ < text_.size() && text_[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    ConsumeLineEnd();
    break;
  }
  record->fields.reserve(spans_.size());
  for (const Span& span : spans_) {
    const std::string_view source = span.in_scratch ? std::string_view(scratch_) : text_;
    record->fields.push_back(CsvField{source.substr(span.offset, span.length), span.quoted});
  }
  return true;
}

}  // namespace attrition::load
