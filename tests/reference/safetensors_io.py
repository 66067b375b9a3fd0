"""Minimal safetensors writer/reader (no `safetensors` package needed).

File layout (huggingface/safetensors README, "Format"):
  u64 little-endian N | N bytes of UTF-8 JSON header | raw little-endian tensor bytes
Header: {"__metadata__": {"format": "pt"}, "<name>": {"dtype", "shape", "data_offsets"}, ...}
with data_offsets relative to the start of the byte buffer. The JSON is padded with spaces to
a multiple of 8 so that the buffer starts 8-byte aligned.

Tensor order: by descending element size, then by name — what the Rust writer does
(`prepare` sorts by dtype descending, then name). For a file with a single dtype this is
simply name order; the only mixed file we write is F32 + the I64 `position_ids` buffer.

Sharded checkpoints: model-0000K-of-0000N.safetensors + model.safetensors.index.json
({"metadata": {"total_size": bytes}, "weight_map": {name: shard file}}), as transformers'
save_pretrained writes them (json indent=2, sorted keys, trailing newline).
"""

import json
import os
import struct
from collections import OrderedDict

import numpy as np
import torch

# dtype string -> (torch dtype, bytes per element, numpy little-endian storage type)
_DTYPES = {
    "F32": (torch.float32, 4, "<f4"),
    "F16": (torch.float16, 2, "<f2"),
    "BF16": (torch.bfloat16, 2, "<u2"),  # stored as raw 16-bit words
    "I64": (torch.int64, 8, "<i8"),
}
_TORCH_TO_NAME = {v[0]: k for k, v in _DTYPES.items()}

MAX_HEADER_SIZE = 100_000_000


def dtype_name(t):
    try:
        return _TORCH_TO_NAME[t.dtype]
    except KeyError:
        raise ValueError(f"unsupported dtype {t.dtype}; expected one of {sorted(_DTYPES)}")


def convert(t, name):
    """Returns `t` converted to the safetensors dtype `name` (F32, F16, BF16, I64)."""
    return t.to(_DTYPES[name][0])


def _tensor_bytes(t):
    t = t.detach().cpu().contiguous()
    name = dtype_name(t)
    if name == "BF16":
        arr = t.view(torch.int16).numpy().view(np.uint16)
    else:
        arr = t.numpy()
    return np.ascontiguousarray(arr, dtype=_DTYPES[name][2]).tobytes()


def _nbytes(t):
    return t.numel() * _DTYPES[dtype_name(t)][1]


def _order(tensors):
    return sorted(tensors, key=lambda n: (-_DTYPES[dtype_name(tensors[n])][1], n))


def save_file(tensors, path, metadata=None):
    """Writes {name: torch.Tensor} to `path` in safetensors format."""
    if metadata is None:
        metadata = {"format": "pt"}
    header = OrderedDict()
    header["__metadata__"] = OrderedDict((str(k), str(v)) for k, v in metadata.items())
    names = _order(tensors)
    offset = 0
    for name in names:
        t = tensors[name]
        n = _nbytes(t)
        header[name] = OrderedDict(
            [("dtype", dtype_name(t)), ("shape", list(t.shape)), ("data_offsets", [offset, offset + n])])
        offset += n
    hbytes = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for name in names:
            f.write(_tensor_bytes(tensors[name]))
    os.replace(tmp, path)
    return offset


def load_file(path):
    """Reads a safetensors file into an OrderedDict {name: torch.Tensor} (file order).

    Validates what the reference reader validates: contiguous, non-overlapping data_offsets
    starting at 0, sizes matching shape x dtype, and the file ending exactly at the last tensor.
    """
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors header")
    (n,) = struct.unpack("<Q", data[:8])
    if n > MAX_HEADER_SIZE or 8 + n > len(data):
        raise ValueError(f"{path}: bad header length {n}")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    buf = memoryview(data)[8 + n:]
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])
    expected = 0
    out = OrderedDict()
    for name, info in entries:
        begin, end = info["data_offsets"]
        tdtype, size, np_dtype = _DTYPES[info["dtype"]]
        shape = info["shape"]
        if begin != expected or end < begin:
            raise ValueError(f"{path}: tensor {name} offsets {begin},{end} not contiguous (expected {expected})")
        if end - begin != int(np.prod(shape, dtype=np.int64)) * size:
            raise ValueError(f"{path}: tensor {name} size mismatch")
        expected = end
        arr = np.frombuffer(buf[begin:end], dtype=np_dtype).reshape(shape).copy()
        if info["dtype"] == "BF16":
            t = torch.from_numpy(arr.view(np.int16)).view(torch.bfloat16)
        else:
            t = torch.from_numpy(arr.astype(arr.dtype.newbyteorder("=")))
        out[name] = t
    if expected != len(buf):
        raise ValueError(f"{path}: buffer has {len(buf)} bytes, header covers {expected}")
    return out


def shard_name(k, n):
    return f"model-{k:05d}-of-{n:05d}.safetensors"


def save_sharded(tensors, out_dir, num_shards, metadata=None):
    """Splits `tensors` (in their insertion order, as save_pretrained does) into `num_shards`
    files of roughly equal byte size and writes model.safetensors.index.json."""
    names = list(tensors)
    if num_shards < 1 or num_shards > len(names):
        raise ValueError(f"num_shards must be in [1, {len(names)}], got {num_shards}")
    sizes = [_nbytes(tensors[n]) for n in names]
    total = sum(sizes)
    groups = [[] for _ in range(num_shards)]
    acc = 0
    k = 0
    for i, (name, size) in enumerate(zip(names, sizes)):
        left = len(names) - i  # tensors not yet placed, this one included
        # Move on when this shard has reached its share of the bytes, or when every later
        # shard needs one of the remaining tensors. Never skip a shard, so none is empty.
        full = acc * num_shards >= (k + 1) * total
        if k < num_shards - 1 and groups[k] and (full or left <= num_shards - 1 - k):
            k += 1
        groups[k].append(name)
        acc += size
    weight_map = {}
    for k, group in enumerate(groups, start=1):
        fname = shard_name(k, num_shards)
        save_file({n: tensors[n] for n in group}, os.path.join(out_dir, fname), metadata)
        for n in group:
            weight_map[n] = fname
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    with open(os.path.join(out_dir, "model.safetensors.index.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(index, indent=2, sort_keys=True) + "\n")
    return weight_map


def save_model(tensors, out_dir, num_shards=1, metadata=None):
    """Writes model.safetensors (num_shards == 1) or a sharded checkpoint into out_dir."""
    if num_shards <= 1:
        save_file(tensors, os.path.join(out_dir, "model.safetensors"), metadata)
    else:
        save_sharded(tensors, out_dir, num_shards, metadata)


def load_model_dir(model_dir):
    """Loads every tensor of a model folder (model.safetensors, else the sharded index)."""
    single = os.path.join(model_dir, "model.safetensors")
    if os.path.exists(single):
        return load_file(single)
    index_path = os.path.join(model_dir, "model.safetensors.index.json")
    with open(index_path, encoding="utf-8") as f:
        index = json.load(f)
    out = OrderedDict()
    total = 0
    for fname in sorted(set(index["weight_map"].values())):
        part = load_file(os.path.join(model_dir, fname))
        for name, t in part.items():
            if index["weight_map"].get(name) != fname:
                raise ValueError(f"{fname}: tensor {name} not mapped to this shard in the index")
            out[name] = t
            total += t.numel() * t.element_size()
    missing = set(index["weight_map"]) - set(out)
    if missing:
        raise ValueError(f"index lists tensors missing from the shards: {sorted(missing)}")
    if total != index["metadata"]["total_size"]:
        raise ValueError(f"total_size {index['metadata']['total_size']} != {total}")
    return out
