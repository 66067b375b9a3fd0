#!/usr/bin/python3
"""The engine benchmark of record: Octet int8 and FP32 against PyTorch FP32 and
quantize_dynamic, on a BERT-base-shaped model, measured in one run on this machine.

  /usr/bin/python3 tests/bench/engine_bench.py [--model DIR] [--octet build/client/octet]

Without --model it writes a BERT-base-shaped checkpoint (12 layers, hidden 768, 12 heads,
intermediate 3072, vocab 30522, 2 labels, seeded random weights) into a temporary folder with
tests/reference/make_model.py and deletes it afterwards. PyTorch columns appear when
/usr/bin/python3 has torch (deploy/install-deps.sh --reference).

With --ort it also exports the model to ONNX (FP32, and int8 the way ONNX Runtime's
quantize_dynamic does it: tests/bench/ort/export_int8_onnx.py) and times ONNX Runtime on it in the
same run (tests/bench/ort/bench_ort.js through Node.js; the first use runs `npm ci` there, which
needs the npm registry). Without --ort the ONNX Runtime column is a figure measured earlier on another
machine. --reps R repeats the whole interleaved matrix R times; the table keeps each figure's
minimum median, and every measurement line carries the 1-minute load average it ran under.

--mixed (with --ort) adds, in the same run and on the same model, the mixed-length table of
tests/bench/mixed_length_bench.py: the committed review-length list through Octet's padding-free
batches and through ONNX Runtime int8 with padded batches (--mixed-limit N replays the first N
lengths only, --mixed-reps R takes medians over R passes, --mixed-threads the thread counts).
--large adds a BERT-large-shaped checkpoint (24 layers, hidden 1024, 16 heads, FFN 4096): load
and RSS figures against the target (RSS <= 1.15 x int8 weight bytes + 60 MB, load <= 2 s), and
1 x 128 and 1 x 384 on 1 and 2 threads, with ONNX Runtime int8 when --ort is given.

The FLOOR columns come from bench-engine's FLOOR line (docs/engine.md): the Octet int8 forward
over its matmuls alone (the bare oneDNN GEMMs of the same shapes, linear layers and attention),
over the linear layers' GEMMs only, and the first ratio in process CPU time (meaningful while
other processes share the CPU); the FLOOR bound from its KERNELS line: the ratio the forward
would have if every pass around the matmuls were fused into them with no memory traffic.
"""

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ORT_DIR = os.path.join(HERE, "ort")
SHAPES = [(1, 128), (8, 128), (1, 384)]
THREADS = [1, 2]
# ONNX Runtime 1.30 dynamic int8 measured on this kind of machine, ms per forward.
ORT_MS = {(1, 128, 1): 34, (1, 128, 2): 23, (8, 128, 1): 253, (8, 128, 2): 133,
          (1, 384, 1): 126, (1, 384, 2): 72}


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)


def run(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return out.stdout


def prepare_ort(model, workdir):
    """Installs onnxruntime-node (pinned by package-lock.json) if needed and exports the ONNX
    models into workdir. Returns (vocabulary size, {precision: path})."""
    if not os.path.isdir(os.path.join(ORT_DIR, "node_modules", "onnxruntime-node")):
        print("installing onnxruntime-node (npm ci) ...", flush=True)
        # The package's install script only fetches optional CUDA libraries; the CPU library is
        # in the package itself.
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ORT_DIR, check=True,
                       env=dict(os.environ, ONNXRUNTIME_NODE_INSTALL="skip"))
    out = os.path.join(workdir, "onnx")
    print("exporting ONNX models ...", flush=True)
    print(run(["/usr/bin/python3", os.path.join(ORT_DIR, "export_int8_onnx.py"),
               "--model", model, "--out", out]).strip(), flush=True)
    with open(os.path.join(model, "config.json"), encoding="utf-8") as f:
        vocab = json.load(f).get("vocab_size", 30522)
    return vocab, {p: os.path.join(out, f"model_{p}.onnx") for p in ("int8", "fp32")}


# make_model.py shapes: hidden, layers, heads, intermediate.
BASE = ("BERT-base", 768, 12, 12, 3072)
LARGE = ("BERT-large", 1024, 24, 16, 4096)


def write_model(out, shape):
    name, hidden, layers, heads, intermediate = shape
    print(f"writing a {name}-shaped checkpoint ...", flush=True)
    print(run(["/usr/bin/python3", os.path.join(REPO, "tests", "reference", "make_model.py"),
               "--arch", "BertForSequenceClassification", "--hidden", str(hidden), "--layers",
               str(layers), "--heads", str(heads), "--intermediate", str(intermediate),
               "--vocab-size", "30522", "--labels", "2", "--seed", "0", "--out", out]).strip(),
          flush=True)


def load1():
    return os.getloadavg()[0]


def octet_engine(octet, model, batch, seq, threads, precision, iters, env):
    """One `octet bench-engine` run: its output, and its RESULT fields with the FLOOR line's
    as floor_* and the KERNELS line's as kernels_*."""
    out = run([octet, "bench-engine", "--model", model, "--batch", str(batch), "--seq", str(seq),
               "--threads", str(threads), "--precision", precision, "--iters", str(iters)]
              + (["--no-gemm-peak"] if precision == "fp32" else []), env)
    f = fields([l for l in out.splitlines() if l.startswith("RESULT")][-1])
    floor = [l for l in out.splitlines() if l.startswith("FLOOR")]
    if floor:
        f.update({"floor_" + k: v for k, v in fields(floor[-1]).items()})
    kernels = [l for l in out.splitlines() if l.startswith("KERNELS")]
    if kernels:
        f.update({"kernels_" + k: v for k, v in fields(kernels[-1]).items()})
    return out, f


def ort_engine(path, precision, batch, seq, threads, iters, vocab, env):
    """One tests/bench/ort/bench_ort.js run on an exported model: its RESULT fields."""
    out = run(["node", os.path.join(ORT_DIR, "bench_ort.js"), "--model", path, "--precision",
               precision, "--shapes", f"{batch}x{seq}", "--threads", str(threads), "--iters",
               str(iters), "--vocab", str(vocab)], env)
    return fields([l for l in out.splitlines() if l.startswith("RESULT")][-1])


def keep_best(r, key, f, load):
    """Keeps the run with the smallest median for `key`, with the load it ran under."""
    f = dict(f, load1=f"{load:.2f}")
    if key not in r or float(f["median_ms"]) < float(r[key]["median_ms"]):
        r[key] = f


def have_torch():
    try:
        subprocess.run(["/usr/bin/python3", "-c", "import torch"], check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model")
    ap.add_argument("--octet", default=os.path.join(REPO, "build", "client", "octet"))
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--torch-iters", type=int, default=5)
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-octet-fp32", action="store_true")
    ap.add_argument("--ort", action="store_true", help="measure ONNX Runtime int8 and FP32 too")
    ap.add_argument("--ort-iters", type=int, default=20)
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--mixed", action="store_true", help="add the mixed-length table (needs --ort)")
    ap.add_argument("--mixed-limit", type=int, default=0)
    ap.add_argument("--mixed-reps", type=int, default=1)
    ap.add_argument("--mixed-threads", default="2")
    ap.add_argument("--mixed-batches", default="1,8,32")
    ap.add_argument("--large", action="store_true", help="add the BERT-large-shaped rows")
    a = ap.parse_args()
    if a.mixed and not a.ort:
        ap.error("--mixed compares with ONNX Runtime: add --ort")

    tmp = None
    model = a.model
    if not model:
        tmp = tempfile.mkdtemp(prefix="octet-bench-")
        model = os.path.join(tmp, "bert-base")
        write_model(model, BASE)
    torch_ok = not a.no_torch and have_torch()
    # OpenMP's default wait policy (spin briefly between parallel regions), as the server runs.
    # OMP_WAIT_POLICY=PASSIVE puts the team to sleep after every region: measured 27 ms instead
    # of 15.5 ms for a BERT-base forward at batch 1 x 128 on 2 threads.
    env = dict(os.environ)
    rows = {(t, b, s): {"threads": t, "batch": b, "seq": s} for t in THREADS for b, s in SHAPES}
    try:
        vocab, onnx = 0, {}
        if a.ort:
            tmp = tmp or tempfile.mkdtemp(prefix="octet-bench-onnx-")
            vocab, onnx = prepare_ort(model, tmp)
        for rep_i, threads, (batch, seq) in itertools.product(range(a.reps), THREADS, SHAPES):
            r = rows[(threads, batch, seq)]
            tag = f"MEASURED rep={rep_i} batch={batch} seq={seq} threads={threads}"
            for precision in ("int8",) if a.no_octet_fp32 else ("int8", "fp32"):
                load = load1()
                out, f = octet_engine(a.octet, model, batch, seq, threads, precision, a.iters,
                                      env)
                sys.stdout.write(out)
                keep_best(r, precision, f, load)
                print(f"{tag} engine=octet precision={precision} median_ms={f['median_ms']} "
                      f"p90_ms={f['p90_ms']} load1={load:.2f}", flush=True)
            for precision, path in onnx.items():
                load = load1()
                f = ort_engine(path, precision, batch, seq, threads, a.ort_iters, vocab, env)
                keep_best(r, "ort_" + precision, f, load)
                print(f"{tag} engine=onnxruntime precision={precision} median_ms={f['median_ms']} "
                      f"p90_ms={f['p90_ms']} cpu_ms_per_iter={f['cpu_ms_per_iter']} "
                      f"load1={load:.2f}", flush=True)
            if torch_ok:
                load = load1()
                out = run(["/usr/bin/python3", os.path.join(HERE, "bench_pytorch.py"),
                           "--model", model, "--batch", str(batch), "--seq", str(seq),
                           "--threads", str(threads), "--iters", str(a.torch_iters)], env)
                for line in out.splitlines():
                    if line.startswith("TORCH"):
                        f = fields(line)
                        keep_best(r, "torch_" + f["precision"], f, load)
                        print(f"{tag} engine=pytorch precision={f['precision']} "
                              f"median_ms={f['median_ms']} blas={f.get('blas')} load1={load:.2f}",
                              flush=True)
        print_matrix(list(rows.values()), a)
        if a.mixed:
            import mixed_length_bench  # noqa: E402 (it imports this module's helpers)
            threads = [int(v) for v in a.mixed_threads.split(",")]
            batches = [int(v) for v in a.mixed_batches.split(",")]
            runs = mixed_length_bench.measure(a.octet, model, onnx["int8"], vocab,
                                              mixed_length_bench.DEFAULT_LENGTHS, batches,
                                              threads, a.mixed_reps, a.mixed_limit)
            mixed_length_bench.print_table(runs, a.mixed_reps)
        if a.large:
            tmp = tmp or tempfile.mkdtemp(prefix="octet-bench-")
            large(a, tmp, env)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def print_matrix(rows, a):

    def ms(r, key):
        v = r.get(key, {}).get("median_ms")
        return float(v) if v else None

    def cell(v, r=None, key=None):
        if v is None:
            return "-"
        return f"{v:.2f}" + (f" @{r[key]['load1']}" if r and key in r else "")

    def ratio(num, den):
        return f"{num / den:.2f}x" if num and den else "-"

    ort_src = "measured here" if a.ort else "earlier figure, other machine"
    print(f"\nmedians in ms, the minimum over {a.reps} repetition(s); @N = 1-minute load average "
          f"during that run; speed-up = other engine's ms / octet int8 ms; ORT: {ort_src}")
    print("FLOOR = octet int8 forward / its matmuls alone (bare oneDNN GEMMs of the same shapes): "
          "all matmuls (linear layers + attention), the linear layers only, and all matmuls in "
          "process CPU time; FLOOR bound = the lowest ratio the vector kernels around the matmuls "
          "allow here (bench-engine's KERNELS line: their arithmetic alone, no memory traffic)")
    print("| threads | batch x seq | octet int8 ms (p90) | seq/s | linear TOPS | % of int8 GEMM peak "
          "| FLOOR ratio | FLOOR linear-only ratio | FLOOR CPU-time ratio | FLOOR bound "
          "| octet fp32 ms | torch fp32 ms | torch int8 ms | ORT int8 ms | ORT fp32 ms "
          "| vs ORT int8 | vs ORT fp32 | vs torch int8 | vs torch fp32 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        q = r["int8"]
        octet = float(q["median_ms"])
        ort_q = ms(r, "ort_int8") if a.ort else ORT_MS.get((r["batch"], r["seq"], r["threads"]))
        ort_f, tf, tq = ms(r, "ort_fp32"), ms(r, "torch_fp32"), ms(r, "torch_int8_dynamic")
        print(f"| {r['threads']} | {r['batch']}x{r['seq']} | {cell(octet, r, 'int8')} "
              f"({float(q['p90_ms']):.2f}) | {float(q['seq_per_s']):.1f} | "
              f"{float(q['linear_tops']):.2f} | {q['pct_of_peak']} | "
              f"{q.get('floor_ratio', '-')} | {q.get('floor_linear_ratio', '-')} | "
              f"{q.get('floor_cpu_ratio', '-')} | {q.get('kernels_bound_ratio', '-')} | "
              f"{cell(ms(r, 'fp32'))} | "
              f"{cell(tf, r, 'torch_fp32')} | {cell(tq)} | {cell(ort_q, r, 'ort_int8')} | "
              f"{cell(ort_f, r, 'ort_fp32')} | {ratio(ort_q, octet)} | {ratio(ort_f, octet)} | "
              f"{ratio(tq, octet)} | {ratio(tf, octet)} |")
    q = rows[0]["int8"]
    fp32_bytes = rows[0].get("fp32", {}).get("weight_bytes", "-")
    print(f"\nint8 engine weight bytes {q['weight_bytes']} (FP32 parameters: {q['fp32_weight_bytes']}), "
          f"fp32 engine weight bytes {fp32_bytes}, "
          f"RSS after load {q['rss_after_load_mb']} MB, peak RSS {q['peak_rss_mb']} MB, "
          f"load+quantize {q['load_s']} s, ISA {q['isa']}, int8 kernels {q['int8_family']}")

def large(a, tmp, env):
    """BERT-large-shaped rows: Octet int8 (and ONNX Runtime int8 with --ort), load and RSS."""
    model = os.path.join(tmp, "bert-large")
    write_model(model, LARGE)
    onnx_int8, vocab = None, 0
    if a.ort:
        vocab, onnx = prepare_ort(model, os.path.join(tmp, "large"))
        onnx_int8 = onnx["int8"]
    rows = {}
    for rep_i, threads, seq in itertools.product(range(a.reps), THREADS, (128, 384)):
        tag = f"MEASURED model=bert-large rep={rep_i} batch=1 seq={seq} threads={threads}"
        r = rows.setdefault((threads, seq), {"threads": threads, "seq": seq})
        load = load1()
        _, f = octet_engine(a.octet, model, 1, seq, threads, "int8", max(4, a.iters // 2), env)
        keep_best(r, "int8", f, load)
        print(f"{tag} engine=octet median_ms={f['median_ms']} load_s={f['load_s']} "
              f"rss_after_load_mb={f['rss_after_load_mb']} load1={load:.2f}", flush=True)
        if onnx_int8:
            load = load1()
            f = ort_engine(onnx_int8, "int8", 1, seq, threads, max(4, a.ort_iters // 2), vocab,
                           env)
            keep_best(r, "ort_int8", f, load)
            print(f"{tag} engine=onnxruntime median_ms={f['median_ms']} load1={load:.2f}",
                  flush=True)
    rows = list(rows.values())
    q = rows[0]["int8"]
    weights_mb = int(q["weight_bytes"]) / 1e6
    rss_target = 1.15 * weights_mb + 60
    loads = sorted(float(r["int8"]["load_s"]) for r in rows)
    rss = sorted(float(r["int8"]["rss_after_load_mb"]) for r in rows)
    print(f"\nBERT-large shape: int8 weights {weights_mb:.1f} MB (FP32 parameters "
          f"{int(q['fp32_weight_bytes']) / 1e6:.1f} MB); RSS after load {rss[0]:.1f}-{rss[-1]:.1f} MB "
          f"(target 1.15 x weights + 60 MB = {rss_target:.1f} MB); load + quantize "
          f"{loads[0]:.2f}-{loads[-1]:.2f} s (target 2 s)")
    print("| threads | batch x seq | octet int8 ms | FLOOR ratio | ORT int8 ms | vs ORT int8 |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        o = float(r["int8"]["median_ms"])
        x = float(r["ort_int8"]["median_ms"]) if "ort_int8" in r else None
        print(f"| {r['threads']} | 1x{r['seq']} | {o:.2f} @{r['int8']['load1']} | "
              f"{r['int8'].get('floor_ratio', '-')} | "
              f"{f'{x:.2f} @' + r['ort_int8']['load1'] if x else '-'} | "
              f"{f'{x / o:.2f}x' if x else '-'} |")
        print(f"LARGE threads={r['threads']} seq={r['seq']} octet_ms={o:.3f} "
              f"ort_ms={f'{x:.3f}' if x else '-'} ratio={f'{x / o:.3f}' if x else '-'}",
              flush=True)


if __name__ == "__main__":
    main()
