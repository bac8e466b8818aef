// Listener: the server's non-blocking listening socket, served by one worker's EventLoop.
// When the socket is readable it accepts every pending connection and hands each to the
// next worker in turn (Worker::Adopt), so connections spread evenly over the I/O threads.
// When accept fails for lack of resources (out of file descriptors), it stops listening
// until the worker's next sweep rather than spin on a socket that stays readable.
//
// Thread safety: Open runs before the workers start; everything else on the home worker's
// thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attrition/status.h"
#include "serve/event_loop.h"
#include "serve/worker.h"

namespace attrition::serve {

class Listener final : public EventLoop::Handler {
 public:
  // `home` runs the listening socket; `workers` (home among them) get the connections.
  Listener(Worker& home, std::vector<Worker*> workers);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Binds and listens on host:port (port 0: any free port) and registers with the home
  // worker's loop.
  Status Open(const std::string& host, uint16_t port);
  uint16_t port() const { return port_; }
  // Stops accepting: the socket is closed.
  void Close();

  void OnEvents(uint32_t events) override;

 private:
  void Rearm();

  Worker& home_;
  std::vector<Worker*> workers_;
  size_t next_worker_ = 0;
  int fd_ = -1;
  bool armed_ = false;
  uint16_t port_ = 0;
};

}  // namespace attrition::serve
