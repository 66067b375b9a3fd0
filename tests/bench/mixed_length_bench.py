#!/usr/bin/python3
"""Mixed-length traffic: Octet's padding-free batches against ONNX Runtime int8 with padded
batches, on a BERT-base-shaped model, in one run on this machine.

  /usr/bin/python3 tests/bench/mixed_length_bench.py [--model DIR] [--octet build/client/octet]
      [--lengths tests/bench/data/review_lengths.txt] [--limit N] [--batches 1,8,32]
      [--threads 2] [--reps 3]

The workload is a committed list of token lengths (tests/bench/data/review_lengths.txt: review
lengths drawn to match published Yelp statistics, see the README there), replayed in file order
and cut into consecutive batches of each size. Octet runs each batch as one padding-free batch
(`octet bench-mixed`); ONNX Runtime runs the same batches padded to their longest sequence with
an attention mask, as a Triton or Hugging Face pipeline deployment does
(tests/bench/ort/bench_ort.js --lengths), on the int8 graph ONNX Runtime's quantize_dynamic makes
(tests/bench/ort/export_int8_onnx.py). Both use the same thread count; the two engines alternate
batch size by batch size, and each figure is the median over --reps passes.

Without --model it writes the same BERT-base-shaped checkpoint as tests/bench/engine_bench.py
(12 layers, hidden 768, seeded random weights) into a temporary folder and deletes it afterwards.
tokens/s counts real tokens (padding excluded) for both engines.

With --server it also replays the same list through octet-server with `octet bench --lengths`
(closed loop, one text a request, in list order) for each --layouts WORKERSxTHREADS and
--waits batch_wait_us, at each --concurrency: sequences/s, tokens/s, client p50/p99 latency
and the batch sizes the server formed. The server runs with --noself_check (the self-check changes
start-up, not serving). --server-only skips the engine comparison (and the ONNX export).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
from engine_bench import ORT_DIR, REPO, fields, load1, prepare_ort, run  # noqa: E402

DEFAULT_LENGTHS = os.path.join(HERE, "data", "review_lengths.txt")


def write_bert_base(out):
    print("writing a BERT-base-shaped checkpoint ...", flush=True)
    print(run(["/usr/bin/python3", os.path.join(REPO, "tests", "reference", "make_model.py"),
               "--arch", "BertForSequenceClassification", "--hidden", "768", "--layers", "12",
               "--heads", "12", "--intermediate", "3072", "--vocab-size", "30522",
               "--labels", "2", "--seed", "0", "--out", out]).strip(), flush=True)


def result_lines(out):
    return [fields(l) for l in out.splitlines() if l.startswith("RESULT")]


def measure(octet, model, onnx_int8, vocab, lengths, batches, threads, reps, limit=0):
    """Runs both engines on the workload; returns {(threads, batch): {"octet": [...],
    "ort": [...]}} with one RESULT dict per repetition."""
    runs = {}
    common = ["--lengths", lengths] + (["--limit", str(limit)] if limit else [])
    for rep in range(reps):
        for t in threads:
            for b in batches:
                r = runs.setdefault((t, b), {"octet": [], "ort": []})
                load = load1()
                out = run([octet, "bench-mixed", "--model", model, "--batch", str(b),
                           "--threads", str(t)] + common)
                f = dict(result_lines(out)[-1], load1=f"{load:.2f}")
                r["octet"].append(f)
                print(f"MEASURED rep={rep} engine=octet batch={b} threads={t} "
                      f"seconds={f['seconds']} seq_per_s={f['seq_per_s']} "
                      f"tokens_per_s={f['tokens_per_s']} cpu_seconds={f.get('cpu_seconds')} "
                      f"load1={f['load1']}", flush=True)
                load = load1()
                out = run(["node", os.path.join(ORT_DIR, "bench_ort.js"), "--model", onnx_int8,
                           "--precision", "int8", "--batches", str(b), "--threads", str(t),
                           "--vocab", str(vocab)] + common)
                f = dict(result_lines(out)[-1], load1=f"{load:.2f}")
                r["ort"].append(f)
                print(f"MEASURED rep={rep} engine=onnxruntime batch={b} threads={t} "
                      f"seconds={f['seconds']} seq_per_s={f['seq_per_s']} "
                      f"tokens_per_s={f['tokens_per_s']} padded_tokens={f['padded_tokens']} "
                      f"cpu_seconds={f.get('cpu_seconds')} load1={f['load1']}", flush=True)
    return runs


def print_table(runs, reps):
    print(f"\nmixed lengths: medians over {reps} pass(es); tokens/s counts real tokens; "
          "padding = tokens a padded batch computes / real tokens; ratio = Octet / ORT "
          "(throughput; and by the process CPU time of a pass)")
    print("| threads | batch | sequences | tokens | padding | Octet seq/s | Octet tokens/s "
          "| ORT int8 seq/s | ORT int8 tokens/s | Octet / ORT | by CPU time | load1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (t, b), r in sorted(runs.items()):
        o = statistics.median(float(f["seconds"]) for f in r["octet"])
        x = statistics.median(float(f["seconds"]) for f in r["ort"])
        first = r["ort"][0]
        seqs, tokens = int(first["sequences"]), int(first["tokens"])
        loads = [float(f["load1"]) for f in r["octet"] + r["ort"]]
        oc = statistics.median(float(f.get("cpu_seconds", "nan")) for f in r["octet"])
        xc = statistics.median(float(f.get("cpu_seconds", "nan")) for f in r["ort"])
        print(f"| {t} | {b} | {seqs} | {tokens} | {int(first['padded_tokens']) / tokens:.2f}x "
              f"| {seqs / o:.2f} | {tokens / o:.0f} | {seqs / x:.2f} | {tokens / x:.0f} "
              f"| {x / o:.2f}x | {xc / oc:.2f}x | {min(loads):.1f}-{max(loads):.1f} |")
        print(f"MIXED threads={t} batch={b} sequences={seqs} tokens={tokens} "
              f"padded_tokens={first['padded_tokens']} octet_seconds={o:.4f} "
              f"ort_seconds={x:.4f} ratio={x / o:.3f} octet_cpu_seconds={oc:.3f} "
              f"ort_cpu_seconds={xc:.3f} cpu_ratio={xc / oc:.3f}", flush=True)


def start_server(server, model, workers, threads, wait_us):
    """Starts octet-server on free ports; returns (process, port) once it is serving."""
    proc = subprocess.Popen(
        [server, f"--model=base={model}", "--host=127.0.0.1", "--port=0", "--metrics_port=0",
         f"--workers={workers}", f"--threads_per_worker={threads}", f"--batch_wait_us={wait_us}",
         # octet bench's clients share one connection: lift the per-client in-flight cap that
         # would otherwise stand in for many callers at concurrency 64.
         "--noself_check", "--max_inflight_per_client=1024"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in proc.stdout:
        m = re.search(r"listening on port (\d+)", line)
        if m:
            port = int(m.group(1))
        if "octet-server: serving" in line:
            # Keep reading so that a full pipe never blocks the server.
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, port
    raise RuntimeError(f"octet-server exited with {proc.wait()} before serving")


def serve(server, octet, model, lengths, layouts, waits, concurrencies, duration):
    """octet bench --lengths through octet-server for each layout and batch wait; returns rows."""
    rows = []
    for workers, threads in layouts:
        for wait in waits:
            proc, port = start_server(server, model, workers, threads, wait)
            try:
                for c in concurrencies:
                    load = load1()
                    # Errors (e.g. deadlines at high concurrency) are counted, not fatal.
                    out = subprocess.run(
                        [octet, "bench", "--addr", f"127.0.0.1:{port}", "--lengths", lengths,
                         "--concurrency", str(c), "--duration", str(duration), "--warmup", "20",
                         "--timeout-ms", "120000"],
                        capture_output=True, text=True, check=False).stdout
                    if not result_lines(out):
                        print(f"SERVED workers={workers} threads={threads} batch_wait_us={wait} "
                              f"concurrency={c} failed: no RESULT line", flush=True)
                        continue
                    m = re.search(r"errors by code: (.*)", out)
                    f = dict(result_lines(out)[-1], workers=workers, threads=threads, wait=wait,
                             load1=f"{load:.2f}", codes=m.group(1).replace(" ", ",") if m else "")
                    rows.append(f)
                    print(f"SERVED workers={workers} threads={threads} batch_wait_us={wait} "
                          f"concurrency={c} ok={f['ok']} errors={f['errors']} "
                          f"seq_per_s={f['sequences_per_s']} tokens_per_s={f['tokens_per_s']} "
                          f"p50_ms={f['p50_ms']} p99_ms={f['p99_ms']} "
                          f"batch_mean={f['batch_mean']} batch_max={f['batch_max']} "
                          f"error_codes={f['codes'] or '-'} load1={f['load1']}", flush=True)
            finally:
                proc.terminate()
                proc.wait()
    print("\nserver, mixed lengths (one text a request, closed loop); latency at the client")
    print("| workers x threads | batch_wait_us | concurrency | seq/s | tokens/s | p50 ms | p99 ms "
          "| batch mean | batch max | errors | load1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for f in rows:
        print(f"| {f['workers']}x{f['threads']} | {f['wait']} | {f['concurrency']} "
              f"| {float(f['sequences_per_s']):.2f} | {float(f['tokens_per_s']):.0f} "
              f"| {float(f['p50_ms']):.1f} | {float(f['p99_ms']):.1f} "
              f"| {float(f['batch_mean']):.2f} | {f['batch_max']} | {f['errors']} "
              f"| {f['load1']} |")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model")
    ap.add_argument("--octet", default=os.path.join(REPO, "build", "client", "octet"))
    ap.add_argument("--onnx", help="model_int8.onnx exported earlier (skips the export)")
    ap.add_argument("--lengths", default=DEFAULT_LENGTHS)
    ap.add_argument("--limit", type=int, default=0,
                    help="replay only the first N lengths (0 = all)")
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--threads", default="2")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--server", action="store_true", help="also measure through octet-server")
    ap.add_argument("--server-only", action="store_true")
    ap.add_argument("--octet-server", default=os.path.join(REPO, "build", "server",
                                                           "octet-server"))
    ap.add_argument("--layouts", default="1x2,2x1", help="WORKERSxTHREADS,...")
    ap.add_argument("--waits", default="0,500,2000", help="batch_wait_us values")
    ap.add_argument("--concurrency", default="1,16,64")
    ap.add_argument("--duration", type=float, default=20)
    a = ap.parse_args()
    batches = [int(v) for v in a.batches.split(",")]
    threads = [int(v) for v in a.threads.split(",")]
    tmp = tempfile.mkdtemp(prefix="octet-mixed-")
    try:
        model = a.model
        if not model:
            model = os.path.join(tmp, "bert-base")
            write_bert_base(model)
        if not a.server_only:
            if a.onnx:
                with open(os.path.join(model, "config.json"), encoding="utf-8") as f:
                    vocab, onnx_int8 = json.load(f).get("vocab_size", 30522), a.onnx
            else:
                vocab, onnx = prepare_ort(model, tmp)
                onnx_int8 = onnx["int8"]
            runs = measure(a.octet, model, onnx_int8, vocab, a.lengths, batches, threads,
                           a.reps, a.limit)
            print_table(runs, a.reps)
        if a.server or a.server_only:
            layouts = [tuple(int(v) for v in l.split("x")) for l in a.layouts.split(",")]
            serve(a.octet_server, a.octet, model, a.lengths, layouts,
                  [int(v) for v in a.waits.split(",")],
                  [int(v) for v in a.concurrency.split(",")], a.duration)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
