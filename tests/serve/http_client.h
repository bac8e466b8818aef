// A small blocking HTTP/1.1 client over Boost.Beast for the endpoint tests: one
// keep-alive connection to 127.0.0.1:port, plus raw-socket helpers for the fuzz tests.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace attrition::testing {

// Blocking reads and writes on `socket` fail after `seconds` instead of hanging a test.
inline void SetSocketTimeouts(boost::asio::ip::tcp::socket& socket, int seconds) {
  const timeval limit{.tv_sec = seconds, .tv_usec = 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
}

struct HttpResponse {
  int status = 0;  // 0: no response (connection failed or closed)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;                           // why status is 0
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : port_(port) {}

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    HttpResponse response;
    try {
      if (!socket_) Connect();
      http::request<http::string_body> request;
      request.method_string(method);
      request.target(target);
      request.version(11);
      request.set(http::field::host, "127.0.0.1");
      for (const auto& [name, value] : headers) request.set(name, value);
      request.body() = body;
      if (!body.empty() || method == "POST") request.prepare_payload();
      http::write(*socket_, request);
      http::response_parser<http::string_body> parser;
      parser.body_limit(size_t{64} << 20);
      http::read(*socket_, buffer_, parser);
      const auto& message = parser.get();
      response.status = static_cast<int>(message.result_int());
      response.body = message.body();
      for (const auto& field : message) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        response.headers[name] = std::string(field.value());
      }
      if (!message.keep_alive()) Reset();
    } catch (const std::exception& e) {
      response.status = 0;
      response.error = e.what();
      Reset();
    }
    return response;
  }

  HttpResponse Get(const std::string& target) { return Send("GET", target); }
  HttpResponse PostJson(const std::string& body, const std::string& accept = "") {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!accept.empty()) headers["Accept"] = accept;
    return Send("POST", "/invocations", body, headers);
  }
  HttpResponse PostCsv(const std::string& body, const std::string& accept = "") {
    std::map<std::string, std::string> headers = {{"Content-Type", "text/csv"}};
    if (!accept.empty()) headers["Accept"] = accept;
    return Send("POST", "/invocations", body, headers);
  }

 private:
  void Connect() {
    socket_.emplace(io_);
    socket_->connect({boost::asio::ip::make_address("127.0.0.1"), port_});
    SetSocketTimeouts(*socket_, 30);
    buffer_.clear();
  }
  void Reset() {
    boost::system::error_code ignored;
    if (socket_) socket_->close(ignored);
    socket_.reset();
  }

  uint16_t port_;
  boost::asio::io_context io_;
  std::optional<boost::asio::ip::tcp::socket> socket_;
  boost::beast::flat_buffer buffer_;
};

// A raw TCP connection for sending arbitrary bytes.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    SetSocketTimeouts(socket_, 20);
  }
  // Returns false when the server has closed the connection.
  bool Write(const std::string& bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ec);
    return !ec;
  }
  void ShutdownWrite() {
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  }
  // Everything the server sends until it closes the connection (or `limit` bytes).
  std::string ReadUntilClosed(size_t limit = size_t{1} << 20) {
    std::string data;
    char chunk[4096];
    boost::system::error_code ec;
    while (data.size() < limit) {
      const size_t n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec) break;
      data.append(chunk, n);
    }
    return data;
  }
  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace attrition::testing
