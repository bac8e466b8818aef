// Connection: one client's keep-alive HTTP/1.1 connection on a socket owned by one
// Worker, parsed with Boost.Beast's request parser.
//
// The socket is non-blocking and driven by hand rather than through Beast's composed
// operations: bytes already received are parsed at once, a read is tried before waiting
// for readiness, and a response is written directly when the socket takes it (nearly
// always), so a keep-alive request costs one receive, one send and a share of one
// epoll_wait, and no handler is posted through the io_context.
//
// Per request: wait for the first byte (idle timeout), parse the head (bounded: 431),
// check Content-Length against the payload limit before any body byte is read (413),
// answer "Expect: 100-continue", parse the body, route, write the response. Every phase
// has a deadline the worker's sweeper enforces; a malformed request gets a 400 and the
// connection is closed. A connection closed with unread input lingers briefly (shutdown
// for sending, input discarded) so the client still receives the error reply.
//
// Thread safety: all methods run on the worker's thread.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "serve/reply.h"
#include "serve/worker.h"

namespace attrition::serve {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;

  Connection(Worker& worker, boost::asio::ip::tcp::socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Start();
  // Drain: closes the connection when it is waiting for a request.
  void CloseIfIdle();
  // Sweep: closes the connection when its current phase has run past its deadline.
  void CloseIfExpired(Clock::time_point now);

 private:
  enum class Phase { kIdle, kReading, kWriting, kLingering, kClosed };
  enum class Next { kContinue, kStop };
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  // Between requests.
  void AwaitRequest();
  // Parses what is buffered, reads what the socket has, waits when it has nothing.
  void Pump();
  void StartParsing();
  // The head is complete: payload limit, body buffer, Expect.
  Next OnHeadComplete();
  Next OnParseError(boost::beast::error_code ec);
  void Respond();
  // Answers a request that could not be read whole, then closes.
  void RespondToBrokenRequest(int status, std::string_view message);
  // 413, naming the Content-Length when the request gave one.
  void RespondPayloadTooLarge();
  void Send(bool keep_alive);
  void OnSent(bool keep_alive);
  // Writes out_[written..] and then runs `then`: directly when the socket takes it all,
  // else after an asynchronous write of the rest.
  void WriteThen(const char* data, size_t size, std::function<void()> then);
  void Linger();
  void Close();
  void SetDeadline(std::chrono::milliseconds from_now) { deadline_ = Clock::now() + from_now; }

  Worker& worker_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  size_t head_bytes_ = 0;   // of the request head being parsed
  int direct_requests_ = 0;
  bool http_10_ = false;  // the request being answered is HTTP/1.0  // handled in a row without returning to the io_context
  std::string spare_body_;  // the previous request's body buffer, reused
  Reply reply_;
  std::string out_;  // the serialized response being written
  Phase phase_ = Phase::kIdle;
  Clock::time_point deadline_;
  Clock::time_point request_started_;
  std::array<char, 4096> discard_;
};

}  // namespace attrition::serve
