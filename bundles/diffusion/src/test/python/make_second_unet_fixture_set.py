"""An alternative UNet fixture set (SD 2.x-style options the shared fixture does not exercise), with a float64 numpy
re-implementation of diffusers 0.30.3 UNet2DConditionModel (read from its source) as the reference.

Exercises: use_linear_projection, per-block attention_head_dim list, transformer depth 2, per-block layers_per_block,
freq_shift 1 without flip, time_embedding_dim, mid_block_scale_factor, 3 levels, non-square latents, different
timesteps per element, context length != 77.
Layout: set/unet/{config.json, diffusion_pytorch_model.safetensors, inputs/, outputs/...} like shared/fixtures/parity.
"""
import json, os, struct
import numpy as np
from scipy.special import erf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "second-fixture-set", "unet")
rng = np.random.default_rng(20240602)
# CHECK=1: run this reference on the shared fixture (real diffusers outputs) instead, to validate it.
CHECK = os.environ.get("CHECK") == "1"
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "..", "..", "shared", "fixtures", "parity", "unet")

cfg = {
    "_class_name": "UNet2DConditionModel", "_diffusers_version": "0.30.3",
    "in_channels": 4, "out_channels": 4, "center_input_sample": False,
    "flip_sin_to_cos": False, "freq_shift": 1,
    "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    "mid_block_type": "UNetMidBlock2DCrossAttn",
    "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
    "block_out_channels": [32, 64, 64], "layers_per_block": [1, 2, 2],
    "downsample_padding": 1, "mid_block_scale_factor": 1.5, "act_fn": "silu",
    "norm_num_groups": 8, "norm_eps": 1e-5, "cross_attention_dim": 24,
    "transformer_layers_per_block": [1, 2, 2], "attention_head_dim": [2, 4, 4],
    "num_attention_heads": None, "use_linear_projection": True, "time_embedding_dim": 96,
    "upcast_attention": False, "only_cross_attention": False,
}
if CHECK:
    cfg = json.load(open(os.path.join(SHARED, "config.json")))
    for key in ("layers_per_block", "attention_head_dim", "transformer_layers_per_block"):
        if isinstance(cfg[key], int):
            cfg[key] = [cfg[key]] * len(cfg["block_out_channels"])
    cfg["time_embedding_dim"] = cfg["time_embedding_dim"] or 4 * cfg["block_out_channels"][0]
L = len(cfg["block_out_channels"])
C = cfg["block_out_channels"]
LAYERS = cfg["layers_per_block"]
HEADS = cfg["attention_head_dim"]
DEPTH = cfg["transformer_layers_per_block"]
CROSS = cfg["cross_attention_dim"]
G = cfg["norm_num_groups"]
EPS = cfg["norm_eps"]
T = cfg["time_embedding_dim"]
LIN = cfg["use_linear_projection"]

W = {}  # state dict (float64 values that are exactly fp16-representable)


def param(name, shape, kind):
    if kind == "w":
        fan_in = int(np.prod(shape[1:]))
        # 0.6 of the usual 1/sqrt(fan_in) keeps deep up-block activations near unit scale, so that an fp32 port can
        # meet the 1e-4 absolute bound against this float64 reference (at 1.0 they reach ~16 and fp32 rounding alone
        # costs ~1e-4).
        v = 0.6 * rng.standard_normal(shape) / np.sqrt(fan_in)
    elif kind == "b":
        v = 0.05 * rng.standard_normal(shape)
    elif kind == "nw":
        v = 1 + 0.1 * rng.standard_normal(shape)
    else:  # norm bias
        v = 0.05 * rng.standard_normal(shape)
    W[name] = v.astype(np.float16).astype(np.float64)


def conv_p(p, o, i, k):
    param(p + ".weight", (o, i, k, k), "w"); param(p + ".bias", (o,), "b")


def lin_p(p, o, i, bias=True):
    param(p + ".weight", (o, i), "w")
    if bias:
        param(p + ".bias", (o,), "b")


def norm_p(p, c):
    param(p + ".weight", (c,), "nw"); param(p + ".bias", (c,), "nb")


# ---- numerics -------------------------------------------------------------------------------------------------
def conv2d(x, p, stride=1, pad=None):
    w, b = W[p + ".weight"], W[p + ".bias"]
    k = w.shape[2]
    pad = (k - 1) // 2 if pad is None else pad
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    B, Ci, H, Wd = x.shape
    Ho, Wo = (H - k) // stride + 1, (Wd - k) // stride + 1
    out = np.zeros((B, w.shape[0], Ho, Wo))
    for dy in range(k):
        for dx in range(k):
            patch = x[:, :, dy:dy + stride * Ho:stride, dx:dx + stride * Wo:stride]
            out += np.einsum("bchw,oc->bohw", patch, w[:, :, dy, dx])
    return out + b[None, :, None, None]


def group_norm(x, p, eps):
    B, Cc, H, Wd = x.shape
    g = x.reshape(B, G, -1)
    mean = g.mean(-1, keepdims=True)
    var = g.var(-1, keepdims=True)
    y = ((g - mean) / np.sqrt(var + eps)).reshape(B, Cc, H, Wd)
    return y * W[p + ".weight"][None, :, None, None] + W[p + ".bias"][None, :, None, None]


def layer_norm(x, p, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * W[p + ".weight"] + W[p + ".bias"]


def linear(x, p, bias=True):
    y = x @ W[p + ".weight"].T
    return y + W[p + ".bias"] if bias else y


def silu(x):
    return x / (1 + np.exp(-x))


def gelu(x):
    return 0.5 * x * (1 + erf(x / np.sqrt(2)))


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


PROBS = {}


def attention(x, p, ctx, heads, record):
    B, N, D = x.shape
    q = linear(x, p + ".to_q", False)
    src = x if ctx is None else ctx
    k = linear(src, p + ".to_k", False)
    v = linear(src, p + ".to_v", False)
    d = D // heads

    def h2b(t):  # head_to_batch_dim
        b, n, _ = t.shape
        return t.reshape(b, n, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, n, d)

    q, k, v = h2b(q), h2b(k), h2b(v)
    probs = softmax((q @ k.transpose(0, 2, 1)) * d ** -0.5)
    if record:
        PROBS[p] = probs
    o = (probs @ v).reshape(B, heads, N, d).transpose(0, 2, 1, 3).reshape(B, N, D)
    return linear(o, p + ".to_out.0")


def basic_block(x, p, ctx, heads):
    x = attention(layer_norm(x, p + ".norm1"), p + ".attn1", None, heads, False) + x
    x = attention(layer_norm(x, p + ".norm2"), p + ".attn2", ctx, heads, True) + x
    h = linear(layer_norm(x, p + ".norm3"), p + ".ff.net.0.proj")
    value, gate = np.split(h, 2, axis=-1)
    return linear(value * gelu(gate), p + ".ff.net.2") + x


def transformer2d(x, p, ctx, heads, depth):
    B, Cc, H, Wd = x.shape
    h = group_norm(x, p + ".norm", 1e-6)
    if LIN:
        h = h.transpose(0, 2, 3, 1).reshape(B, H * Wd, Cc)
        h = linear(h, p + ".proj_in")
    else:
        h = conv2d(h, p + ".proj_in").transpose(0, 2, 3, 1).reshape(B, H * Wd, Cc)
    for i in range(depth):
        h = basic_block(h, f"{p}.transformer_blocks.{i}", ctx, heads)
    if LIN:
        h = linear(h, p + ".proj_out").reshape(B, H, Wd, Cc).transpose(0, 3, 1, 2)
    else:
        h = conv2d(h.reshape(B, H, Wd, Cc).transpose(0, 3, 1, 2), p + ".proj_out")
    return h + x


def resnet(x, p, temb, scale=1.0):
    h = conv2d(silu(group_norm(x, p + ".norm1", EPS)), p + ".conv1")
    h = h + linear(silu(temb), p + ".time_emb_proj")[:, :, None, None]
    h = conv2d(silu(group_norm(h, p + ".norm2", EPS)), p + ".conv2")
    if p + ".conv_shortcut.weight" in W:
        x = conv2d(x, p + ".conv_shortcut", pad=0)
    return (x + h) / scale


# ---- parameters in diffusers' module structure --------------------------------------------------------------
def transformer_p(p, c, depth, cross):
    norm_p(p + ".norm", c)
    if LIN:
        lin_p(p + ".proj_in", c, c)
    else:
        conv_p(p + ".proj_in", c, c, 1)
    for i in range(depth):
        b = f"{p}.transformer_blocks.{i}"
        norm_p(b + ".norm1", c)
        for a, kv in (("attn1", c), ("attn2", cross)):
            lin_p(f"{b}.{a}.to_q", c, c, False); lin_p(f"{b}.{a}.to_k", c, kv, False)
            lin_p(f"{b}.{a}.to_v", c, kv, False); lin_p(f"{b}.{a}.to_out.0", c, c)
            if a == "attn1":
                norm_p(b + ".norm2", c)
        norm_p(b + ".norm3", c)
        lin_p(b + ".ff.net.0.proj", 8 * c, c); lin_p(b + ".ff.net.2", c, 4 * c)
    if LIN:
        lin_p(p + ".proj_out", c, c)
    else:
        conv_p(p + ".proj_out", c, c, 1)


def resnet_p(p, i, o):
    norm_p(p + ".norm1", i); conv_p(p + ".conv1", o, i, 3); lin_p(p + ".time_emb_proj", o, T)
    norm_p(p + ".norm2", o); conv_p(p + ".conv2", o, o, 3)
    if i != o:
        conv_p(p + ".conv_shortcut", o, i, 1)


conv_p("conv_in", C[0], cfg["in_channels"], 3)
lin_p("time_embedding.linear_1", T, C[0]); lin_p("time_embedding.linear_2", T, T)
out = C[0]
for i in range(L):
    inp, out = out, C[i]
    for j in range(LAYERS[i]):
        resnet_p(f"down_blocks.{i}.resnets.{j}", inp if j == 0 else out, out)
        if cfg["down_block_types"][i].startswith("CrossAttn"):
            transformer_p(f"down_blocks.{i}.attentions.{j}", out, DEPTH[i], CROSS)
    if i < L - 1:
        conv_p(f"down_blocks.{i}.downsamplers.0.conv", out, out, 3)
resnet_p("mid_block.resnets.0", C[-1], C[-1])
transformer_p("mid_block.attentions.0", C[-1], DEPTH[-1], CROSS)
resnet_p("mid_block.resnets.1", C[-1], C[-1])
rc, rl, rh, rd = C[::-1], LAYERS[::-1], HEADS[::-1], DEPTH[::-1]
out = rc[0]
for i in range(L):
    prev, out, inp = out, rc[i], rc[min(i + 1, L - 1)]
    n = rl[i] + 1
    for j in range(n):
        skip = inp if j == n - 1 else out
        rin = prev if j == 0 else out
        resnet_p(f"up_blocks.{i}.resnets.{j}", rin + skip, out)
        if cfg["up_block_types"][i].startswith("CrossAttn"):
            transformer_p(f"up_blocks.{i}.attentions.{j}", out, rd[i], CROSS)
    if i < L - 1:
        conv_p(f"up_blocks.{i}.upsamplers.0.conv", out, out, 3)
norm_p("conv_norm_out", C[0]); conv_p("conv_out", cfg["out_channels"], C[0], 3)
def read_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = np.frombuffer(raw[8 + n + a:8 + n + b], dtype="<f2").reshape(v["shape"]).astype(np.float64)
    return out


if CHECK:
    loaded = read_safetensors(os.path.join(SHARED, "diffusion_pytorch_model.safetensors"))
    assert sorted(loaded) == sorted(W), "key layout differs"
    W.update(loaded)
# Peaked cross-attention, as in the shared fixture.
for k in ([] if CHECK else list(W)):
    if ".attn2.to_q." in k or ".attn2.to_k." in k:
        W[k] = (3 * W[k]).astype(np.float16).astype(np.float64)

# ---- forward ------------------------------------------------------------------------------------------------------
B, S, Hh, Ww = 2, 7, 8, 12
sample = rng.standard_normal((B, 4, Hh, Ww)).astype(np.float32)
ctx = rng.standard_normal((B, S, CROSS)).astype(np.float32)
timesteps = np.array([37, 811], dtype=np.int64)
if CHECK:
    sample = np.load(os.path.join(SHARED, "inputs/noisy_latents.npy"))
    ctx = np.load(os.path.join(SHARED, "inputs/encoder_hidden_states.npy"))
    timesteps = np.load(os.path.join(SHARED, "inputs/timesteps.npy"))

INTER = {}
x = sample.astype(np.float64)
half = C[0] // 2
# torch: float32 arange * -ln(10000), / (half - shift), exp, * t: reproduce the float32 rounding of the sinusoid input
exponent = (np.float32(-np.log(10000)) * np.arange(half, dtype=np.float32)) / np.float32(half - cfg["freq_shift"])
freqs = np.exp(exponent.astype(np.float32)).astype(np.float32)
args = (timesteps.astype(np.float32)[:, None] * freqs[None, :]).astype(np.float32).astype(np.float64)
emb = np.concatenate([np.sin(args), np.cos(args)], -1)
if cfg["flip_sin_to_cos"]:
    emb = np.concatenate([emb[:, half:], emb[:, :half]], -1)
temb = linear(silu(linear(emb, "time_embedding.linear_1")), "time_embedding.linear_2")
INTER["time_embedding"] = temb
c64 = ctx.astype(np.float64)
x = conv2d(x, "conv_in")
INTER["conv_in"] = x
skips = [x]
for i in range(L):
    for j in range(LAYERS[i]):
        x = resnet(x, f"down_blocks.{i}.resnets.{j}", temb)
        if cfg["down_block_types"][i].startswith("CrossAttn"):
            x = transformer2d(x, f"down_blocks.{i}.attentions.{j}", c64, HEADS[i], DEPTH[i])
        skips.append(x)
    if i < L - 1:
        x = conv2d(x, f"down_blocks.{i}.downsamplers.0.conv", stride=2, pad=1)
        skips.append(x)
    INTER[f"down_blocks.{i}"] = x
s = cfg["mid_block_scale_factor"]
x = resnet(x, "mid_block.resnets.0", temb, s)
x = transformer2d(x, "mid_block.attentions.0", c64, HEADS[-1], DEPTH[-1])
x = resnet(x, "mid_block.resnets.1", temb, s)
INTER["mid_block"] = x
UP = {}
for i in range(L):
    n = rl[i] + 1
    for j in range(n):
        x = np.concatenate([x, skips.pop()], 1)
        x = resnet(x, f"up_blocks.{i}.resnets.{j}", temb)
        if cfg["up_block_types"][i].startswith("CrossAttn"):
            x = transformer2d(x, f"up_blocks.{i}.attentions.{j}", c64, rh[i], rd[i])
    if i < L - 1:
        x = conv2d(x.repeat(2, 2).repeat(2, 3), f"up_blocks.{i}.upsamplers.0.conv")
    UP[f"up_blocks.{i}"] = x
noise_pred = conv2d(silu(group_norm(x, "conv_norm_out", EPS)), "conv_out")


if CHECK:
    def cmp(rel, arr):
        ref = np.load(os.path.join(SHARED, "outputs", rel))
        print(f"{rel:70s} {np.abs(ref - arr).max():.2e}")
    cmp("noise_pred.npy", noise_pred)
    for k, v in PROBS.items():
        cmp(f"attn2_probs/{k}.npy", v)
    for k, v in UP.items():
        cmp(f"up_block_outputs/{k}.npy", v)
    for k, v in INTER.items():
        cmp(f"intermediates/{k}.npy", v)
    raise SystemExit(0)


# ---- files ----------------------------------------------------------------------------------------------------------
def save(rel, arr):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, arr)


def write_safetensors(path, tensors):
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name in sorted(tensors):
        data = tensors[name].astype("<f2").tobytes()
        header[name] = {"dtype": "F16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "config.json"), "w") as f:
    json.dump(cfg, f, indent=2)
write_safetensors(os.path.join(OUT, "diffusion_pytorch_model.safetensors"), W)
save("inputs/noisy_latents.npy", sample)
save("inputs/timesteps.npy", timesteps)
save("inputs/encoder_hidden_states.npy", ctx)
save("outputs/noise_pred.npy", noise_pred.astype(np.float32))
for k, v in PROBS.items():
    save(f"outputs/attn2_probs/{k}.npy", v.astype(np.float32))
for k, v in UP.items():
    save(f"outputs/up_block_outputs/{k}.npy", v.astype(np.float32))
for k, v in INTER.items():
    save(f"outputs/intermediates/{k}.npy", v.astype(np.float32))
print(len(W), "tensors;", len(PROBS), "attn2 maps;", {k: v.shape for k, v in PROBS.items()})
print("noise_pred max", np.abs(noise_pred).max(), "up max", {k: float(np.abs(v).max()) for k, v in UP.items()})
