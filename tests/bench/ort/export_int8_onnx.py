#!/usr/bin/python3
"""Exports a BERT/DistilBERT model folder as two ONNX models for the ONNX Runtime comparison:

  model_fp32.onnx  the reference model, FP32 throughout;
  model_int8.onnx  the graph ONNX Runtime's own `quantize_dynamic` produces for linear layers:
                   DynamicQuantizeLinear (uint8 activations, one scale per tensor) -> MatMulInteger
                   with an int8 weight initializer (symmetric, zero point 0; per tensor, or per
                   output channel with --per-channel) -> Cast -> Mul by (activation scale x weight
                   scale) -> Add bias. Everything else (embeddings, attention, LayerNorm, GELU, the
                   pooler and classifier, which export as Gemm and which quantize_dynamic leaves
                   alone) stays FP32. (quantize_dynamic would also store the word-embedding table
                   as int8 by default; that is a lookup, not compute, and is left out here.)

  /usr/bin/python3 tests/bench/ort/export_int8_onnx.py --model DIR --out OUTDIR

No `onnx` Python package is needed: torch.onnx.export serialises the graph itself. The quantized
linear layer is a torch.autograd.Function whose forward computes the same maths (the integer
products exactly, in float64; so that tracing and the PyTorch-side check work) and whose
`symbolic` emits the ONNX integer ops. ONNX Runtime's graph optimizer then fuses each chain into
its DynamicQuantizeMatMul / MatMulIntegerToFloat kernels, as it does for quantize_dynamic output.

Inputs: input_ids, attention_mask, token_type_ids (int64, [batch, seq]; DistilBERT models have no
token_type_ids). Outputs: logits (or start_logits/end_logits) and last_hidden_state.
With --check-data it also writes OUTDIR/check.json: seeded inputs with padding, PyTorch FP32
outputs and the outputs of the PyTorch emulation of the int8 graph, for bench_ort.js --check.
"""

import argparse
import json
import os
import sys
import warnings

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "reference"))
import reference_model  # noqa: E402
import safetensors_io  # noqa: E402

ONNX_FLOAT = 1  # TensorProto.FLOAT
# torch 1.13 announces that symbolic functions will build graphs differently in later versions.
warnings.filterwarnings("ignore", message=".*is deprecated in version 1.13", category=FutureWarning)


def dynamic_quantize(x):
    """ONNX DynamicQuantizeLinear: uint8, one scale and zero point for the whole tensor; the
    range always includes 0; rounding half to even."""
    lo = torch.clamp(x.min(), max=0.0)
    hi = torch.clamp(x.max(), min=0.0)
    scale = (hi - lo) / 255.0
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    zp = torch.clamp(torch.round(-lo / scale), 0, 255)
    q = torch.clamp(torch.round(x / scale) + zp, 0, 255)
    return q, scale, zp


class IntegerLinearFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w_q_t, w_scale, w_zp, bias):  # noqa: ARG004 (ctx unused)
        q, scale, zp = dynamic_quantize(x)
        # Integer products are exact in float64 (|acc| < 2^53).
        acc = torch.matmul((q - zp).double(), (w_q_t.double() - w_zp.double()))
        return (acc.float() * (scale * w_scale)) + bias

    @staticmethod
    def symbolic(g, x, w_q_t, w_scale, w_zp, bias):
        x_q, x_scale, x_zp = g.op("DynamicQuantizeLinear", x, outputs=3)
        acc = g.op("MatMulInteger", x_q, w_q_t, x_zp, w_zp)
        acc_f = g.op("Cast", acc, to_i=ONNX_FLOAT)
        scales = g.op("Mul", x_scale, w_scale)
        return g.op("Add", g.op("Mul", acc_f, scales), bias)


class IntegerLinear(nn.Module):
    """An nn.Linear quantized the way onnxruntime.quantization.quantize_dynamic does it with
    weight_type=QInt8: symmetric int8, scale = max|w| / 127, zero point 0."""

    def __init__(self, linear, per_channel):
        super().__init__()
        w = linear.weight.detach().t().contiguous()  # [in, out]: MatMulInteger's B
        absmax = w.abs().amax(dim=0) if per_channel else w.abs().max().reshape(1)
        scale = torch.where(absmax > 0, absmax / 127.0, torch.ones_like(absmax))
        self.register_buffer("w_q_t", torch.clamp(torch.round(w / scale), -127, 127).to(torch.int8))
        self.register_buffer("w_scale", scale.float() if per_channel else scale.float().reshape(()))
        zp_shape = (w.shape[1],) if per_channel else ()
        self.register_buffer("w_zp", torch.zeros(zp_shape, dtype=torch.int8))
        self.register_buffer("bias", linear.bias.detach().clone())

    def forward(self, x):
        return IntegerLinearFn.apply(x, self.w_q_t, self.w_scale, self.w_zp, self.bias)


def quantize_encoder_linears(model, per_channel):
    """Replaces every nn.Linear applied to [batch, seq, hidden] tensors (they export as MatMul,
    which quantize_dynamic quantizes); heads on pooled [batch, hidden] rows export as Gemm and
    stay FP32, as they do with quantize_dynamic. QA heads run on [batch, seq, hidden] and are
    quantized. Returns the number of layers replaced."""
    skip = ("pooler", "pre_classifier", "classifier")
    count = 0
    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            if isinstance(child, nn.Linear) and not any(s in full.split(".") for s in skip):
                setattr(module, child_name, IntegerLinear(child, per_channel))
                count += 1
    return count


class Exported(nn.Module):
    """Task outputs plus the encoder's last hidden state, with ONNX-friendly inputs."""

    def __init__(self, model, distil):
        super().__init__()
        self.model, self.distil = model, distil

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        m = self.model
        if self.distil:
            hidden = m.distilbert(input_ids, attention_mask)
            if m.task == "classification":
                pooled = torch.relu(m.pre_classifier(hidden[:, 0]))
                return m.classifier(pooled), hidden
        else:
            hidden, pooled = m.bert(input_ids, token_type_ids, attention_mask)
            if m.task == "classification":
                return m.classifier(pooled), hidden
        start, end = m.qa_outputs(hidden).split(1, dim=-1)
        return start.squeeze(-1), end.squeeze(-1), hidden


def load(model_dir):
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    model = reference_model.build_model(cfg)
    reference_model.hf_state_dict_to_module(safetensors_io.load_model_dir(model_dir), model)
    return cfg, model.eval()


def example_inputs(cfg, batch, seq, seed, pad):
    gen = torch.Generator().manual_seed(seed)
    vocab = cfg.get("vocab_size", 30522)
    ids = torch.randint(1000 if vocab > 2000 else 5, vocab, (batch, seq), generator=gen)
    mask = torch.ones(batch, seq, dtype=torch.long)
    if pad:  # every other sequence is shorter, padded with id 0 and masked out
        for b in range(1, batch, 2):
            n = int(torch.randint(seq // 4, seq, (1,), generator=gen))
            ids[b, n:] = 0
            mask[b, n:] = 0
    types = torch.zeros(batch, seq, dtype=torch.long)
    types[:, seq // 2:] = 1
    return ids, mask, types


def export(module, path, distil, names_out, opset, args):
    names_in = ["input_ids", "attention_mask"] + ([] if distil else ["token_type_ids"])
    axes = {n: {0: "batch", 1: "seq"} for n in names_in}
    for n in names_out:
        axes[n] = {0: "batch"} if n == "logits" else {0: "batch", 1: "seq"}
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=names_in, output_names=names_out,
                          dynamic_axes=axes, opset_version=opset, do_constant_folding=True)
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="Hugging Face model folder")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--per-channel", action="store_true", help="one weight scale per output column")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--check-data", action="store_true", help="also write check.json")
    a = ap.parse_args()
    torch.manual_seed(0)
    os.makedirs(a.out, exist_ok=True)
    cfg, model = load(a.model)
    distil = cfg["architectures"][0].startswith("DistilBert")
    names_out = (["logits"] if model.task == "classification" else ["start_logits", "end_logits"])
    names_out.append("last_hidden_state")
    ids, mask, types = example_inputs(cfg, 2, 16, 7, pad=True)
    args = (ids, mask) if distil else (ids, mask, types)

    fp32 = Exported(model, distil).eval()
    size = export(fp32, os.path.join(a.out, "model_fp32.onnx"), distil, names_out, a.opset, args)
    print(f"export: model_fp32.onnx {size / 1e6:.1f} MB", flush=True)

    check = None
    if a.check_data:
        ids, mask, types = example_inputs(cfg, 4, 64, 11, pad=True)
        cargs = (ids, mask) if distil else (ids, mask, types)
        with torch.no_grad():
            ref = fp32(*cargs)
        check = {"inputs": {"input_ids": ids.tolist(), "attention_mask": mask.tolist()},
                 "fp32": {n: t.flatten().tolist() for n, t in zip(names_out, ref)}}
        if not distil:
            check["inputs"]["token_type_ids"] = types.tolist()

    n = quantize_encoder_linears(model, a.per_channel)
    int8 = Exported(model, distil).eval()
    size = export(int8, os.path.join(a.out, "model_int8.onnx"), distil, names_out, a.opset, args)
    print(f"export: model_int8.onnx {size / 1e6:.1f} MB, {n} linear layers as MatMulInteger "
          f"({'per-channel' if a.per_channel else 'per-tensor'} int8 weights)", flush=True)

    if check is not None:
        with torch.no_grad():
            emu = int8(*cargs)
        check["int8_emulated"] = {n: t.flatten().tolist() for n, t in zip(names_out, emu)}
        check["shape"] = list(ids.shape)
        with open(os.path.join(a.out, "check.json"), "w", encoding="utf-8") as f:
            json.dump(check, f)
        h = names_out[-1]
        r, e = torch.tensor(check["fp32"][h]), torch.tensor(check["int8_emulated"][h])
        nmse = float(((e - r) ** 2).mean() / (r ** 2).mean())
        print(f"export: check.json written; PyTorch int8 emulation vs FP32 {h} NMSE {nmse:.3e}")


if __name__ == "__main__":
    main()
