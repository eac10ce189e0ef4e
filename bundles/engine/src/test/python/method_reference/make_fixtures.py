#!/usr/bin/env python3
"""Writes the method-reference fixtures (../../resources/method-reference/): three synthetic images, and for three
settings (zero-shot crops; 2-shot crops with reference-max scaling; 2-shot windows with the raw sum) the component
maps on the evaluation grid, the smoothed fused map and the image score, as the method (docs/method.md) defines
them. Model outputs come from the upstream libraries (upstream_outputs.py), maps from reference_maps.py.

Run from anywhere with Debian's python (torch 1.13 and numpy):
    /usr/bin/python3 bundles/evaluation/src/test/python/method_reference/make_fixtures.py
CLIPFUSION_SHARED overrides where ../shared is. MethodReferenceTest reads the files through the Detector path.
"""
import json
import os

import numpy as np
from PIL import Image

import reference_maps as ref
import upstream_outputs as up

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "resources", "method-reference"))
SIZE = 96
CATEGORY = "widget"
GRID = 32
SIGMA = 2.0
ALPHA = 0.5
TEMPERATURE = 0.01
CROP_SCALES = [0.5, 1.0 / 3]
STRIDE_RATIO = 0.5
WINDOW_SIZES = [2, 3]
TIMESTEP = 100
NOISE_SEED = 0
FEATURE_LAYERS = ["up_blocks.0", "up_blocks.1"]
NORMAL_STATES = ["{}", "flawless {}", "perfect {}", "unblemished {}", "{} without flaw", "{} without defect",
                 "{} without damage"]
ANOMALOUS_STATES = ["damaged {}", "{} with flaw", "{} with defect", "{} with damage"]
TEMPLATES = ["a cropped photo of the {}.", "a close-up photo of a {}.", "a close-up photo of the {}.",
             "a bright photo of a {}.", "a bright photo of the {}.", "a dark photo of the {}.",
             "a dark photo of a {}.", "a jpeg corrupted photo of a {}.", "a jpeg corrupted photo of the {}.",
             "a blurry photo of the {}.", "a blurry photo of a {}.", "a photo of a {}.", "a photo of the {}.",
             "a photo of a small {}.", "a photo of the small {}.", "a photo of a large {}.",
             "a photo of the large {}.", "a photo of the {} for visual inspection.",
             "a photo of a {} for visual inspection.", "a photo of the {} for anomaly detection.",
             "a photo of a {} for anomaly detection."]
DIFF_PROMPTS = [("a photo of a damaged {}", ["damaged"]), ("a photo of a {} with flaw", ["flaw"]),
                ("a photo of a {} with defect", ["defect"]), ("a photo of a {} with damage", ["damage"])]
FEATURE_PROMPT = "a photo of a {}"


def synthetic(seed, defect=None):
    """A disc on a shaded background with a seeded texture; a defect is a dark spot (cx, cy, r)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    image = np.stack([60 + 0.8 * x, 90 + 0.5 * y, 120 + 0.3 * (x + y)], axis=-1)
    disc = (x - 48) ** 2 + (y - 50) ** 2 < 34 ** 2
    image[disc] = [180, 160, 90]
    image += rng.normal(0, 6, image.shape)
    if defect:
        cx, cy, r = defect
        spot = (x - cx) ** 2 + (y - cy) ** 2 < r ** 2
        image[spot] = [25, 20, 30]
    return np.clip(np.round(image), 0, 255).astype(np.uint8)


def subsequence(haystack, needle):
    for i in range(len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return list(range(i, i + len(needle)))
    raise ValueError(f"{needle} not in {haystack}")


def main():
    os.makedirs(OUT, exist_ok=True)
    images = {"ref-1": synthetic(1), "ref-2": synthetic(2), "query": synthetic(3, (62, 38, 9))}
    for name, rgb in images.items():
        Image.fromarray(rgb).save(os.path.join(OUT, name + ".png"))
    pil = {name: Image.open(os.path.join(OUT, name + ".png")).convert("RGB") for name in images}

    # ---- PatchCLIP model outputs (open_clip) ----
    clip = up.OpenClip()
    clip.check_windows_against_parity()
    obj = CATEGORY
    normal = clip.text_prototype([t.replace("{}", s.replace("{}", obj)) for s in NORMAL_STATES for t in TEMPLATES])
    anomalous = clip.text_prototype([t.replace("{}", s.replace("{}", obj)) for s in ANOMALOUS_STATES
                                     for t in TEMPLATES])
    grid_tokens = None
    clip_out = {}
    for name, image in pil.items():
        whole, tokens, batch = clip.encode_views([image])
        grid_tokens = int(round(np.sqrt(tokens.shape[1])))
        crops = {}
        for scale in CROP_SCALES:
            layout = ref.crop_layout(SIZE, SIZE, scale, STRIDE_RATIO)
            embeddings, _, _ = clip.encode_views([image.crop((x, y, x + s, y + s)) for x, y, s in layout])
            crops["crop:" + repr(scale)] = (layout, embeddings)
        windows = {}
        for size in WINDOW_SIZES:
            corners = ref.window_layout(grid_tokens, size)
            patches = [[(t + r) * grid_tokens + l + c for r in range(size) for c in range(size)] for l, t in corners]
            windows["window:" + str(size)] = (size, corners, clip.window_embeddings(batch, patches)[0])
        clip_out[name] = dict(whole=whole[0], tokens=tokens[0], crops=crops, windows=windows)

    # ---- MapDiff model outputs (diffusers) ----
    sd = up.TinyStableDiffusion()
    texts = [t.replace("{}", obj) for t, _ in DIFF_PROMPTS]
    positions, counts = [], []
    for text, (_, words) in zip(texts, DIFF_PROMPTS):
        ids = sd.bpe_ids(text)
        found = sorted({1 + i for w in words for i in subsequence(ids, sd.bpe_ids(w))})
        positions.append(found)
        counts.append(len(ids))
    states = sd.hidden_states(texts + [FEATURE_PROMPT.replace("{}", obj)])
    latent_side = SIZE // 4
    noise = up.java_gaussian_noise(NOISE_SEED, 4 * latent_side * latent_side).reshape(1, 4, latent_side,
                                                                                       latent_side)
    diff_out = {}
    for name, rgb in images.items():
        noisy = sd.noisy_latent(rgb, noise, TIMESTEP)
        probabilities, heads, features = sd.unet_forward(noisy, states, TIMESTEP, FEATURE_LAYERS)
        diff_out[name] = dict(
            language=ref.diff_language(probabilities, heads, positions, counts, latent_side),
            features={layer: features[layer][-1] for layer in FEATURE_LAYERS})  # the neutral prompt's element

    # ---- maps, per case ----
    refs = ["ref-1", "ref-2"]

    def clip_bank(mode, names):
        bank = {"patch": np.concatenate([clip_out[n]["tokens"] for n in names])}
        for key in clip_out[names[0]][mode]:
            bank[key] = np.concatenate([clip_out[n][mode][key][-1] for n in names])
        return bank

    def s_clip(name):
        return ref.anomaly_probability(clip_out[name]["whole"], normal, anomalous, TEMPERATURE)

    def clip_language(name, mode):
        o = clip_out[name]
        if mode == "crops":
            return ref.clip_language_crops(s_clip(name), list(o["crops"].values()), SIZE, SIZE, normal, anomalous,
                                           TEMPERATURE)
        return ref.clip_language_windows(s_clip(name), list(o["windows"].values()), grid_tokens, SIZE, SIZE,
                                         normal, anomalous, TEMPERATURE)

    def clip_vision(name, mode, names):
        o = clip_out[name]
        if mode == "crops":
            return ref.clip_vision_crops(o["tokens"], grid_tokens, o["crops"], clip_bank("crops", names), SIZE, SIZE)
        return ref.clip_vision_windows(o["tokens"], grid_tokens, o["windows"], clip_bank("windows", names), SIZE,
                                       SIZE)

    def diff_bank(names):
        return {layer: np.concatenate([ref.feature_rows(diff_out[n]["features"][layer]) for n in names])
                for layer in FEATURE_LAYERS}

    def diff_vision(name, names):
        return ref.diff_vision(diff_out[name]["features"], diff_bank(names), latent_side)

    cases = {}
    for case, mode, shots, scaling in (("zero-shot-crops", "crops", 0, "raw"),
                                       ("two-shot-crops-reference-max", "crops", 2, "reference-max"),
                                       ("two-shot-windows-raw", "windows", 2, "raw")):
        maps = {"CLIP_LANGUAGE": clip_language("query", mode), "DIFFUSION_LANGUAGE": diff_out["query"]["language"]}
        divisors = {}
        if shots:
            maps["CLIP_VISION"] = clip_vision("query", mode, refs)
            maps["DIFFUSION_VISION"] = diff_vision("query", refs)
            if scaling == "reference-max":
                divisors = {
                    "CLIP_LANGUAGE": max(clip_language(r, mode).max() for r in refs),
                    "DIFFUSION_LANGUAGE": max(diff_out[r]["language"].max() for r in refs),
                    "CLIP_VISION": max(clip_vision(r, mode, [o for o in refs if o != r]).max() for r in refs),
                    "DIFFUSION_VISION": max(diff_vision(r, [o for o in refs if o != r]).max() for r in refs)}
        on_grid, smoothed = ref.fuse(maps, ALPHA, GRID, SIGMA, divisors)
        folder = os.path.join(OUT, case)
        os.makedirs(folder, exist_ok=True)
        for role, values in on_grid.items():
            np.save(os.path.join(folder, role + ".npy"), np.ascontiguousarray(values, dtype=np.float32))
        np.save(os.path.join(folder, "FUSED.npy"), np.ascontiguousarray(smoothed, dtype=np.float32))
        cases[case] = dict(languageMode=mode, shots=shots, mapScaling=scaling,
                           imageScore=ref.image_score(s_clip("query"), smoothed),
                           divisors={k: float(v) for k, v in divisors.items()})
    settings = dict(size=SIZE, category=CATEGORY, evaluationGrid=GRID, smoothingSigma=SIGMA, alpha=ALPHA,
                    temperature=TEMPERATURE, cropScales=CROP_SCALES, strideRatio=STRIDE_RATIO,
                    windowSizes=WINDOW_SIZES, timestep=TIMESTEP, noiseSeed=NOISE_SEED, featureLayers=FEATURE_LAYERS,
                    featurePrompt=FEATURE_PROMPT, references=refs, query="query", cases=cases)
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(settings, f, indent=1)
    with open(os.path.join(OUT, "cases.properties"), "w") as f:
        f.write("# written by make_fixtures.py; cases.json holds the same and the settings\n")
        for case, values in cases.items():
            for key in ("languageMode", "shots", "mapScaling", "imageScore"):
                f.write(f"{case}.{key}={values[key]!r}\n".replace("'", ""))
    print(json.dumps(cases, indent=1))


if __name__ == "__main__":
    main()
