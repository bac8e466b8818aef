// libcurl set-up shared by the webhook and SMTP sinks.
#include "notify/curl_session.h"

#include <mutex>

namespace attrition::notify::internal {
namespace {

void InitialiseCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

CurlSession::CurlSession(const CurlTimeouts& timeouts) {
  InitialiseCurlOnce();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) return;
  curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle_, CURLOPT_NOPROGRESS, 1L);
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.transfer.count()));
}

CurlSession::~CurlSession() {
  if (handle_ != nullptr) curl_easy_cleanup(handle_);
}

Status CurlSession::Perform() {
  if (handle_ == nullptr) return Status::Internal("libcurl could not create a handle");
  error_buffer_[0] = '\0';
  CURLcode code = curl_easy_perform(handle_);
  if (code == CURLE_OK) return Status::OK();
  std::string text = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  return Status::Unavailable(text);
}

}  // namespace attrition::notify::internal
