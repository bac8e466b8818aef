// A libcurl easy handle with the settings every sink shares (timeouts, no signals), and
// libcurl's one-time global initialisation. Internal to the notify library.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>

#include "attrition/status.h"

namespace attrition::notify::internal {

struct CurlTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds transfer{15000};
};

// Owns one CURL easy handle. Not thread-safe; one per attempt.
class CurlSession {
 public:
  // Initialises libcurl once per process (thread-safe) and creates a handle with
  // `timeouts`, CURLOPT_NOSIGNAL and no progress meter. handle() is null when libcurl
  // could not create one; Perform() then fails.
  explicit CurlSession(const CurlTimeouts& timeouts);
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  CURL* handle() const { return handle_; }

  // Runs the transfer. On failure the Status holds libcurl's detailed error text
  // ("Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection refused").
  Status Perform();

 private:
  CURL* handle_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace attrition::notify::internal
