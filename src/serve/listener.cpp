#include "serve/listener.h"

#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cerrno>
#include <cstring>

namespace attrition::serve {
namespace {

// Connections accepted per readiness report at most, so a connection storm does not keep
// the home worker from its own connections.
constexpr int kMaxAcceptsPerEvent = 64;

bool IsTransient(int error) {
  // The connection went away before it was accepted, or a signal interrupted us.
  return error == ECONNABORTED || error == EPROTO || error == EINTR || error == EPERM;
}

}  // namespace

Listener::Listener(Worker& home, std::vector<Worker*> workers)
    : home_(home), workers_(std::move(workers)) {
  home_.OnSweep([this] { Rearm(); });
}

Listener::~Listener() {
  if (fd_ >= 0) ::close(fd_);
}

Status Listener::Open(const std::string& host, uint16_t port) {
  boost::system::error_code ec;
  const boost::asio::ip::address address = boost::asio::ip::make_address(host, ec);
  if (ec) {
    return Status::InvalidArgument("--host: got '" + host +
                                   "', expected an IP address such as 0.0.0.0 or 127.0.0.1");
  }
  const boost::asio::ip::tcp::endpoint endpoint(address, port);
  const auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return Status::IOError("cannot listen on " + host + ":" + std::to_string(port) + ": " + what +
                           ": " + reason);
  };
  fd_ = ::socket(endpoint.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return fail("socket");
  const int on = 1;
  if (setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) return fail("setsockopt");
  if (::bind(fd_, endpoint.data(), static_cast<socklen_t>(endpoint.size())) != 0) return fail("bind");
  if (::listen(fd_, SOMAXCONN) != 0) return fail("listen");
  boost::asio::ip::tcp::endpoint bound;
  socklen_t bound_size = static_cast<socklen_t>(bound.capacity());
  if (getsockname(fd_, bound.data(), &bound_size) != 0) return fail("getsockname");
  bound.resize(bound_size);
  port_ = bound.port();
  if (!home_.loop().Add(fd_, EPOLLIN, this)) return fail("epoll_ctl");
  armed_ = true;
  return Status::OK();
}

void Listener::Close() {
  if (fd_ < 0) return;
  home_.loop().Remove(fd_);
  ::close(fd_);
  fd_ = -1;
  armed_ = false;
}

void Listener::OnEvents(uint32_t /*events*/) {
  if (fd_ < 0) return;
  for (int accepted = 0; accepted < kMaxAcceptsPerEvent; ++accepted) {
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client >= 0) {
      workers_[next_worker_]->Adopt(client);
      next_worker_ = (next_worker_ + 1) % workers_.size();
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    if (IsTransient(errno)) continue;
    // Out of file descriptors and the like: pause rather than spin on a readable socket.
    spdlog::warn("serve: accept failed: {}; pausing until the next sweep", std::strerror(errno));
    home_.loop().Modify(fd_, 0, this);
    armed_ = false;
    return;
  }
}

void Listener::Rearm() {
  if (fd_ < 0 || armed_) return;
  armed_ = home_.loop().Modify(fd_, EPOLLIN, this);
}

}  // namespace attrition::serve
