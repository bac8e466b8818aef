// CsvReader: splits RFC 4180 text into records and fields, and recovers from bad records.
//
// Why not a library: Debian ships libcsv (C, callbacks, no line numbers, an unclosed
// quote swallows the rest of the file) and fast-cpp-csv-parser (column count fixed at
// compile time, throws on the first bad line). `attrition load` needs dynamic columns,
// physical line numbers and recovery that keeps the good rows, which is ~150 lines here.
//
// Grammar (RFC 4180, read leniently where that loses nothing):
//   * fields are separated by the delimiter; records end at CRLF, LF or a lone CR;
//   * a field that starts with a double quote is quoted: it may hold delimiters, line
//     breaks and doubled quotes ("" is one "), and must be followed by a delimiter, a line
//     end or the end of the file;
//   * a quote inside an unquoted field is an ordinary character (a"b is the text a"b);
//   * a UTF-8 byte-order mark at the start is skipped; a missing final line end is fine.
//
// Recovery: a record whose quoting is broken (a quoted field that never closes, or text
// after a closing quote) is reported as bad and reading resumes at the physical line after
// the record's first line, so one stray quote costs one line, not the rest of the file.
//
// Not thread-safe; the text must outlive the reader and every record it fills.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace attrition::load {

struct CsvField {
  std::string_view value;  // without the surrounding quotes, "" unescaped
  bool quoted = false;     // written in quotes ("" is a quoted empty string)
};

struct CsvRecord {
  int64_t line = 0;              // physical line (1-based) where the record starts
  bool blank = false;            // an empty line: no fields at all
  std::string error;             // non-empty for a record whose quoting is broken
  std::vector<CsvField> fields;  // valid until the next Next() on the same reader
};

class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter);

  // Reads the next record into *record: false at the end of the text. A record with
  // broken quoting comes back with `error` set (e.g. "quoted field 2 is never closed")
  // and no fields. The field count is not checked here; callers compare it to the header.
  bool Next(CsvRecord* record);

  // Bytes consumed so far, for progress.
  size_t position() const { return pos_; }

 private:
  struct Span {
    bool quoted;
    bool in_scratch;  // offset/length index scratch_ rather than text_
    size_t offset;
    size_t length;
  };

  Span ReadUnquoted();
  // REQUIRES: text_[pos_] == '"'. False with *error set when the quoting is broken.
  bool ReadQuoted(size_t field_number, Span* span, std::string* error);
  bool AtLineEnd() const;
  void ConsumeLineEnd();
  // Moves to the start of the physical line after `line_start`.
  void SkipToLineAfter(size_t line_start, int64_t line);

  std::string_view text_;
  char delimiter_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  std::vector<Span> spans_;  // fields of the current record
  std::string scratch_;      // unescaped contents of fields that held ""
};

}  // namespace attrition::load
