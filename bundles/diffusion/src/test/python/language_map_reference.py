"""The MapDiff language map (method.md section 5) of diffusers' own cross-attention probabilities, in plain numpy.

Input: the UNet parity fixture's attn2 probabilities (shared/fixtures/parity/unet/outputs/attn2_probs, written by
diffusers 0.30.3; shape [batch*heads, h*w, 77], first index b*heads + h). Two "prompts" = the fixture's two batch
elements, anomaly token columns (5, 6) for the first and (8,) for the second. Per layer and prompt: mean over the
prompt's 4 heads and its token columns; resized to the 8x8 latent grid with torch's bilinear interpolation
(align_corners=False, implemented here from its definition); then the mean over layers and prompts.

    python3 src/test/python/language_map_reference.py ../shared/fixtures/parity/unet \
        src/test/resources/mapdiff/language_map_reference.npy
"""
import os
import sys

import numpy as np

LAYERS = ["mid_block.attentions.0.transformer_blocks.0.attn2",
          "up_blocks.1.attentions.0.transformer_blocks.0.attn2",
          "up_blocks.1.attentions.2.transformer_blocks.0.attn2"]
HEADS = 4
TOKENS = [[5, 6], [8]]
SIDE = 8


def bilinear(image, out_h, out_w):
    """torch.nn.functional.interpolate(mode='bilinear', align_corners=False) of one 2-D map."""
    in_h, in_w = image.shape

    def axis(out_size, in_size):
        src = (np.arange(out_size) + 0.5) * in_size / out_size - 0.5
        src = np.maximum(src, 0.0)
        lo = np.minimum(np.floor(src).astype(int), in_size - 1)
        hi = np.minimum(lo + 1, in_size - 1)
        return lo, hi, src - lo

    y0, y1, wy = axis(out_h, in_h)
    x0, x1, wx = axis(out_w, in_w)
    top = image[y0][:, x0] * (1 - wx) + image[y0][:, x1] * wx
    bottom = image[y1][:, x0] * (1 - wx) + image[y1][:, x1] * wx
    return top * (1 - wy)[:, None] + bottom * wy[:, None]


def main(unet_dir, out):
    total = np.zeros((SIDE, SIDE), dtype=np.float64)
    maps = 0
    for layer in LAYERS:
        probs = np.load(os.path.join(unet_dir, "outputs", "attn2_probs", layer + ".npy")).astype(np.float64)
        cells = probs.shape[1]
        side = int(round(cells ** 0.5))
        for prompt, tokens in enumerate(TOKENS):
            heads = probs[prompt * HEADS:(prompt + 1) * HEADS]
            stage = heads[:, :, tokens].mean(axis=(0, 2)).reshape(side, side)
            total += bilinear(stage, SIDE, SIDE)
            maps += 1
    np.save(out, (total / maps).reshape(-1).astype(np.float32))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
