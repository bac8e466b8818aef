// The real-time endpoint (SPEC 9): an HTTP/1.1 server speaking SageMaker's inference
// container contract, scoring with the native TreeEnsemble of a registry model version.
//
//   GET  /ping          200 when a model is loaded, 503 otherwise
//   POST /invocations   JSON 2-D array | {"instances": [...]} | text/csv -> probabilities
//   GET  /models        the loaded version and its metadata
//   GET  /metrics       Prometheus text
//
// docs/serve.md describes the formats, errors and Accept negotiation.
//
// The model comes from the registry (`model_reference` resolved under `artifacts_dir`) or
// from a bundle directory (`model_dir`, SageMaker's /opt/ml/model). When the reference is
// an alias, its file is polled and a new target is loaded in the background and swapped
// in atomically: requests already running finish on the old model, none fails. A load
// that fails keeps the old model (and is logged).
//
// Thread safety: Start, port, Shutdown and Wait may be called from any one thread;
// Shutdown may also be called from another thread than Wait.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "attrition/status.h"

namespace attrition::serve {

struct ServeOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;  // 0: an ephemeral port (see Server::port())
  int threads = 0;       // I/O threads; 0 = one per hardware thread
  size_t max_payload_bytes = size_t{6} << 20;  // larger bodies get 413
  size_t max_header_bytes = size_t{16} << 10;  // larger request heads get 431

  // Registry mode: `model_reference` ("production", "staging" or a version id) under
  // `artifacts_dir`. Ignored when model_dir is set.
  std::filesystem::path artifacts_dir = "artifacts";
  std::string model_reference = "production";
  // Directory mode: serve this bundle directory (attrition.model, feature_plan.json,
  // metadata.json) as it is; no registry, no hot swap.
  std::filesystem::path model_dir;

  std::chrono::milliseconds alias_poll_interval{200};
  // A connection waiting for a request longer than this is closed.
  std::chrono::milliseconds idle_timeout{60'000};
  // A request must arrive whole (head and body) this long after its first byte, and a
  // response must be taken by the client this long after it was sent; else the
  // connection is closed. Slow clients cannot pin a thread (no thread ever blocks on a
  // socket) nor a connection slot for longer.
  std::chrono::milliseconds request_timeout{30'000};
  // On Shutdown, in-flight requests get this long to finish.
  std::chrono::milliseconds drain_timeout{30'000};
  // After an event, an I/O thread keeps polling (on its core, without sleeping) for this
  // long before it blocks again: under load it never sleeps, so clients never pay to wake
  // it; idle, it costs at most this much CPU per event. 0: always block.
  std::chrono::microseconds busy_poll{50};
};

class Server {
 public:
  // Loads the model, binds and starts serving on background threads; returns once the
  // port accepts connections. Errors: InvalidArgument for bad options, NotFound for a
  // version id (or model_dir) that does not exist, IOError when the address cannot be
  // bound. An alias that is not set yet (or a model that fails to load) is not an
  // error: the server starts, /ping answers 503 and the alias keeps being polled.
  static Result<std::unique_ptr<Server>> Start(const ServeOptions& options);

  ~Server();  // Shutdown() and Wait()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the actual one when options.port was 0).
  uint16_t port() const;

  // Stops accepting, closes idle connections, lets in-flight requests finish (at most
  // drain_timeout) and then stops the threads. Returns without waiting; idempotent.
  void Shutdown();

  // Blocks until the server has stopped (after Shutdown).
  void Wait();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Start, then serve until SIGTERM or SIGINT, then drain and return OK: what
// `attrition serve` runs.
Status ServeUntilSignalled(const ServeOptions& options);

}  // namespace attrition::serve
