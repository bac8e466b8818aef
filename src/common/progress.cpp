#include "attrition/progress.h"

#include <unistd.h>

#include <cstdio>

namespace attrition {

bool Progress::StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, int64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      enabled_(StderrIsTerminal()),
      last_draw_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\033[K", stderr);
}

void Progress::MaybeDraw() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw();
}

void Progress::Draw() {
  if (total_ > 0) {
    std::fprintf(stderr, "\r\033[K%s %lld / %lld %s (%lld%%)", label_.c_str(),
                 static_cast<long long>(done_), static_cast<long long>(total_), unit_.c_str(),
                 static_cast<long long>(100 * done_ / total_));
  } else {
    std::fprintf(stderr, "\r\033[K%s %lld %s", label_.c_str(), static_cast<long long>(done_),
                 unit_.c_str());
  }
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace attrition
