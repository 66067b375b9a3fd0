#!/usr/bin/python3
"""The engine benchmark of record: Octet int8 and FP32 against PyTorch FP32 and
quantize_dynamic, on a BERT-base-shaped model, measured in one run on this machine.

  /usr/bin/python3 tests/bench/engine_bench.py [--model DIR] [--octet build/client/octet]

Without --model it writes a BERT-base-shaped checkpoint (12 layers, hidden 768, 12 heads,
intermediate 3072, vocab 30522, 2 labels, seeded random weights) into a temporary folder with
tests/reference/make_model.py and deletes it afterwards. PyTorch columns appear when
/usr/bin/python3 has torch (deploy/install-deps.sh --reference).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHAPES = [(1, 128), (8, 128), (1, 384)]
THREADS = [1, 2]
# ONNX Runtime 1.30 dynamic int8 on this kind of machine (DESIGN.md), ms per forward.
ORT_MS = {(1, 128, 1): 34, (1, 128, 2): 23, (8, 128, 1): 253, (8, 128, 2): 133,
          (1, 384, 1): 126, (1, 384, 2): 72}


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)


def run(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return out.stdout


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
    a = ap.parse_args()

    tmp = None
    model = a.model
    if not model:
        tmp = tempfile.mkdtemp(prefix="octet-bench-")
        model = os.path.join(tmp, "bert-base")
        print("writing a BERT-base-shaped checkpoint ...", flush=True)
        print(run(["/usr/bin/python3", os.path.join(REPO, "tests", "reference", "make_model.py"),
                   "--arch", "BertForSequenceClassification", "--hidden", "768", "--layers", "12",
                   "--heads", "12", "--intermediate", "3072", "--vocab-size", "30522",
                   "--labels", "2", "--seed", "0", "--out", model]).strip(), flush=True)
    torch_ok = not a.no_torch and have_torch()
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
    rows = []
    try:
        for threads in THREADS:
            for batch, seq in SHAPES:
                r = {"threads": threads, "batch": batch, "seq": seq}
                for precision in ("int8", "fp32"):
                    out = run([a.octet, "bench-engine", "--model", model, "--batch", str(batch),
                               "--seq", str(seq), "--threads", str(threads), "--precision",
                               precision, "--iters", str(a.iters)]
                              + (["--no-gemm-peak"] if precision == "fp32" else []), env)
                    sys.stdout.write(out)
                    result = [l for l in out.splitlines() if l.startswith("RESULT")][-1]
                    r[precision] = fields(result)
                if torch_ok:
                    out = run(["/usr/bin/python3", os.path.join(HERE, "bench_pytorch.py"),
                               "--model", model, "--batch", str(batch), "--seq", str(seq),
                               "--threads", str(threads), "--iters", str(a.torch_iters)], env)
                    sys.stdout.write(out)
                    for line in out.splitlines():
                        if line.startswith("TORCH"):
                            f = fields(line)
                            r["torch_" + f["precision"]] = f
                rows.append(r)
                sys.stdout.flush()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("| threads | batch x seq | octet int8 ms (p90) | seq/s | linear TOPS | % of int8 GEMM peak "
          "| octet fp32 ms | torch fp32 ms | torch int8 ms | ORT int8 ms | int8 vs ORT | "
          "vs torch int8 | vs torch fp32 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        q, f = r["int8"], r["fp32"]
        ms = float(q["median_ms"])
        ort = ORT_MS.get((r["batch"], r["seq"], r["threads"]))
        tf = r.get("torch_fp32", {}).get("median_ms")
        tq = r.get("torch_int8_dynamic", {}).get("median_ms")
        print(f"| {r['threads']} | {r['batch']}x{r['seq']} | {ms:.2f} ({float(q['p90_ms']):.2f}) | "
              f"{float(q['seq_per_s']):.1f} | {float(q['linear_tops']):.2f} | {q['pct_of_peak']} | "
              f"{float(f['median_ms']):.2f} | {tf or '-'} | {tq or '-'} | {ort} | "
              f"{ort / ms:.2f}x | {(float(tq) / ms) if tq else 0:.2f}x | "
              f"{(float(tf) / ms) if tf else 0:.2f}x |")
    q = rows[0]["int8"]
    print(f"\nint8 engine weight bytes {q['weight_bytes']} (FP32 parameters: {q['fp32_weight_bytes']}), "
          f"fp32 engine weight bytes {rows[0]['fp32']['weight_bytes']}, "
          f"RSS after load {q['rss_after_load_mb']} MB, peak RSS {q['peak_rss_mb']} MB, "
          f"load+quantize {q['load_s']} s, ISA {q['isa']}, int8 kernels {q['int8_family']}")


if __name__ == "__main__":
    main()
