#!/usr/bin/python3
"""Writes the small .safetensors fixtures and their expected values for the Java reader/writer tests.

Run with Debian's interpreter, which has numpy and torch:

    /usr/bin/python3 bundles/tensor/src/test/python/make_safetensors_fixtures.py

The `safetensors` package is not available here, so the format is written by hand (struct + json); the
expected values come from numpy (float16 <-> float32) and torch (bfloat16 <-> float32), never from the
code under test. Outputs go to ../resources/safetensors/ next to this script:

  <name>.safetensors      the fixture
  <name>.expected.txt     what a reader must return, in a line format the Java test parses:
                            # comment
                            tensor <key> <dtype> [<d0>,<d1>,...]
                            <value line> (one per element, row-major)
                          value line for F32/F16/BF16: the float32 bit pattern (8 hex digits) of the
                          widened value, then for F16/BF16 the raw 16-bit pattern stored in the file
                          (4 hex digits); for I64: the decimal value.
"""

import json
import math
import os
import struct

import numpy as np
import torch

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "safetensors")


def write_safetensors(path, tensors, metadata=None, json_options=None, data_order=None):
    """tensors: dict key -> (dtype name, shape, raw little-endian bytes).

    Offsets follow data_order (default: keys sorted); the header lists __metadata__ first, then the
    tensors in key order, and is padded with spaces to a multiple of 8 bytes.
    """
    json_options = json_options or {"separators": (",", ":"), "ensure_ascii": True}
    keys = sorted(tensors)
    order = data_order or keys
    offsets = {}
    position = 0
    for key in order:
        raw = tensors[key][2]
        offsets[key] = [position, position + len(raw)]
        position += len(raw)
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    for key in keys:
        dtype, shape, _ = tensors[key]
        header[key] = {"dtype": dtype, "shape": list(shape), "data_offsets": offsets[key]}
    text = json.dumps(header, **json_options).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for key in order:
            out.write(tensors[key][2])


def write_expected(path, source_name, blocks):
    """blocks: list of (key, dtype, shape, value lines)."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# Expected values for {source_name}, written by make_safetensors_fixtures.py.\n")
        for key, dtype, shape, lines in blocks:
            out.write(f"tensor {key} {dtype} [{','.join(str(d) for d in shape)}]\n")
            for line in lines:
                out.write(line + "\n")


def f32_lines(values_f32):
    return [f"{bits:08x}" for bits in np.asarray(values_f32, dtype="<f4").view("<u4").ravel()]


def f16_lines(halves):
    """Expected lines for float16 data: widened by numpy, checked against torch."""
    halves = np.asarray(halves, dtype="<f2").ravel()
    widened = halves.astype(np.float32)
    by_torch = torch.from_numpy(halves.copy()).float().numpy()
    finite = ~np.isnan(widened)
    assert np.array_equal(widened[finite].view("<u4"), by_torch[finite].view("<u4")), "numpy/torch disagree"
    assert np.array_equal(np.isnan(widened), np.isnan(by_torch))
    return [f"{w:08x} {h:04x}" for w, h in zip(widened.view("<u4"), halves.view("<u2"))]


def to_bfloat16_bits(values_f32):
    """torch's round-to-nearest-even float32 -> bfloat16.

    NaN is the exception: torch's vectorised cast writes every NaN as 0xFFFF (a negative NaN) while its
    scalar cast writes the canonical quiet 0x7FC0; the fixtures use the scalar (canonical) result.
    """
    values = np.asarray(values_f32, dtype=np.float32)
    tensor = torch.from_numpy(values.copy()).to(torch.bfloat16)
    bits = tensor.view(torch.int16).numpy().view("<u2").copy()
    for index in np.flatnonzero(np.isnan(values)):
        scalar = torch.tensor(float(values[index]), dtype=torch.float32).to(torch.bfloat16)
        bits[index] = scalar.view(torch.int16).item() & 0xFFFF
    return bits


def bf16_lines(bf16_bits):
    widened = torch.from_numpy(bf16_bits.view(np.int16).copy()).view(torch.bfloat16).float().numpy()
    return [f"{w:08x} {h:04x}" for w, h in zip(widened.view("<u4"), bf16_bits)]


def to_float16_bits(values_f32):
    """numpy's round-to-nearest-even float32 -> float16, cross-checked with torch."""
    values = np.asarray(values_f32, dtype=np.float32)
    with np.errstate(over="ignore"):  # overflow to infinity is what is being tested
        by_numpy = values.astype("<f2").view("<u2")
    by_torch = torch.from_numpy(values.copy()).half().view(torch.int16).numpy().view("<u2")
    not_nan = ~np.isnan(values)
    assert np.array_equal(by_numpy[not_nan], by_torch[not_nan]), "numpy/torch float16 rounding disagree"
    return by_numpy.copy()


def f32_from_bits(bits):
    return np.asarray(bits, dtype="<u4").view("<f4")


def make_f32():
    matrix = np.array([1.5, -0.0, 3.4028235e38, 1.4e-45, -math.inf, math.inf, math.nan, -123.456],
                      dtype="<f4").reshape(2, 4)
    scalar = np.array(42.25, dtype="<f4")
    empty = np.zeros((0, 4), dtype="<f4")
    named = np.array([0.1, 0.2, 0.3], dtype="<f4")
    tensors = {
        "matrix": ("F32", matrix.shape, matrix.tobytes()),
        "scalar": ("F32", scalar.shape, scalar.tobytes()),
        "empty": ("F32", empty.shape, empty.tobytes()),
        "tensör.α": ("F32", named.shape, named.tobytes()),
    }
    # Pretty-printed, raw UTF-8, data in reverse key order: a reader must rely on the offsets only.
    write_safetensors(os.path.join(OUT_DIR, "f32.safetensors"), tensors,
                      metadata={"format": "pt", "comment": "héllo \"quoted\" \\ tab\t✓"},
                      json_options={"indent": 1, "ensure_ascii": False},
                      data_order=sorted(tensors, reverse=True))
    write_expected(os.path.join(OUT_DIR, "f32.expected.txt"), "f32.safetensors", [
        ("empty", "F32", empty.shape, []),
        ("matrix", "F32", matrix.shape, f32_lines(matrix)),
        ("scalar", "F32", scalar.shape, f32_lines(scalar)),
        ("tensör.α", "F32", named.shape, f32_lines(named)),
    ])


def make_f16():
    special = [0x0000, 0x8000, 0x0001, 0x8001, 0x0002, 0x0200, 0x03FF, 0x83FF, 0x0400, 0x8400, 0x3555,
               0x3BFF, 0x3C00, 0xBC00, 0x3C01, 0xC000, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00, 0xFE00]
    sampled = list(range(0, 0x10000, 37))
    patterns = np.array(special + sampled, dtype="<u2").view("<f2")
    matrix = np.array([[[0.5, -1.0, 2.0], [65504.0, -0.0, 6.1035156e-05]],
                       [[5.9604645e-08, 0.33325195, -65504.0], [1024.0, 3.140625, -7.0]]], dtype="<f2")
    tensors = {
        "patterns": ("F16", patterns.shape, patterns.tobytes()),
        "matrix": ("F16", matrix.shape, matrix.tobytes()),
    }
    # Escaped non-ASCII (incl. a surrogate pair) in the header this time.
    write_safetensors(os.path.join(OUT_DIR, "f16.safetensors"), tensors,
                      metadata={"format": "pt", "emoji": "\U0001F600 é"})
    write_expected(os.path.join(OUT_DIR, "f16.expected.txt"), "f16.safetensors", [
        ("matrix", "F16", matrix.shape, f16_lines(matrix)),
        ("patterns", "F16", patterns.shape, f16_lines(patterns)),
    ])


def rounding_inputs():
    """float32 inputs that exercise float16 and bfloat16 round-to-nearest-even, overflow and specials."""
    values = [0.0, -0.0, 1.0, -1.0, 1.0 / 3.0, math.pi, -math.e, 1e-40, -1.4e-45, 3.4028235e38, -3.4028235e38,
              math.inf, -math.inf, math.nan, 65504.0, 65519.996, 65520.0, -65520.0, 1e5, 6.0e-8, 2.0 ** -25,
              2.0 ** -25 * 1.0000001, 3 * 2.0 ** -25, 2.0 ** -24, 2.0 ** -14, 2.0 ** -14 * (1 - 2.0 ** -11)]
    bits = list(f32_from_bits(np.array([
        0x3F808000,  # 1 + 2^-8: bfloat16 tie, rounds down to the even 1.0
        0x3F818000,  # 1 + 3*2^-8: bfloat16 tie, rounds up to the even 1 + 2^-6
        0x3F808001, 0x3F807FFF,  # just above / below a bfloat16 tie
        0x3F801000,  # 1 + 2^-11: float16 tie, rounds down to 1.0
        0x3F803000,  # 1 + 3*2^-11: float16 tie, rounds up
        0x3F801001, 0x3F800FFF,
        0x7F7FFFFF, 0x7F7F8000, 0x7F7F7FFF,  # bfloat16 overflow to inf at max float
        0x00000001, 0x80400000,  # float32 subnormals
    ], dtype="<u4")))
    values += [float(v) for v in bits]
    rng = np.random.default_rng(20240601)
    # Exact float16 midpoints (normal and subnormal), and their float32 neighbours.
    halves = rng.integers(0, 0x7BFF, size=40, dtype=np.uint16)
    lower = halves.view("<f2").astype(np.float32)
    upper = (halves + 1).view("<f2").astype(np.float32)
    midpoints = ((lower.astype(np.float64) + upper.astype(np.float64)) / 2).astype(np.float32)
    values += [float(v) for v in midpoints]
    values += [float(v) for v in np.nextafter(midpoints[:10], np.float32(np.inf))]
    values += [float(v) for v in np.nextafter(midpoints[10:20], np.float32(0))]
    for low, high in [(-1, 1), (-1e-4, 1e-4), (-1e-6, 1e-6), (-7e4, 7e4), (-1e30, 1e30)]:
        values += [float(v) for v in rng.uniform(low, high, size=12).astype(np.float32)]
    values += [float(v) for v in -midpoints[:8]]
    return np.array(values, dtype=np.float32)


def make_bf16():
    inputs = rounding_inputs()
    bf16_bits = to_bfloat16_bits(inputs)
    tensors = {"values": ("BF16", bf16_bits.shape, bf16_bits.astype("<u2").tobytes())}
    write_safetensors(os.path.join(OUT_DIR, "bf16.safetensors"), tensors, metadata={"format": "pt"})
    write_expected(os.path.join(OUT_DIR, "bf16.expected.txt"), "bf16.safetensors", [
        ("values", "BF16", bf16_bits.shape, bf16_lines(bf16_bits)),
    ])


def make_i64():
    ids = np.array([[0, -1, 1, 2 ** 31, -(2 ** 31) - 1],
                    [2 ** 40 + 3, -(2 ** 53) - 1, 2 ** 63 - 1, -(2 ** 63), 49407]], dtype="<i8")
    scalar = np.array(-7, dtype="<i8")
    tensors = {
        "ids": ("I64", ids.shape, ids.tobytes()),
        "scalar": ("I64", scalar.shape, scalar.tobytes()),
    }
    write_safetensors(os.path.join(OUT_DIR, "i64.safetensors"), tensors, metadata=None)
    write_expected(os.path.join(OUT_DIR, "i64.expected.txt"), "i64.safetensors", [
        ("ids", "I64", ids.shape, [str(int(v)) for v in ids.ravel()]),
        ("scalar", "I64", scalar.shape, [str(int(scalar))]),
    ])


def make_encode():
    """The same float32 inputs stored as F32, F16 and BF16 (+ an I64 tensor), in the exact layout the
    Java SafetensorsWriter produces, so its output can be compared byte for byte."""
    inputs = rounding_inputs()
    f16_bits = to_float16_bits(inputs)
    bf16_bits = to_bfloat16_bits(inputs)
    longs = np.array([3, -2, 2 ** 62, -(2 ** 62) + 5], dtype="<i8")
    matrix = inputs[:12].reshape(3, 4)
    tensors = {
        "x_f32": ("F32", inputs.shape, inputs.astype("<f4").tobytes()),
        "x_f16": ("F16", inputs.shape, f16_bits.astype("<u2").tobytes()),
        "x_bf16": ("BF16", inputs.shape, bf16_bits.astype("<u2").tobytes()),
        "m_f16": ("F16", matrix.shape, to_float16_bits(matrix).astype("<u2").tobytes()),
        "y_i64": ("I64", longs.shape, longs.tobytes()),
    }
    write_safetensors(os.path.join(OUT_DIR, "encode.safetensors"), tensors,
                      metadata={"format": "pt", "source": "make_safetensors_fixtures.py"})
    f16_widened = f16_bits.view("<f2").astype(np.float32)
    write_expected(os.path.join(OUT_DIR, "encode.expected.txt"), "encode.safetensors", [
        ("m_f16", "F16", matrix.shape, f16_lines(to_float16_bits(matrix).view("<f2"))),
        ("x_bf16", "BF16", inputs.shape, bf16_lines(bf16_bits)),
        ("x_f16", "F16", inputs.shape,
         [f"{w:08x} {h:04x}" for w, h in zip(f16_widened.view("<u4"), f16_bits)]),
        ("x_f32", "F32", inputs.shape, f32_lines(inputs)),
        ("y_i64", "I64", longs.shape, [str(int(v)) for v in longs]),
    ])


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    make_f32()
    make_f16()
    make_bf16()
    make_i64()
    make_encode()


if __name__ == "__main__":
    main()
