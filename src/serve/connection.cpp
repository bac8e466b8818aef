#include "serve/connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/beast/http/error.hpp>
#include <cerrno>
#include <fmt/format.h>

namespace attrition::serve {
namespace {

namespace http = boost::beast::http;
using boost::beast::error_code;

// How long a connection closed with unread input keeps discarding it.
constexpr std::chrono::milliseconds kLinger{2000};
constexpr size_t kReadChunk = 8192;
// Reads per readiness report at most: a client that keeps the socket full (a large body,
// a pipelining flood) yields to the worker's other connections after this many; the
// level-triggered registration brings it back in the next batch.
constexpr int kMaxReadsPerEvent = 16;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

std::string_view View(boost::beast::string_view text) { return {text.data(), text.size()}; }

bool WouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK || error == EINTR; }

}  // namespace

Connection::Connection(Worker& worker, int fd)
    : worker_(worker),
      fd_(fd),
      // The parser needs a request head whole in the buffer, so this also bounds a single
      // head line; the sum over lines is counted in head_bytes_.
      buffer_(worker.options().max_header_bytes + kReadChunk) {
  worker_.shared().open_connections.fetch_add(1, std::memory_order_relaxed);
}

Connection::~Connection() {
  if (fd_ >= 0) {
    worker_.loop().Remove(fd_);
    ::close(fd_);
  }
  worker_.shared().open_connections.fetch_sub(1, std::memory_order_relaxed);
}

void Connection::Start() {
  const int on = 1;
  if (setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0 ||
      !worker_.loop().Add(fd_, EPOLLIN, this)) {
    return Close();
  }
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
  pending_.reset();
  worker_.loop().Remove(fd_);
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  fd_ = -1;
  worker_.Retire(this);
}

void Connection::OnEvents(uint32_t events) {
  if (phase_ == Phase::kClosed) return;  // closed earlier in this batch
  if (pending_) {
    // Registered for EPOLLOUT only; an error or hang-up shows up as a failed send.
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) FlushPending();
    return;
  }
  if (phase_ == Phase::kLingering) return DiscardInput();
  OnReadable();
}

Connection::Next Connection::AwaitRequest() {
  if (worker_.draining()) {
    Close();
    return Next::kStop;
  }
  phase_ = Phase::kIdle;
  parser_.reset();
  SetDeadline(worker_.options().idle_timeout);
  return Next::kRead;
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

void Connection::OnReadable() {
  for (int reads = 0; reads < kMaxReadsPerEvent; ++reads) {
    const size_t want = std::min(kReadChunk, buffer_.max_size() - buffer_.size());
    if (want == 0) {  // ParseBuffered answers 431 first; never read into no room (EOF)
      OnParseError(http::error::header_limit);
      return;
    }
    const auto space = buffer_.prepare(want);
    const ssize_t n = ::recv(fd_, space.data(), space.size(), 0);
    if (n < 0 && WouldBlock(errno)) return;  // a spurious report: the loop says when
    if (n <= 0) return Close();              // end of stream, reset: nothing to answer
    buffer_.commit(static_cast<size_t>(n));
    if (ParseBuffered() == Next::kStop) return;
    // A short read drained the socket (nearly always): wait for the loop rather than pay
    // for a read that would only say EAGAIN.
    if (static_cast<size_t>(n) < want) return;
  }
}

Connection::Next Connection::ParseBuffered() {
  while (buffer_.size() > 0) {
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
    if (ec) return OnParseError(ec);
    // The reply is queued; SendReply parses the bytes behind it (pipelining).
    if (parser_->is_done()) return Respond();
    if (!head_was_done && parser_->is_header_done()) {
      if (OnHeadComplete() == Next::kStop) return Next::kStop;
      continue;
    }
    if (used == 0) break;
  }
  if (buffer_.size() >= buffer_.max_size()) return OnParseError(http::error::header_limit);
  return Next::kRead;
}

Connection::Next Connection::OnHeadComplete() {
  const auto length = parser_->content_length();
  if (length && *length > worker_.options().max_payload_bytes) return RespondPayloadTooLarge();
  spare_body_.clear();
  parser_->get().body().swap(spare_body_);
  const auto& request = parser_->get();
  const auto expect = request.find(http::field::expect);
  if (expect != request.end() && boost::beast::iequals(expect->value(), "100-continue") &&
      buffer_.size() == 0) {
    return Write(kContinue, sizeof(kContinue) - 1, AfterWrite::kReadBody);
  }
  return Next::kRead;
}

Connection::Next Connection::OnParseError(error_code ec) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return RespondToBrokenRequest(431, fmt::format("request head over {} bytes",
                                                   worker_.options().max_header_bytes));
  }
  if (ec == http::error::body_limit) return RespondPayloadTooLarge();
  return RespondToBrokenRequest(400, "malformed HTTP request: " + ec.message());
}

Connection::Next Connection::Respond() {
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
  return Send(keep_alive);
}

Connection::Next Connection::RespondPayloadTooLarge() {
  const size_t limit = worker_.options().max_payload_bytes;
  const auto length = parser_->content_length();
  return RespondToBrokenRequest(
      413, length ? fmt::format("payload of {} bytes over the limit of {} bytes "
                                "(serving.max_payload_mb)",
                                *length, limit)
                  : fmt::format("payload over the limit of {} bytes (serving.max_payload_mb)",
                                limit));
}

Connection::Next Connection::RespondToBrokenRequest(int status, std::string_view message) {
  reply_.Reset();
  reply_.Error(status, message);
  const Route route = parser_ && parser_->is_header_done() ? RouteOf(View(parser_->get().target()))
                                                           : Route::kOther;
  const double seconds = std::chrono::duration<double>(Clock::now() - request_started_).count();
  worker_.shared().metrics.Record(worker_.state().index, route, status, seconds, 0);
  return Send(/*keep_alive=*/false);
}

Connection::Next Connection::Send(bool keep_alive) {
  phase_ = Phase::kWriting;
  SetDeadline(worker_.options().request_timeout);
  out_.clear();
  const ConnectionHeader header = !keep_alive ? ConnectionHeader::kClose
                                  : http_10_  ? ConnectionHeader::kKeepAlive
                                              : ConnectionHeader::kNone;
  SerializeReply(reply_, header, out_);
  after_reply_ = keep_alive ? AfterWrite::kNextRequest : AfterWrite::kLinger;
  worker_.QueueReply(this);
  return Next::kStop;
}

void Connection::SendReply() {
  if (phase_ == Phase::kClosed) return;
  if (Write(out_.data(), out_.size(), after_reply_) == Next::kRead) ParseBuffered();
}

Connection::Next Connection::Write(const char* data, size_t size, AfterWrite after) {
  const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
  if (n < 0 && !WouldBlock(errno)) {
    Close();
    return Next::kStop;
  }
  const size_t done = n < 0 ? 0 : static_cast<size_t>(n);
  if (done == size) return Finish(after);
  // The socket's send buffer is full: wait until it is writable, and stop listening for
  // input meanwhile (level-triggered, it would be reported again and again).
  pending_ = PendingWrite{.data = data, .size = size, .done = done, .after = after};
  if (!worker_.loop().Modify(fd_, EPOLLOUT, this)) Close();
  return Next::kStop;
}

void Connection::FlushPending() {
  PendingWrite& pending = *pending_;
  const ssize_t n = ::send(fd_, pending.data + pending.done, pending.size - pending.done, MSG_NOSIGNAL);
  if (n < 0 && !WouldBlock(errno)) return Close();
  if (n > 0) pending.done += static_cast<size_t>(n);
  if (pending.done < pending.size) return;
  const AfterWrite after = pending.after;
  pending_.reset();
  if (!worker_.loop().Modify(fd_, EPOLLIN, this)) return Close();
  // Then parse what was buffered meanwhile; for more input, wait for the loop.
  if (Finish(after) == Next::kRead) ParseBuffered();
}

Connection::Next Connection::Finish(AfterWrite after) {
  switch (after) {
    case AfterWrite::kReadBody:
      return Next::kRead;
    case AfterWrite::kNextRequest:
      return AwaitRequest();
    case AfterWrite::kLinger:
      Linger();
      return Next::kStop;
  }
  return Next::kStop;
}

void Connection::Linger() {
  phase_ = Phase::kLingering;
  SetDeadline(kLinger);
  ::shutdown(fd_, SHUT_WR);
}

void Connection::DiscardInput() {
  for (int reads = 0; reads < kMaxReadsPerEvent; ++reads) {
    const ssize_t n = ::recv(fd_, discard_.data(), discard_.size(), 0);
    if (n < 0 && WouldBlock(errno)) return;
    if (n <= 0) return Close();  // the client has closed (or reset): done lingering
  }
}

}  // namespace attrition::serve
