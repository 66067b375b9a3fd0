#!/usr/bin/python3
"""Times the PyTorch reference on a model folder: FP32 and torch.quantization.quantize_dynamic
(int8 linear layers), on synthetic inputs of the same shapes `octet bench-engine` uses.

  /usr/bin/python3 tests/bench/bench_pytorch.py --model DIR --batch 8 --seq 128 --threads 2

Prints one line per precision:
  TORCH precision=fp32|int8_dynamic batch=B seq=T threads=N median_ms=… p90_ms=… seq_per_s=… blas=…

Debian's python3-torch has no MKL: every FP32 nn.Linear and attention matmul calls the system
libblas.so.3. When that is the netlib reference BLAS (package libblas3, the only provider unless
an optimised one is installed) sgemm runs at ~1 GFLOPS and a BERT-base forward takes seconds
instead of ~0.2 s. `blas=` names the library torch actually loaded and a warning is printed for the
reference one; deploy/install-deps.sh --reference installs OpenBLAS (libopenblas0-openmp, which
shares torch's OpenMP runtime, so torch.set_num_threads also bounds its threads).
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "reference"))
import reference_model  # noqa: E402
import safetensors_io  # noqa: E402


def loaded_blas():
    """The BLAS library mapped into this process (torch loads it at import): a short name."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.split()[-1].lower()}
    except OSError:
        return "unknown"
    for lib in sorted(libs):
        real = os.path.realpath(lib)
        if "openblas" in real:
            return "openblas"
        if "/blas/libblas.so" in real:
            return "reference"
    return os.path.basename(sorted(libs)[0]) if libs else "none"


def load(model_dir):
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    model = reference_model.build_model(cfg)
    reference_model.hf_state_dict_to_module(safetensors_io.load_model_dir(model_dir), model)
    return cfg, model.eval()


def time_model(model, cfg, batch, seq, iters, warmup):
    gen = torch.Generator().manual_seed(1234)
    vocab = cfg.get("vocab_size", 30522)
    low = 1000 if vocab > 2000 else 5
    ids = torch.randint(low, vocab, (batch, seq), generator=gen)
    mask = torch.ones(batch, seq, dtype=torch.long)
    distil = cfg["architectures"][0].startswith("DistilBert")
    kwargs = {"attention_mask": mask}
    if not distil:
        kwargs["token_type_ids"] = torch.zeros(batch, seq, dtype=torch.long)
    times = []
    with torch.inference_mode():
        for i in range(warmup + iters):
            t0 = time.perf_counter()
            model(ids, **kwargs)
            if i >= warmup:
                times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.9 * (len(times) - 1) + 0.5))]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--precision", choices=["fp32", "int8_dynamic", "both"], default="both")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    blas = loaded_blas()
    if blas == "reference":
        print("bench_pytorch: warning: torch uses the reference BLAS (libblas3); its FP32 figures "
              "are ~20x too slow; install libopenblas0-openmp (install-deps.sh --reference)",
              file=sys.stderr, flush=True)
    cfg, model = load(a.model)
    runs = []
    if a.precision in ("fp32", "both"):
        runs.append(("fp32", model))
    if a.precision in ("int8_dynamic", "both"):
        engines = torch.backends.quantized.supported_engines
        for e in ("x86", "fbgemm", "onednn"):
            if e in engines:
                torch.backends.quantized.engine = e
                break
        runs.append(("int8_dynamic",
                     torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)))
    for name, m in runs:
        med, p90 = time_model(m, cfg, a.batch, a.seq, a.iters, a.warmup)
        print(f"TORCH precision={name} batch={a.batch} seq={a.seq} threads={a.threads} "
              f"median_ms={med * 1e3:.3f} p90_ms={p90 * 1e3:.3f} seq_per_s={a.batch / med:.1f} "
              f"engine={torch.backends.quantized.engine} blas={blas}", flush=True)


if __name__ == "__main__":
    main()
