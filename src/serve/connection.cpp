#include "serve/connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>

namespace attrition::serve {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::beast::error_code;

// How long a connection closed with unread input keeps discarding it.
constexpr std::chrono::milliseconds kLinger{2000};
constexpr size_t kReadChunk = 8192;
// Requests answered back to back on one stack before yielding to the io_context (a
// pipelining client must not grow the stack without bound, nor starve the others).
constexpr int kMaxDirectRequests = 16;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

std::string_view View(boost::beast::string_view text) { return {text.data(), text.size()}; }

bool WouldBlock(const error_code& ec) {
  return ec == asio::error::would_block || ec == asio::error::try_again;
}

}  // namespace

Connection::Connection(Worker& worker, asio::ip::tcp::socket socket)
    : worker_(worker),
      socket_(std::move(socket)),
      // The parser needs a request head whole in the buffer, so this also bounds a single
      // head line; the sum over lines is counted in head_bytes_.
      buffer_(worker.options().max_header_bytes + kReadChunk) {
  worker_.Add(this);
  worker_.shared().open_connections.fetch_add(1, std::memory_order_relaxed);
}

Connection::~Connection() {
  worker_.Remove(this);
  worker_.shared().open_connections.fetch_sub(1, std::memory_order_relaxed);
}

void Connection::Start() {
  error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);
  if (ec) return Close();
  AwaitRequest();
}

void Connection::CloseIfIdle() {
  if (phase_ == Phase::kIdle) Close();
}

void Connection::CloseIfExpired(Clock::time_point now) {
  if (phase_ != Phase::kClosed && now > deadline_) Close();
}

void Connection::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Connection::AwaitRequest() {
  if (worker_.draining()) return Close();
  phase_ = Phase::kIdle;
  parser_.reset();
  SetDeadline(worker_.options().idle_timeout);
  Pump();
}

void Connection::StartParsing() {
  phase_ = Phase::kReading;
  request_started_ = Clock::now();
  SetDeadline(worker_.options().request_timeout);
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(worker_.options().max_header_bytes));
  parser_->body_limit(worker_.options().max_payload_bytes);
  head_bytes_ = 0;
}

void Connection::Pump() {
  while (phase_ == Phase::kIdle || phase_ == Phase::kReading) {
    if (buffer_.size() > 0) {
      if (!parser_) StartParsing();
      const bool head_was_done = parser_->is_header_done();
      error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) ec = {};
      if (!head_was_done) {
        // Beast bounds one parse step by header_limit, not the sum over steps.
        head_bytes_ += used;
        if (!ec && head_bytes_ > worker_.options().max_header_bytes) ec = http::error::header_limit;
      }
      if (ec) {
        OnParseError(ec);
        return;
      }
      if (parser_->is_done()) return Respond();
      if (!head_was_done && parser_->is_header_done()) {
        if (OnHeadComplete() == Next::kStop) return;
        continue;
      }
      if (used > 0) continue;
    }
    if (buffer_.size() >= buffer_.max_size()) {
      OnParseError(http::error::header_limit);
      return;
    }
    error_code ec;
    const size_t n = socket_.read_some(
        buffer_.prepare(std::min(kReadChunk, buffer_.max_size() - buffer_.size())), ec);
    if (WouldBlock(ec)) {
      direct_requests_ = 0;
      socket_.async_wait(asio::socket_base::wait_read, [self = shared_from_this()](error_code wait_ec) {
        if (self->phase_ == Phase::kClosed) return;
        if (wait_ec) return self->Close();
        self->Pump();
      });
      return;
    }
    if (ec) return Close();  // end of stream, reset: nothing to answer
    buffer_.commit(n);
  }
}

Connection::Next Connection::OnHeadComplete() {
  const auto length = parser_->content_length();
  if (length && *length > worker_.options().max_payload_bytes) {
    RespondPayloadTooLarge();
    return Next::kStop;
  }
  spare_body_.clear();
  parser_->get().body().swap(spare_body_);
  const auto& request = parser_->get();
  const auto expect = request.find(http::field::expect);
  if (expect != request.end() && boost::beast::iequals(expect->value(), "100-continue") &&
      buffer_.size() == 0) {
    WriteThen(kContinue, sizeof(kContinue) - 1, [this] { Pump(); });
    return Next::kStop;
  }
  return Next::kContinue;
}

Connection::Next Connection::OnParseError(error_code ec) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    RespondToBrokenRequest(431, fmt::format("request head over {} bytes",
                                            worker_.options().max_header_bytes));
  } else if (ec == http::error::body_limit) {
    RespondPayloadTooLarge();
  } else {
    RespondToBrokenRequest(400, "malformed HTTP request: " + ec.message());
  }
  return Next::kStop;
}

void Connection::Respond() {
  const auto& request = parser_->get();
  const auto content_type = request.find(http::field::content_type);
  const auto accept = request.find(http::field::accept);
  const RequestView view{
      .method = View(request.method_string()),
      .target = View(request.target()),
      .content_type = content_type == request.end() ? std::string_view() : View(content_type->value()),
      .accept = accept == request.end() ? std::string_view() : View(accept->value()),
      .body = request.body()};
  reply_.Reset();
  size_t rows = 0;
  Route route = Route::kOther;
  try {
    route = HandleRequest(worker_.shared(), worker_.state(), view, reply_, &rows);
  } catch (const std::exception& e) {
    // Handlers report errors as statuses; this is a bug, not the client's fault. Answer
    // rather than let it take the server down.
    spdlog::error("serve: {} {} failed: {}", view.method, view.target.substr(0, 200), e.what());
    reply_.Reset();
    reply_.Error(500, "internal error");
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - request_started_).count();
  worker_.shared().metrics.Record(worker_.state().index, route, reply_.status, seconds, rows);
  const bool keep_alive = request.keep_alive() && !worker_.draining();
  http_10_ = request.version() < 11;
  spare_body_ = std::move(parser_->get().body());
  Send(keep_alive);
}

void Connection::RespondPayloadTooLarge() {
  const size_t limit = worker_.options().max_payload_bytes;
  const auto length = parser_->content_length();
  RespondToBrokenRequest(
      413, length ? fmt::format("payload of {} bytes over the limit of {} bytes "
                                "(serving.max_payload_mb)",
                                *length, limit)
                  : fmt::format("payload over the limit of {} bytes (serving.max_payload_mb)",
                                limit));
}

void Connection::RespondToBrokenRequest(int status, std::string_view message) {
  reply_.Reset();
  reply_.Error(status, message);
  const Route route = parser_ && parser_->is_header_done() ? RouteOf(View(parser_->get().target()))
                                                           : Route::kOther;
  const double seconds = std::chrono::duration<double>(Clock::now() - request_started_).count();
  worker_.shared().metrics.Record(worker_.state().index, route, status, seconds, 0);
  Send(/*keep_alive=*/false);
}

void Connection::Send(bool keep_alive) {
  phase_ = Phase::kWriting;
  SetDeadline(worker_.options().request_timeout);
  out_.clear();
  const ConnectionHeader header = !keep_alive ? ConnectionHeader::kClose
                                  : http_10_  ? ConnectionHeader::kKeepAlive
                                              : ConnectionHeader::kNone;
  SerializeReply(reply_, header, out_);
  WriteThen(out_.data(), out_.size(), [this, keep_alive] { OnSent(keep_alive); });
}

void Connection::WriteThen(const char* data, size_t size, std::function<void()> then) {
  error_code ec;
  const size_t written = socket_.write_some(asio::buffer(data, size), ec);
  if (!ec && written == size) return then();
  if (ec && !WouldBlock(ec)) return Close();
  const size_t done = ec ? 0 : written;
  asio::async_write(socket_, asio::buffer(data + done, size - done),
                    [self = shared_from_this(), then = std::move(then)](error_code write_ec, size_t) {
                      if (self->phase_ == Phase::kClosed) return;
                      if (write_ec) return self->Close();
                      then();
                    });
}

void Connection::OnSent(bool keep_alive) {
  if (phase_ == Phase::kClosed) return;
  if (!keep_alive) return Linger();
  if (++direct_requests_ < kMaxDirectRequests) return AwaitRequest();
  direct_requests_ = 0;
  phase_ = Phase::kIdle;
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ != Phase::kClosed) self->AwaitRequest();
  });
}

void Connection::Linger() {
  if (phase_ != Phase::kLingering) {
    phase_ = Phase::kLingering;
    SetDeadline(kLinger);
    error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
  socket_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](error_code ec, size_t) {
    if (self->phase_ == Phase::kClosed) return;
    if (ec) return self->Close();
    self->Linger();
  });
}

}  // namespace attrition::serve
