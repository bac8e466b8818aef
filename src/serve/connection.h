// Connection: one client's keep-alive HTTP/1.1 connection on a socket owned by one
// Worker, parsed with Boost.Beast's request parser.
//
// The socket is non-blocking and registered once, level-triggered for reading, in the
// worker's EventLoop (why not Asio: see event_loop.h). It is read only when the loop says
// it is readable, once per readiness unless that read filled the buffer; bytes received
// are parsed at once, and the response is queued with the worker, which sends it at the
// end of the event batch (the socket nearly always takes it whole). After answering, the connection goes back to the loop without trying another
// read, since the client is waiting for the answer before it sends again; only bytes
// already buffered (pipelining) are parsed at once. So a keep-alive request costs one
// recv, one send and a share of one epoll_wait. Only a partial send changes the
// registration (to writable, and back once the rest is out).
//
// Per request: wait for the first byte (idle timeout), parse the head (bounded: 431),
// check Content-Length against the payload limit before any body byte is read (413),
// answer "Expect: 100-continue", parse the body, route, write the response. Every phase
// has a deadline the worker's sweep enforces; a malformed request gets a 400 and the
// connection is closed. A connection closed with unread input lingers briefly (shutdown
// for sending, input discarded) so the client still receives the error reply.
//
// Lifetime: owned by the worker; Close() closes the socket and retires the connection,
// which the worker destroys after the current event batch.
//
// Thread safety: all methods run on the worker's thread.
#pragma once

#include <array>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "serve/event_loop.h"
#include "serve/reply.h"
#include "serve/worker.h"

namespace attrition::serve {

class Connection final : public EventLoop::Handler {
 public:
  using Clock = Worker::Clock;

  // Takes ownership of the accepted, non-blocking socket `fd`.
  Connection(Worker& worker, int fd);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Registers the socket with the worker's loop and waits for the first request.
  void Start();
  // Drain: closes the connection when it is waiting for a request.
  void CloseIfIdle();
  // Sweep: closes the connection when its current phase has run past its deadline.
  void CloseIfExpired(Clock::time_point now);

  void OnEvents(uint32_t events) override;
  // Sends the reply queued with Worker::QueueReply, then goes on as the reply says: next
  // request (parsing what is already buffered), or linger and close.
  void SendReply();

 private:
  enum class Phase { kIdle, kReading, kWriting, kLingering, kClosed };
  // What the caller may do next: read more input, or leave the socket to the loop
  // (closed, lingering, or a write pending).
  enum class Next { kRead, kStop };
  // What follows a write once it is out.
  enum class AfterWrite { kReadBody, kNextRequest, kLinger };
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  struct PendingWrite {
    const char* data;
    size_t size;
    size_t done;
    AfterWrite after;
  };

  // Between requests.
  Next AwaitRequest();
  // Reads what the socket has (bounded per readiness), parsing as it goes.
  void OnReadable();
  // Parses and answers what is buffered.
  Next ParseBuffered();
  void StartParsing();
  // The head is complete: payload limit, body buffer, Expect.
  Next OnHeadComplete();
  Next OnParseError(boost::beast::error_code ec);
  Next Respond();
  // Answers a request that could not be read whole, then closes.
  Next RespondToBrokenRequest(int status, std::string_view message);
  // 413, naming the Content-Length when the request gave one.
  Next RespondPayloadTooLarge();
  // Serializes reply_ and queues it with the worker; the connection waits (kStop) until
  // SendReply.
  Next Send(bool keep_alive);
  // Sends data[0..size) and, once it is all out, does `after`: at once when the socket
  // takes it all, else when the loop reports the socket writable (see FlushPending).
  Next Write(const char* data, size_t size, AfterWrite after);
  void FlushPending();
  Next Finish(AfterWrite after);
  void Linger();
  void DiscardInput();
  void Close();
  void SetDeadline(std::chrono::milliseconds from_now) { deadline_ = Clock::now() + from_now; }

  Worker& worker_;
  int fd_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  size_t head_bytes_ = 0;   // of the request head being parsed
  bool http_10_ = false;    // the request being answered is HTTP/1.0
  std::string spare_body_;  // the previous request's body buffer, reused
  Reply reply_;
  std::string out_;  // the serialized response being written
  AfterWrite after_reply_ = AfterWrite::kNextRequest;  // of the reply in out_
  std::optional<PendingWrite> pending_;
  Phase phase_ = Phase::kIdle;
  Clock::time_point deadline_;
  Clock::time_point request_started_;
  std::array<char, 4096> discard_;
};

}  // namespace attrition::serve
