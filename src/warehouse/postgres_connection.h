// One libpq connection with attrition's error handling: every failure becomes a Status
// whose message names what was being done and the server (password masked), never the
// password itself; SQLSTATEs map to Status codes (undefined table/column → NotFound,
// connection failures and server shutdowns → Unavailable, bad data or SQL →
// InvalidArgument).
//
// Not thread-safe: one user at a time, like the Warehouse that owns it.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/status.h"

namespace attrition::warehouse {

struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

class PgConnection {
 public:
  // Connects to `url` (a postgresql:// or postgres:// URI, any libpq parameter allowed).
  // Adds connect_timeout=10 unless given, and always uses UTF8. Errors: Unavailable when
  // the server cannot be reached, InvalidArgument when authentication fails or the URL
  // is malformed, NotFound when the database or role does not exist.
  static Result<std::unique_ptr<PgConnection>> Connect(std::string_view url);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  const std::string& masked_url() const { return masked_url_; }
  // "host:port" of the server, for messages.
  std::string Endpoint() const;

  // Runs one statement (with text parameters $1, $2, ... when given). `what` describes
  // the work for error messages ("replacing table X").
  Result<PgResult> Exec(const std::string& sql, std::string_view what,
                        const std::vector<std::string>& params = {});

  // Runs `copy_sql` (COPY ... FROM STDIN) and sends `data`, COPY text format.
  Status CopyIn(const std::string& copy_sql, std::string_view data, std::string_view what);

  // True when the connection to the server is lost.
  bool Broken() const;
  // Reconnects a broken connection (only between transactions). Unavailable on failure.
  Status Reset();

  // Removes any secret of this connection from `text`.
  std::string Redact(std::string text) const;

 private:
  PgConnection(PGconn* conn, std::string masked_url, std::vector<std::string> secrets)
      : conn_(conn), masked_url_(std::move(masked_url)), secrets_(std::move(secrets)) {}

  // The Status for a failed `result` (may be null) of work `what`.
  Status Error(const PGresult* result, std::string_view what) const;
  Status LostConnection(std::string_view what) const;

  PGconn* conn_;
  std::string masked_url_;
  std::vector<std::string> secrets_;
};

}  // namespace attrition::warehouse
