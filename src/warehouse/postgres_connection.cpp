#include "warehouse/postgres_connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "warehouse/postgres_odbc_common.h"
#include "warehouse/postgres_warehouse.h"

namespace attrition::warehouse {
namespace {

struct UrlParts {
  size_t password_begin = std::string_view::npos;  // in the user-info part, if any
  size_t password_end = std::string_view::npos;
};

// Finds the password of the user-info part of scheme://user:password@host/...
UrlParts FindUrlPassword(std::string_view url) {
  UrlParts parts;
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return parts;
  const size_t authority = scheme + 3;
  const size_t authority_end = std::min(url.find('/', authority), url.find('?', authority));
  const size_t at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority) return parts;
  const size_t colon = url.substr(0, at).find(':', authority);
  if (colon == std::string_view::npos) return parts;
  parts.password_begin = colon + 1;
  parts.password_end = at;
  return parts;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

std::string MaskPostgresUrl(std::string_view url) {
  std::string out(url);
  const UrlParts parts = FindUrlPassword(url);
  if (parts.password_begin != std::string_view::npos) {
    out.replace(parts.password_begin, parts.password_end - parts.password_begin, "***");
  }
  // password=... among the query parameters.
  const size_t query = out.find('?');
  if (query == std::string::npos) return out;
  size_t at = query + 1;
  while (at < out.size()) {
    size_t end = out.find('&', at);
    if (end == std::string::npos) end = out.size();
    if (SameName(std::string_view(out).substr(at, std::min<size_t>(9, end - at)), "password=")) {
      out.replace(at + 9, end - at - 9, "***");
      end = at + 12;
    }
    at = end + 1;
  }
  return out;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(std::string_view url_view) {
  const std::string url(url_view);
  const std::string masked = MaskPostgresUrl(url);
  std::vector<std::string> secrets;
  const UrlParts parts = FindUrlPassword(url);
  if (parts.password_begin != std::string_view::npos) {
    secrets.push_back(url.substr(parts.password_begin, parts.password_end - parts.password_begin));
  }

  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    std::string message = parse_error ? OneLine(parse_error) : "out of memory";
    PQfreemem(parse_error);
    return Status::InvalidArgument("warehouse.url: cannot parse '" + masked +
                                   "': " + warehouse::Redact(message, secrets));
  }
  bool has_timeout = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (std::strcmp(o->keyword, "password") == 0) secrets.emplace_back(o->val);
    if (std::strcmp(o->keyword, "connect_timeout") == 0) has_timeout = true;
  }
  PQconninfoFree(options);

  // Parameters before dbname are defaults the URL may override; those after it win.
  std::vector<const char*> keywords, values;
  if (!has_timeout) {
    keywords.push_back("connect_timeout");
    values.push_back("10");
  }
  keywords.insert(keywords.end(), {"fallback_application_name", "dbname", "client_encoding"});
  values.insert(values.end(), {"attrition", url.c_str(), "UTF8"});
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) return Status::Internal("libpq: out of memory connecting to " + masked);

  std::unique_ptr<PgConnection> connection(new PgConnection(conn, masked, std::move(secrets)));
  // NOTICEs (e.g. "drop cascades to ...") go to the debug log, not to stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char* message) { spdlog::debug("postgresql: {}", OneLine(message)); },
      nullptr);
  if (PQstatus(conn) == CONNECTION_OK) return connection;

  const std::string reason = connection->Redact(OneLine(PQerrorMessage(conn)));
  const std::string where = "PostgreSQL at " + connection->Endpoint() + " (" + masked + ")";
  if (Contains(reason, "authentication failed") || Contains(reason, "no password supplied")) {
    return Status::InvalidArgument("cannot log in to " + where + ": " + reason);
  }
  if (Contains(reason, "does not exist")) {
    return Status::NotFound("cannot connect to " + where + ": " + reason);
  }
  return Status::Unavailable("cannot connect to " + where + ": " + reason);
}

PgConnection::~PgConnection() { PQfinish(conn_); }

std::string PgConnection::Endpoint() const {
  const char* host = PQhost(conn_);
  const char* port = PQport(conn_);
  std::string out = host && *host ? host : "localhost";
  out += ':';
  out += port && *port ? port : "5432";
  return out;
}

bool PgConnection::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Status PgConnection::Reset() {
  PQreset(conn_);
  if (!Broken()) return Status::OK();
  return Status::Unavailable("cannot reconnect to PostgreSQL at " + Endpoint() + " (" +
                             masked_url_ + "): " + Redact(OneLine(PQerrorMessage(conn_))));
}

std::string PgConnection::Redact(std::string text) const {
  return warehouse::Redact(std::move(text), secrets_);
}

Status PgConnection::LostConnection(std::string_view what) const {
  std::string reason = OneLine(PQerrorMessage(conn_));
  if (reason.empty()) reason = "the server closed the connection";
  return Status::Unavailable(Redact(std::string(what) + ": lost the connection to PostgreSQL at " +
                                    Endpoint() + " (" + reason +
                                    "); nothing uncommitted was kept"));
}

Status PgConnection::Error(const PGresult* result, std::string_view what) const {
  if (Broken()) return LostConnection(what);
  auto field = [&](int code) -> std::string {
    const char* value = result ? PQresultErrorField(result, code) : nullptr;
    return value ? OneLine(value) : std::string();
  };
  const std::string sqlstate = field(PG_DIAG_SQLSTATE);
  std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = OneLine(PQerrorMessage(conn_));
  if (const std::string detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
    message += " (" + detail + ")";
  }
  if (const std::string context = field(PG_DIAG_CONTEXT); !context.empty()) {
    message += " [" + context + "]";
  }
  message = Redact(std::string(what) + ": " + message);

  const std::string_view klass =
      std::string_view(sqlstate).substr(0, std::min<size_t>(2, sqlstate.size()));
  if (sqlstate == "42P01" || sqlstate == "42703" || sqlstate == "3F000") {
    return Status::NotFound(std::move(message));
  }
  if (klass == "08" || klass == "53" || klass == "57")
    return Status::Unavailable(std::move(message));
  if (klass == "22" || klass == "23" || klass == "42") {
    return Status::InvalidArgument(std::move(message));
  }
  if (klass == "25") return Status::FailedPrecondition(std::move(message));
  return Status::IOError(std::move(message));
}

Result<PgResult> PgConnection::Exec(const std::string& sql, std::string_view what,
                                    const std::vector<std::string>& params) {
  PgResult result;
  if (params.empty()) {
    result.reset(PQexec(conn_, sql.c_str()));
  } else {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& p : params) values.push_back(p.c_str());
    result.reset(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
  }
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  return Error(result.get(), what);
}

Status PgConnection::CopyIn(const std::string& copy_sql, std::string_view data,
                            std::string_view what) {
  PgResult start(PQexec(conn_, copy_sql.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return Error(start.get(), what);
  bool sent = PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) == 1;
  sent = PQputCopyEnd(conn_, sent ? nullptr : "client failed to send data") == 1 && sent;
  // The outcome of the COPY, then the end of its results.
  Status status;
  bool first = true;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult result(raw);
    if (first && PQresultStatus(raw) != PGRES_COMMAND_OK) status = Error(raw, what);
    first = false;
  }
  if (status.ok() && (first || !sent)) status = Error(nullptr, what);
  return status;
}

}  // namespace attrition::warehouse
