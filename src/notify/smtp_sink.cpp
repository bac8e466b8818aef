// The SMTP sink: one plain-text mail per event through libcurl.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string>

#include "notify/sinks.h"

namespace attrition::notify::internal {
namespace {

// Header values must stay on one line: a newline in an error text would start a header.
std::string OneLine(std::string_view text) {
  std::string line(text);
  std::replace(line.begin(), line.end(), '\r', ' ');
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

std::string RfcDateNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

// Body lines with CRLF ends; a line starting with '.' is doubled (RFC 5321 4.5.2 — libcurl
// does this too, but only for its own line scanning, so be explicit).
std::string CrlfBody(std::string_view text) {
  std::string body;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    body += line;
    body += "\r\n";
    start = end + 1;
  }
  return body;
}

struct ReadState {
  const std::string* message;
  size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* state = static_cast<ReadState*>(user);
  size_t room = size * count;
  size_t left = state->message->size() - state->offset;
  size_t n = std::min(room, left);
  std::memcpy(buffer, state->message->data() + state->offset, n);
  state->offset += n;
  return n;
}

}  // namespace

std::string MailMessage(const config::NotificationSink& sink, const Event& event,
                        std::string_view environment) {
  std::string to;
  for (const std::string& address : sink.to) to += (to.empty() ? "" : ", ") + address;
  std::string message;
  message += "Date: " + RfcDateNow() + "\r\n";
  message += "From: " + OneLine(sink.from) + "\r\n";
  message += "To: " + OneLine(to) + "\r\n";
  message += "Subject: " + OneLine(Subject(event, environment)) + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "Content-Type: text/plain; charset=utf-8\r\n";
  message += "\r\n";
  message += CrlfBody(MessageText(event, environment));
  return message;
}

Status SendMail(const config::NotificationSink& sink, const std::string& message,
                const CurlTimeouts& timeouts) {
  CurlSession session(timeouts);
  CURL* curl = session.handle();
  if (curl == nullptr) return session.Perform();
  curl_slist* recipients = nullptr;
  for (const std::string& address : sink.to) {
    recipients = curl_slist_append(recipients, ("<" + address + ">").c_str());
  }
  std::string from = "<" + sink.from + ">";
  ReadState state{&message};
  curl_easy_setopt(curl, CURLOPT_URL, sink.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(curl, CURLOPT_READDATA, &state);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE, static_cast<long>(message.size()));
  // smtp:// upgrades with STARTTLS when the server offers it; smtps:// is TLS throughout.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!sink.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, sink.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, sink.password.Reveal().c_str());
  }
  Status status = session.Perform();
  curl_slist_free_all(recipients);
  return status;
}

}  // namespace attrition::notify::internal
