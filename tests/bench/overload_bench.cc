// The overload experiment's figures (tests/overload_load.h) on a server this program starts the
// way server_overload_test does: capacity C, goodput at 2×C, the rejection latency against its
// target (p99 ≤ 10 ms), the never-queued control RPC's latency on the same schedule, and the
// recovery. Prints, asserts nothing: the suite checks what must hold.
//
//   overload_bench [--seconds 30] [--delay_ms 8] [--queue 16]

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/numbers.h"
#include "tests/grpc_test_util.h"
#include "tests/overload_load.h"
#include "tests/server_process.h"

int main(int argc, char** argv) {
  int seconds = 30, delay_ms = 8, queue = 16;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    int* target = flag == "--seconds"    ? &seconds
                  : flag == "--delay_ms" ? &delay_ms
                  : flag == "--queue"    ? &queue
                                         : nullptr;
    if (target == nullptr || !absl::SimpleAtoi(argv[i + 1], target) || *target <= 0) {
      std::fprintf(stderr, "usage: overload_bench [--seconds N] [--delay_ms N] [--queue N]\n");
      return 2;
    }
  }
  using octet::testing::ServerProcess;
  auto server = ServerProcess::Start(
      {octet::testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--threads_per_worker=1",
       "--max_batch_size=1", "--max_queue=" + std::to_string(queue),
       "--test_worker_delay_ms=" + std::to_string(delay_ms), "--self_check=false"},
      /*wait_serving=*/true, octet::testing::ServerStartLimit());
  if (!server.ok()) {
    std::fprintf(stderr, "overload_bench: %s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  octet::testing::OverloadOptions options;
  options.queue_bound = queue;
  options.load_time = absl::Seconds(seconds);
  auto report = octet::testing::RunOverload(**server, options);
  if (!report.ok()) {
    std::fprintf(stderr, "overload_bench: %s\n", std::string(report.status().message()).c_str());
    return 1;
  }
  octet::testing::PrintOverload(*report, options);
  const double p99 = octet::testing::Percentile(report->rejection_ms, 99);
  std::printf("REJECTION p99_ms=%.2f target_ms=10 %s\n", p99, p99 <= 10.0 ? "met" : "missed");
  return 0;
}
