// `attrition serve`: the real-time endpoint (SPEC 9), SageMaker's inference-container
// contract over the registry's production model, with hot swap and draining shutdown.
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "attrition/config.h"
#include "attrition/serve.h"
#include "cli/command.h"
#include "cli/option_help.h"

namespace attrition::cli {
namespace {

constexpr char kDescription[] =
    "Serves the model over HTTP/1.1 as a SageMaker inference container: GET /ping, POST "
    "/invocations (JSON 2-D array, JSON {\"instances\": [...]} with named raw fields, or "
    "text/csv), GET /models, GET /metrics (Prometheus). Moving the served alias (`attrition "
    "models promote`) swaps the model without a restart or a failed request; SIGTERM drains "
    "in-flight requests and exits 0.";

constexpr char kFooter[] = R"(
Port: --port, else $SAGEMAKER_BIND_TO_PORT, else serving.port (default 8080).

Examples:
  attrition serve
  attrition serve --port 9000 --model staging
  attrition serve --model-dir /opt/ml/model          # a bundle directory, no registry
  curl -s localhost:8080/invocations -H 'Content-Type: text/csv' --data-binary @rows.csv

See docs/serve.md for the request and response formats, errors and metrics.
)";

struct ServeFlags {
  std::string host;
  std::optional<int> port;
  std::optional<int> threads;
  std::string model;
  std::string model_dir;
  std::string artifacts_dir;
  int idle_timeout_ms = 60'000;
  int request_timeout_ms = 30'000;
  int drain_timeout_ms = 30'000;
  int poll_ms = 200;
  int busy_poll_us = 50;
};

Result<uint16_t> ResolvePort(const ServeFlags& flags, int config_port) {
  if (flags.port) {
    if (*flags.port < 0 || *flags.port > 65535) {
      return Status::InvalidArgument("--port: got " + std::to_string(*flags.port) +
                                     ", expected 0..65535");
    }
    return static_cast<uint16_t>(*flags.port);
  }
  if (const char* env = std::getenv("SAGEMAKER_BIND_TO_PORT"); env != nullptr && *env != '\0') {
    char* end = nullptr;
    const long port = std::strtol(env, &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) {
      return Status::InvalidArgument(std::string("SAGEMAKER_BIND_TO_PORT: got '") + env +
                                     "', expected a port 1..65535");
    }
    return static_cast<uint16_t>(port);
  }
  return static_cast<uint16_t>(config_port);
}

Status RunServe(const ServeFlags& flags, const GlobalOptions& global) {
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  const config::ServingConfig& serving = cfg.serving;
  serve::ServeOptions options;
  options.host = flags.host.empty() ? serving.host : flags.host;
  ATTRITION_ASSIGN_OR_RETURN(options.port, ResolvePort(flags, serving.port));
  options.threads = flags.threads.value_or(serving.threads);
  options.max_payload_bytes = static_cast<size_t>(serving.max_payload_mb * 1024 * 1024);
  options.artifacts_dir = flags.artifacts_dir.empty() ? cfg.artifacts.dir : flags.artifacts_dir;
  options.model_reference = flags.model.empty() ? serving.model : flags.model;
  options.model_dir = flags.model_dir;
  options.idle_timeout = std::chrono::milliseconds(flags.idle_timeout_ms);
  options.request_timeout = std::chrono::milliseconds(flags.request_timeout_ms);
  options.drain_timeout = std::chrono::milliseconds(flags.drain_timeout_ms);
  options.alias_poll_interval = std::chrono::milliseconds(flags.poll_ms);
  options.busy_poll = std::chrono::microseconds(flags.busy_poll_us);
  return serve::ServeUntilSignalled(options);
}

}  // namespace

void AddServeCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand("serve", "Serve the model over HTTP, SageMaker-style (SPEC 9)");
  cmd->description(kDescription);
  cmd->footer(kFooter);
  auto flags = std::make_shared<ServeFlags>();
  cmd->add_option("--host", flags->host, "Address to listen on (default serving.host, 0.0.0.0)")
      ->option_text("ADDR");
  cmd->add_option("--port", flags->port,
                  "Port (default $SAGEMAKER_BIND_TO_PORT, else serving.port); 0 = any free port")
      ->option_text("PORT");
  cmd->add_option("--threads", flags->threads, "I/O threads (default serving.threads; 0 = one per core)")
      ->check(CLI::Range(0, 1024))
      ->option_text("N (0-1024)");
  cmd->add_option("--model", flags->model,
                  "Alias (production, staging), version id or v<sequence> to serve (default serving.model); an "
                  "alias is followed as it moves")
      ->option_text("REF");
  cmd->add_option("--model-dir", flags->model_dir,
                  "Serve this model bundle directory instead of the registry (no hot swap)")
      ->option_text("DIR");
  cmd->add_option("--artifacts", flags->artifacts_dir,
                  "Artifacts directory holding the registry (default: config artifacts.dir)")
      ->option_text("DIR");
  ShowDefault(cmd->add_option("--idle-timeout-ms", flags->idle_timeout_ms,
                              "Close a keep-alive connection idle this long"))
      ->check(CLI::Range(1, 3'600'000))
      ->option_text("MS (1-3600000)");
  ShowDefault(cmd->add_option(
                  "--request-timeout-ms", flags->request_timeout_ms,
                  "A request must arrive whole, and its answer be read, within this long"))
      ->check(CLI::Range(1, 3'600'000))
      ->option_text("MS (1-3600000)");
  ShowDefault(cmd->add_option("--drain-timeout-ms", flags->drain_timeout_ms,
                              "On SIGTERM, how long in-flight requests may take to finish"))
      ->check(CLI::Range(0, 3'600'000))
      ->option_text("MS (0-3600000)");
  ShowDefault(cmd->add_option("--poll-ms", flags->poll_ms,
                              "How often the alias file is checked for a new version"))
      ->check(CLI::Range(10, 60'000))
      ->option_text("MS (10-60000)");
  ShowDefault(cmd->add_option("--busy-poll-us", flags->busy_poll_us,
                              "After each event a thread polls this long before sleeping: lower "
                              "latency and more req/s under load, at most this much CPU per "
                              "event when idle; 0 = off"))
      ->check(CLI::Range(0, 1'000'000))
      ->option_text("US (0-1000000)");
  cmd->callback([flags, &global, run] {
    *run = [flags, &global] { return RunServe(*flags, global); };
  });
}

}  // namespace attrition::cli
