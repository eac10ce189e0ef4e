"""Model outputs of the tiny parity models for the method-reference images, computed with the UPSTREAM code.

open_clip v3.3.0 and diffusers v0.30.3 run unmodified from /work/shared/bench/torch-reference/vendor (the tiny
random-weight checkpoints of ../shared/fixtures/parity). transformers is not vendored, so the Stable Diffusion text
encoder (CLIPTextModel, 2 layers) is written out here in torch and checked against the parity fixture's
last_hidden_state before it is used. Nothing here builds a map: that is reference_maps.py, which follows
docs/method.md and never sees the Java code.

Run with Debian's /usr/bin/python3 (torch 1.13, numpy); see make_fixtures.py.
"""
import json
import os
import struct
import sys

import numpy as np

SHARED = os.environ.get("CLIPFUSION_SHARED", os.path.join(os.path.dirname(__file__), *[".."] * 6, "..", "shared"))
SHARED = os.path.abspath(SHARED)
PARITY = os.path.join(SHARED, "fixtures", "parity")
VENDOR = os.path.join(SHARED, "bench", "torch-reference")
for path in (os.path.join(VENDOR, "stubs"), os.path.join(VENDOR, "vendor", "open_clip-3.3.0", "src"),
             os.path.join(VENDOR, "vendor", "diffusers-0.30.3", "src")):
    sys.path.insert(0, path)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_grad_enabled(False)

START, END = 49406, 49407


def read_safetensors(path):
    """A .safetensors file as {name: float32 torch tensor} (u64 LE header length, JSON header, raw LE data)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    dtypes = {"F32": np.float32, "F16": np.float16, "BF16": None}
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        array = np.frombuffer(data[base + start:base + end], dtype=dtypes[meta["dtype"]]).reshape(meta["shape"])
        tensors[name] = torch.from_numpy(array.astype(np.float32))
    return tensors


# ---------------------------------------------------------------------------------------------------- open_clip
class OpenClip:
    def __init__(self):
        import open_clip
        directory = os.path.join(PARITY, "open_clip")
        open_clip.add_model_config(directory)
        self.model, _, self.preprocess = open_clip.create_model_and_transforms("config", pretrained=None)
        self.model.load_state_dict(read_safetensors(os.path.join(directory, "model.safetensors")))
        self.model.eval()
        self.tokenizer = open_clip.get_tokenizer("config")

    def encode_views(self, pil_images):
        """Unit embeddings [N, E] and ln_post patch tokens [N, P, W] of PIL views through open_clip's eval transform."""
        batch = torch.stack([self.preprocess(image) for image in pil_images])
        visual = self.model.visual
        visual.output_tokens = True
        pooled, tokens = visual(batch)
        visual.output_tokens = False
        return F.normalize(pooled, dim=-1).numpy(), tokens.numpy(), batch

    def window_embeddings(self, batch, windows):
        """WinCLIP windows: class token + the window's patch tokens (after the positional embedding) as one
        sequence through ln_pre, the transformer, ln_post; class token @ proj. Unit rows [B, W, E]."""
        visual = self.model.visual
        x = visual.conv1(batch)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        cls = visual.class_embedding.reshape(1, 1, -1).expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + visual.positional_embedding
        out = []
        for window in windows:
            index = torch.tensor([0] + [1 + i for i in window])
            seq = visual.ln_pre(x[:, index])
            seq = visual.transformer(seq)
            pooled, _ = visual._pool(seq)
            out.append(pooled @ visual.proj)
        return F.normalize(torch.stack(out, dim=1), dim=-1).numpy()

    def text_prototype(self, prompts):
        tokens = self.tokenizer(prompts)
        features = F.normalize(self.model.encode_text(tokens), dim=-1)
        return F.normalize(features.mean(dim=0), dim=-1).numpy()

    def check_windows_against_parity(self):
        inputs = np.load(os.path.join(PARITY, "open_clip", "inputs", "images_preprocessed.npy"))
        masks = np.load(os.path.join(PARITY, "open_clip", "inputs", "window_masks.npy"))
        expected = np.load(os.path.join(PARITY, "open_clip", "outputs", "window_embeddings.npy"))
        got = self.window_embeddings(torch.from_numpy(inputs), [list(m) for m in masks])
        expected = expected / np.linalg.norm(expected, axis=-1, keepdims=True)
        error = np.abs(got - expected).max()
        assert error < 1e-5, f"window embeddings differ from the parity fixture by {error}"


# ------------------------------------------------------------------------------------- Stable Diffusion (tiny)
class SdTextEncoder:
    """transformers' CLIPTextModel forward (eager attention, causal mask, quick_gelu), weights by their HF names."""

    def __init__(self):
        directory = os.path.join(PARITY, "text_encoder")
        self.w = read_safetensors(os.path.join(directory, "model.safetensors"))
        with open(os.path.join(directory, "config.json")) as f:
            self.config = json.load(f)
        ids = torch.from_numpy(np.load(os.path.join(directory, "inputs", "input_ids.npy")))
        expected = np.load(os.path.join(directory, "outputs", "last_hidden_state.npy"))
        error = np.abs(self(ids).numpy() - expected).max()
        assert error < 1e-5, f"text encoder differs from the parity fixture by {error}"

    def _linear(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _norm(self, x, name):
        return F.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"],
                            self.config["layer_norm_eps"])

    def __call__(self, ids):
        p = "text_model."
        heads = self.config["num_attention_heads"]
        x = self.w[p + "embeddings.token_embedding.weight"][ids] + \
            self.w[p + "embeddings.position_embedding.weight"][: ids.shape[1]]
        b, n, d = x.shape
        mask = torch.full((n, n), float("-inf")).triu(1)
        for layer in range(self.config["num_hidden_layers"]):
            q = f"{p}encoder.layers.{layer}."
            h = self._norm(x, q + "layer_norm1")
            qs = self._linear(h, q + "self_attn.q_proj") * (d // heads) ** -0.5
            ks = self._linear(h, q + "self_attn.k_proj")
            vs = self._linear(h, q + "self_attn.v_proj")
            split = lambda t: t.reshape(b, n, heads, d // heads).transpose(1, 2)  # noqa: E731
            attention = torch.softmax(split(qs) @ split(ks).transpose(-1, -2) + mask, dim=-1)
            h = (attention @ split(vs)).transpose(1, 2).reshape(b, n, d)
            x = x + self._linear(h, q + "self_attn.out_proj")
            h = self._linear(self._norm(x, q + "layer_norm2"), q + "mlp.fc1")
            h = h * torch.sigmoid(1.702 * h)
            x = x + self._linear(h, q + "mlp.fc2")
        return self._norm(x, p + "final_layer_norm")


class TinyStableDiffusion:
    def __init__(self):
        from diffusers import AutoencoderKL, UNet2DConditionModel
        from diffusers.models.attention_processor import AttnProcessor
        self.vae = AutoencoderKL.from_config(AutoencoderKL.load_config(os.path.join(PARITY, "vae")))
        self.vae.load_state_dict(read_safetensors(os.path.join(PARITY, "vae", "diffusion_pytorch_model.safetensors")))
        self.unet = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(os.path.join(PARITY, "unet")))
        self.unet.load_state_dict(read_safetensors(os.path.join(PARITY, "unet",
                                                                "diffusion_pytorch_model.safetensors")))
        self.unet.set_attn_processor(AttnProcessor())
        self.vae.eval()
        self.unet.eval()
        # The vendored diffusers tree holds no schedulers: DDPMScheduler.add_noise's formula on the parity
        # fixture's alphas_cumprod (written by DDPMScheduler itself), in float32 as it computes.
        self.alphas_cumprod = torch.from_numpy(np.load(os.path.join(PARITY, "scheduler", "alphas_cumprod.npy")))
        self.text = SdTextEncoder()
        import open_clip
        self.bpe = open_clip.get_tokenizer("ViT-B-16")  # OpenAI BPE; ids laid out SD style below

    def token_row(self, text):
        ids = self.bpe.encoder_ids(text) if hasattr(self.bpe, "encoder_ids") else self.bpe.encode(text)
        ids = ids[:75]
        return [START] + ids + [END] + [END] * (77 - 2 - len(ids)), len(ids)

    def bpe_ids(self, text):
        return self.bpe.encode(text)

    def hidden_states(self, texts):
        rows = [self.token_row(t)[0] for t in texts]
        return self.text(torch.tensor(rows)).numpy()

    def noisy_latent(self, rgb, noise, timestep):
        """rgb uint8 [H, W, 3] already at the model's image size -> z_t [1, 4, h, w]."""
        pixels = torch.from_numpy(rgb.astype(np.float32) / 255.0).permute(2, 0, 1)[None] * 2 - 1
        latents = self.vae.encode(pixels).latent_dist.mean * self.vae.config.scaling_factor
        acp = self.alphas_cumprod[timestep]
        return acp ** 0.5 * latents + (1 - acp) ** 0.5 * torch.from_numpy(noise)

    def unet_forward(self, noisy, states, timestep, feature_layers):
        """One forward of the batch (the same z_t per prompt): attn2 probabilities of the up blocks and the
        outputs of the named up blocks."""
        captured, features = {}, {}
        for name, module in self.unet.named_modules():
            if name.endswith("attn2") and name.startswith("up_blocks."):
                def wrap(original, key):
                    def scores(query, key_, attention_mask=None):
                        probabilities = original(query, key_, attention_mask)
                        captured[key] = probabilities.detach().numpy()
                        return probabilities
                    return scores
                module.get_attention_scores = wrap(module.get_attention_scores, name)
        hooks = []
        for index, block in enumerate(self.unet.up_blocks):
            name = f"up_blocks.{index}"
            if name in feature_layers:
                hooks.append(block.register_forward_hook(
                    lambda m, i, o, n=name: features.__setitem__(n, (o[0] if isinstance(o, tuple) else o).numpy())))
        batch = noisy.repeat(states.shape[0], 1, 1, 1)
        self.unet(batch, torch.tensor([timestep] * states.shape[0]), encoder_hidden_states=torch.from_numpy(states))
        for hook in hooks:
            hook.remove()
        for name, module in self.unet.named_modules():
            if "get_attention_scores" in module.__dict__:
                del module.get_attention_scores
        heads = {name: module.heads for name, module in self.unet.named_modules()
                 if name.endswith("attn2") and name.startswith("up_blocks.")}
        return captured, heads, features


# ------------------------------------------------------------------------------------------------ java noise
class JavaRandom:
    """java.util.Random: the 48-bit LCG and nextGaussian's polar method, as the Java specification fixes them."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)
        self.spare = None

    def _next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        value = self.seed >> (48 - bits)
        # Java casts to int: only a 32-bit draw can come out negative.
        return value - (1 << 32) if bits == 32 and value >= 1 << 31 else value

    def next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))

    def next_gaussian(self):
        import math
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        while True:
            v1 = 2 * self.next_double() - 1
            v2 = 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * math.log(s) / s)
        self.spare = v2 * multiplier
        return v1 * multiplier


def java_gaussian_noise(seed, count):
    random = JavaRandom(seed)
    return np.array([random.next_gaussian() for _ in range(count)], dtype=np.float32)
