// Reply: what a route handler answers, before it becomes HTTP bytes. One per connection,
// reused: body keeps its capacity between requests.
#pragma once

#include <string>
#include <string_view>

namespace attrition::serve {

struct Reply {
  int status = 200;
  std::string_view content_type = "application/json";
  std::string body;
  std::string_view allow;          // the Allow header of a 405
  std::string_view model_version;  // X-Model-Version when set

  void Reset() {
    status = 200;
    content_type = "application/json";
    body.clear();
    allow = {};
    model_version = {};
  }

  // {"error": message, "status": status}, as the reference serve.py answers errors.
  void Error(int error_status, std::string_view message);
};

// The reason phrase of an HTTP status ("Not Found").
std::string_view ReasonPhrase(int status);

// What the Connection header of a response says.
enum class ConnectionHeader {
  kNone,       // HTTP/1.1 keep-alive: the default needs no header
  kKeepAlive,  // an HTTP/1.0 client asked to keep the connection
  kClose,      // the server closes the connection after this response
};

// Appends the status line, headers and body of `reply` to `out`.
void SerializeReply(const Reply& reply, ConnectionHeader connection, std::string& out);

}  // namespace attrition::serve
