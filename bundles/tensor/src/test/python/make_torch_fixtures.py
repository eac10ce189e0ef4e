#!/usr/bin/python3
"""Writes the PyTorch checkpoint fixtures of TorchCheckpoint's tests, and what converting them must give.

Run once with Debian's python3-torch (torch.save format of torch >= 1.6: a zip holding data.pkl, pickle protocol 2);
the outputs are committed, so the Java tests never need Python:

    /usr/bin/python3 bundles/tensor/src/test/python/make_torch_fixtures.py bundles/tensor/src/test/resources/org/clipfusion/tensor/torch

For every <name>.pt that converts, <name>.expected.safetensors holds each tensor made contiguous, written by the
small independent safetensors writer below (safetensors itself is not installable here), so the Java converter is
compared byte for byte against torch's own view of the tensors.
"""
import collections
import json
import os
import struct
import sys

import torch

SAFETENSORS_DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}


def raw_bytes(tensor):
    tensor = tensor.detach().contiguous()
    if tensor.dtype == torch.bfloat16:  # numpy has no bfloat16: take the bits
        tensor = tensor.view(torch.int16)
    return tensor.numpy().tobytes()


def write_safetensors(path, tensors):
    header, data, offset = {}, [], 0
    for name in sorted(tensors):
        payload = raw_bytes(tensors[name])
        header[name] = {"dtype": SAFETENSORS_DTYPES[tensors[name].dtype], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(payload)]}
        data.append(payload)
        offset += len(payload)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)) + text + b"".join(data))


def flat_state_dict():
    """Every dtype, and every way a saved tensor can sit in its storage."""
    torch.manual_seed(20240601)
    weight = torch.randn(3, 4)
    big = torch.arange(20, dtype=torch.float32).reshape(10, 2)
    state = collections.OrderedDict()
    state["linear.weight"] = weight
    state["linear.weight_transposed"] = weight.t()          # same storage, strides (1, 4)
    state["big"] = big
    state["big.rows_2_to_4"] = big[2:5]                     # same storage, storage offset 4
    state["big.column_1"] = big[:, 1]                       # same storage, offset 1, stride 2
    state["expanded"] = torch.arange(3, dtype=torch.float32).expand(2, 3)  # stride 0
    state["logit_scale"] = torch.tensor(2.6592600345611572)  # 0-d
    state["empty"] = torch.zeros(0, 3)
    state["half"] = torch.randn(2, 3).half()
    state["half.transposed"] = state["half"].t()
    state["bfloat"] = torch.randn(2, 3).bfloat16()
    state["double"] = torch.randn(2, dtype=torch.float64)
    state["position_ids"] = torch.arange(77).unsqueeze(0)    # I64 buffer, as transformers < 4.31 saved
    state["int32"] = torch.tensor([-7, 0, 7, 2 ** 31 - 1], dtype=torch.int32)
    state["uint8"] = torch.tensor([0, 1, 128, 255], dtype=torch.uint8)
    state["mask"] = torch.tensor([True, False, True, True, False])
    return state


class TinyModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 3)
        self.norm = torch.nn.LayerNorm(3)
        self.register_buffer("steps", torch.tensor([5], dtype=torch.int64))


def open_clip_style_checkpoint():
    """open_clip's training checkpoints: {"epoch", "name", "state_dict", "optimizer"}, keys prefixed "module."
    by DistributedDataParallel; the state dict is an OrderedDict carrying torch's _metadata attribute."""
    torch.manual_seed(20240602)
    model = TinyModel()
    wrapped = torch.nn.Module()
    wrapped.module = model
    state = wrapped.state_dict()                              # "module.proj.weight", ... with _metadata
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.2)
    loss = model.norm(model.proj(torch.randn(2, 4))).sum()
    loss.backward()
    optimizer.step()
    checkpoint = {"epoch": 31, "name": "ViT-B-16-plus-240 laion400m – tiny", "state_dict": state,
                  "optimizer": optimizer.state_dict(), "big_number": 2 ** 70, "negative": -123456,
                  "flags": [True, False, None], "params": {"nested": (1, 2.5, "x")}}
    expected = collections.OrderedDict((k[len("module."):], v) for k, v in state.items())
    return checkpoint, expected


def parameters_checkpoint():
    """Saving parameters themselves (not state_dict()) pickles them through torch._utils._rebuild_parameter."""
    torch.manual_seed(20240603)
    return {"weight": torch.nn.Parameter(torch.randn(2, 2)), "bias": torch.nn.Parameter(torch.randn(2))}


class RunsACommand:
    """What a malicious checkpoint does: unpickling calls os.system. The Java reader must refuse the global."""

    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def write_plain_pickles(out_dir):
    """Pickles outside torch.save's protocol 2, for the interpreter's own tests."""
    import pickle
    plain = collections.OrderedDict([("name", "tiny"), ("sizes", (1, -2, 2 ** 40)), ("ratio", 0.25),
                                     ("blob", b"\x00\xff"), ("flags", [True, None])])
    with open(os.path.join(out_dir, "plain_protocol4.pkl"), "wb") as out:
        out.write(pickle.dumps(plain, protocol=4))               # FRAME, MEMOIZE, SHORT_BINUNICODE, STACK_GLOBAL
    with open(os.path.join(out_dir, "forbidden_protocol4.pkl"), "wb") as out:
        out.write(pickle.dumps(RunsACommand(), protocol=4))      # the global comes through STACK_GLOBAL
    with open(os.path.join(out_dir, "text_protocol0.pkl"), "wb") as out:
        out.write(pickle.dumps({"a": 1}, protocol=0))            # text opcodes, which are not accepted


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    flat = flat_state_dict()
    torch.save(flat, os.path.join(out_dir, "flat_state_dict.pt"))
    write_safetensors(os.path.join(out_dir, "flat_state_dict.expected.safetensors"), flat)

    checkpoint, expected = open_clip_style_checkpoint()
    torch.save(checkpoint, os.path.join(out_dir, "open_clip_style.pt"))
    write_safetensors(os.path.join(out_dir, "open_clip_style.expected.safetensors"), expected)

    parameters = parameters_checkpoint()
    torch.save(parameters, os.path.join(out_dir, "parameters.pt"))
    write_safetensors(os.path.join(out_dir, "parameters.expected.safetensors"), parameters)

    torch.save({"weight": torch.zeros(2), "payload": RunsACommand()}, os.path.join(out_dir, "forbidden_global.pt"))
    torch.save({"weight": torch.zeros(2)}, os.path.join(out_dir, "legacy_format.pt"),
               _use_new_zipfile_serialization=False)
    write_plain_pickles(out_dir)
    print("torch", torch.__version__, "wrote", sorted(os.listdir(out_dir)))


if __name__ == "__main__":
    main(sys.argv[1])
