#include "serve/reply.h"

#include "serve/json_text.h"

namespace attrition::serve {
void Reply::Error(int error_status, std::string_view message) {
  status = error_status;
  content_type = "application/json";
  body.clear();
  body += "{\"error\":";
  AppendJsonString(message, body);
  body += ",\"status\":";
  AppendUnsigned(static_cast<size_t>(error_status), body);
  body += "}\n";
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

void SerializeReply(const Reply& reply, ConnectionHeader connection, std::string& out) {
  out += "HTTP/1.1 ";
  AppendUnsigned(static_cast<size_t>(reply.status), out);
  out += ' ';
  out += ReasonPhrase(reply.status);
  out += "\r\nServer: attrition\r\nContent-Type: ";
  out += reply.content_type;
  out += "\r\nContent-Length: ";
  AppendUnsigned(reply.body.size(), out);
  if (!reply.allow.empty()) {
    out += "\r\nAllow: ";
    out += reply.allow;
  }
  if (!reply.model_version.empty()) {
    out += "\r\nX-Model-Version: ";
    out += reply.model_version;
  }
  switch (connection) {
    case ConnectionHeader::kNone: out += "\r\n\r\n"; break;
    case ConnectionHeader::kKeepAlive: out += "\r\nConnection: keep-alive\r\n\r\n"; break;
    case ConnectionHeader::kClose: out += "\r\nConnection: close\r\n\r\n"; break;
  }
  out += reply.body;
}

}  // namespace attrition::serve
