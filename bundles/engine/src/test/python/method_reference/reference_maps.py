"""An independent numpy reference of ClipFusion's map construction, written from docs/method.md (the project's
method page, which states every choice) and never from the Java code. Inputs are model outputs (embeddings, patch
tokens, attention probabilities, features) computed by the upstream libraries (upstream_outputs.py).

Conventions, all stated in docs/method.md: bilinear resampling as torch's interpolate(align_corners=False) without
antialiasing; Gaussian smoothing as scipy.ndimage.gaussian_filter(mode="reflect", truncate=4); harmonic means with
every value floored at 1e-6; half cosine distance ½(1 − ⟨f, r⟩) to the nearest bank row.
"""
import numpy as np

FLOOR = 1e-6


# ------------------------------------------------------------------------------------------------------ basics
def bilinear(values, out_h, out_w):
    """torch.nn.functional.interpolate(mode="bilinear", align_corners=False, antialias=False) of a 2-D map."""
    values = np.asarray(values, dtype=np.float64)
    in_h, in_w = values.shape

    def axis(n_out, n_in):
        src = (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5
        src = np.maximum(src, 0)
        lo = np.minimum(np.floor(src).astype(int), n_in - 1)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, src - lo

    y0, y1, wy = axis(out_h, in_h)
    x0, x1, wx = axis(out_w, in_w)
    top = values[y0][:, x0] * (1 - wx) + values[y0][:, x1] * wx
    bottom = values[y1][:, x0] * (1 - wx) + values[y1][:, x1] * wx
    return top * (1 - wy)[:, None] + bottom * wy[:, None]


def gaussian_filter(values, sigma, truncate=4.0):
    """scipy.ndimage.gaussian_filter(values, sigma, mode="reflect", truncate) on a float32 map: axis 0, then axis 1,
    each pass stored as float32 as scipy does for a float32 input."""
    radius = int(truncate * sigma + 0.5)
    x = np.arange(-radius, radius + 1)
    kernel = np.exp(-0.5 * (x / sigma) ** 2)
    kernel /= kernel.sum()
    out = np.asarray(values, dtype=np.float32)
    for ax in (0, 1):
        moved = np.moveaxis(out.astype(np.float64), ax, 0)
        n = moved.shape[0]
        # half-sample symmetric reflection (d c b a | a b c d | d c b a), periodic for wide kernels
        index = np.arange(-radius, n + radius)
        period = 2 * n
        index = np.mod(index, period)
        index = np.where(index >= n, period - 1 - index, index)
        padded = moved[index]
        filtered = sum(kernel[k] * padded[k:k + n] for k in range(2 * radius + 1))
        out = np.moveaxis(filtered, 0, ax).astype(np.float32)
    return out


def harmonic(stack):
    """Harmonic mean along axis 0 of values floored at FLOOR; NaN entries do not count."""
    stack = np.asarray(stack, dtype=np.float64)
    valid = ~np.isnan(stack)
    reciprocal = np.where(valid, 1.0 / np.maximum(np.where(valid, stack, 1.0), FLOOR), 0.0)
    count = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, count / reciprocal.sum(axis=0), np.nan)


def region_harmonic(shape, regions, scores):
    """Per cell, the harmonic mean of the scores of the regions (x0, y0, x1, y1, end exclusive) covering it."""
    reciprocal = np.zeros(shape)
    count = np.zeros(shape)
    for (x0, y0, x1, y1), score in zip(regions, scores):
        reciprocal[y0:y1, x0:x1] += 1.0 / max(FLOOR, score)
        count[y0:y1, x0:x1] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, count / reciprocal, np.nan)


def nanmean(stack):
    stack = np.asarray(stack, dtype=np.float64)
    valid = ~np.isnan(stack)
    count = valid.sum(axis=0)
    with np.errstate(invalid="ignore"):
        return np.where(count > 0, np.where(valid, stack, 0).sum(axis=0) / np.maximum(count, 1), 0.0)


def unit(rows):
    rows = np.asarray(rows, dtype=np.float64)
    return rows / np.maximum(np.linalg.norm(rows, axis=-1, keepdims=True), 1e-12)


def nearest_half_cosine(queries, bank):
    """min over bank rows of ½(1 − ⟨f, r⟩), rows unit length."""
    return (0.5 * (1.0 - unit(queries) @ unit(bank).T)).min(axis=1)


def anomaly_probability(embedding, normal, anomalous, temperature):
    """softmax([⟨v, t_n⟩, ⟨v, t_a⟩] / τ)[1]."""
    return 1.0 / (1.0 + np.exp((embedding @ normal - embedding @ anomalous) / temperature))


# --------------------------------------------------------------------------------------------------- PatchCLIP
def crop_layout(width, height, scale, stride_ratio):
    """method.md §3: square crops of side round(scale · shorter side), stride round(side · strideRatio), laid from
    the top-left corner, the last row and column moved in to end at the border."""
    side = max(1, int(round(min(width, height) * scale)))
    stride = max(1, int(round(side * stride_ratio)))

    def starts(extent):
        last = max(0, extent - side)
        return list(range(0, last, stride)) + [last]

    return [(x, y, side) for y in starts(height) for x in starts(width)]


def window_layout(grid, size):
    """WinCLIP windows of size×size patches on a grid×grid token grid, row-major, as (left, top) corners."""
    return [(left, top) for top in range(grid - size + 1) for left in range(grid - size + 1)]


def paint_center(base, coarse, width, height):
    """A coarse (patch-grid) map resized bilinearly onto the image's center square (the whole-image view), over
    base; returns the map and which cells were painted."""
    side = min(width, height)
    x0, y0 = int(round((width - side) / 2)), int(round((height - side) / 2))
    out = np.array(base, dtype=np.float64)
    out[y0:y0 + side, x0:x0 + side] = bilinear(coarse, side, side)
    painted = np.zeros((height, width), dtype=bool)
    painted[y0:y0 + side, x0:x0 + side] = True
    return out, painted


def clip_language_crops(image_score, scales, width, height, normal, anomalous, temperature):
    """M_CLIP,L, crops: per scale the harmonic mean over the crops covering a pixel, then per pixel the harmonic
    mean of the image score and the scale maps."""
    maps = []
    for crops, embeddings in scales:
        probabilities = [anomaly_probability(e, normal, anomalous, temperature) for e in embeddings]
        maps.append(region_harmonic((height, width), [(x, y, x + s, y + s) for x, y, s in crops], probabilities))
    return harmonic(maps + [np.full((height, width), image_score)])


def clip_language_windows(image_score, windows, grid, width, height, normal, anomalous, temperature):
    """M_CLIP,L, windows: per window size the harmonic mean over the windows covering a patch, then per patch the
    harmonic mean of the image score and the size maps; painted on the center square, the image score outside."""
    maps = []
    for size, corners, embeddings in windows:
        probabilities = [anomaly_probability(e, normal, anomalous, temperature) for e in embeddings]
        maps.append(region_harmonic((grid, grid), [(l, t, l + size, t + size) for l, t in corners], probabilities))
    patch_map = harmonic(maps + [np.full((grid, grid), image_score)])
    return paint_center(np.full((height, width), image_score), patch_map, width, height)[0]


def clip_vision_crops(patch_tokens, grid, scales, bank, width, height):
    """M_CLIP,V, crops (WinCLIP+): patch tokens against the patch bank (painted on the center square) and, per
    crop scale, each crop against that scale's bank, harmonic per pixel; the arithmetic mean of the maps."""
    patch = nearest_half_cosine(patch_tokens, bank["patch"]).reshape(grid, grid)
    patch_map, painted = paint_center(np.full((height, width), np.nan), patch, width, height)
    maps = [np.where(painted, patch_map, np.nan)]
    for key, (crops, embeddings) in scales.items():
        distances = nearest_half_cosine(embeddings, bank[key])
        maps.append(region_harmonic((height, width), [(x, y, x + s, y + s) for x, y, s in crops], distances))
    return nanmean(maps)


def clip_vision_windows(patch_tokens, grid, windows, bank, width, height):
    """M_CLIP,V, windows (WinCLIP+): on the patch grid, the mean of the patch-token distances and, per window size,
    the harmonic mean over windows of their distances to that size's bank; painted on the center square, 0 outside."""
    maps = [nearest_half_cosine(patch_tokens, bank["patch"]).reshape(grid, grid)]
    for key, (size, corners, embeddings) in windows.items():
        distances = nearest_half_cosine(embeddings, bank[key])
        maps.append(region_harmonic((grid, grid), [(l, t, l + size, t + size) for l, t in corners], distances))
    return paint_center(np.zeros((height, width)), nanmean(maps), width, height)[0]


# ------------------------------------------------------------------------------------------------------ MapDiff
def diff_language(probabilities, heads, positions, content_counts, side, content_scale=True):
    """M_Diff,L: per attn2 layer, prompt and head, the mean probability on the anomaly word tokens as a share of the
    head's probability on the prompt's content tokens (1 .. n: start, end and padding excluded); mean over heads;
    bilinear to the latent grid; mean over layers and prompts."""
    maps = []
    for layer, p in probabilities.items():
        h = heads[layer]
        cells = p.shape[1]
        stage = int(round(np.sqrt(cells)))
        for prompt, (tokens, count) in enumerate(zip(positions, content_counts)):
            block = p[prompt * h:(prompt + 1) * h].astype(np.float64)  # [heads, cells, 77]
            words = block[:, :, tokens].mean(axis=2)
            if content_scale:
                total = block[:, :, 1:1 + count].sum(axis=2)
                words = np.where(total > 1e-12, words / np.where(total > 1e-12, total, 1), 0.0)
            maps.append(bilinear(words.mean(axis=0).reshape(stage, stage), side, side))
    return np.mean(maps, axis=0)


def feature_rows(feature):
    """[C, h, w] -> unit rows [h·w, C]."""
    c = feature.shape[0]
    return unit(feature.reshape(c, -1).T)


def diff_vision(features, bank, side):
    """M_Diff,V: per feature layer, each location's distance to the nearest bank row; bilinear to the latent grid;
    mean over layers."""
    maps = []
    for layer, feature in features.items():
        stage = feature.shape[1]
        distances = nearest_half_cosine(feature_rows(feature), bank[layer]).reshape(stage, stage)
        maps.append(bilinear(distances, side, side))
    return np.mean(maps, axis=0)


# ------------------------------------------------------------------------------------------- fusion and score
def fuse(maps, alpha, grid, sigma, divisors=None):
    """Every map bilinear to the grid (and divided by its reference maximum when given), then
    M = α(M_CLIP,L + M_CLIP,V) + (1 − α)(M_Diff,L + M_Diff,V); a branch that is absent gives the other the whole
    weight; then Gaussian smoothing. Returns (component maps on the grid, smoothed fused map)."""
    divisors = divisors or {}
    on_grid = {role: (bilinear(m, grid, grid) / divisors.get(role, 1.0)).astype(np.float32)
               for role, m in maps.items()}
    clip = [on_grid[r] for r in ("CLIP_LANGUAGE", "CLIP_VISION") if r in on_grid]
    diff = [on_grid[r] for r in ("DIFFUSION_LANGUAGE", "DIFFUSION_VISION") if r in on_grid]
    weight = 1.0 if not diff else 0.0 if not clip else alpha
    fused = weight * sum(np.asarray(m, np.float64) for m in clip) if clip else 0
    fused = fused + ((1 - weight) * sum(np.asarray(m, np.float64) for m in diff) if diff else 0)
    return on_grid, gaussian_filter(np.asarray(fused, dtype=np.float32), sigma)


def image_score(s_clip, smoothed):
    """WinCLIP+ Eq. 5: ½ (s_CLIP + max of the smoothed fused map)."""
    return 0.5 * (s_clip + float(np.max(smoothed)))
