#!/usr/bin/python3
"""Writes the reference fixtures for the image operations of bundles/tensor.

Every expected output comes from the real library whose semantics the Java code reproduces:
Pillow (Image.resize), torchvision (Resize, CenterCrop, ToTensor, Normalize), PyTorch
(F.interpolate) and scipy (ndimage.gaussian_filter). The Java tests only read the files
written here; they never run Python.

Run with Debian's interpreter, which has the libraries (the pyenv python3 on PATH does not):

    /usr/bin/python3 bundles/tensor/src/test/python/make_resampling_fixtures.py

Output goes to bundles/tensor/src/test/resources/resampling/ next to this script's module.
Reference versions: Pillow 9.4.0, torch 1.13, torchvision 0.14.1, scipy 1.10.1, numpy 1.24.2.
"""

import csv
import os
import sys

import numpy as np
import PIL
import scipy
import scipy.ndimage
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image
from torchvision import transforms

MODULE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT_DIR = os.path.join(MODULE_DIR, "src", "test", "resources", "resampling")
SEED = 20240601


def save(name, array):
    np.save(os.path.join(OUT_DIR, name), array)


def write_index(name, header, rows):
    with open(os.path.join(OUT_DIR, name), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def textured_rgb(rng, height, width):
    """Smooth gradients plus noise and a hard edge, so that every filter's kernel shape matters."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * (x / max(width - 1, 1))
    g = 127.5 + 127.5 * np.sin(y / 2.3 + x / 4.1)
    b = np.where((x // 5 + y // 4) % 2 == 0, 230.0, 20.0)
    image = np.stack([r, g, b], axis=-1) + rng.normal(0, 25, size=(height, width, 3))
    # Saturated pixels exercise the clipping of PIL's 8-bit path (bicubic overshoots).
    image[height // 3, :, :] = 255
    image[:, width // 2, 0] = 0
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


PIL_FILTERS = {
    "nearest": Image.NEAREST,
    "box": Image.BOX,
    "bilinear": Image.BILINEAR,
    "hamming": Image.HAMMING,
    "bicubic": Image.BICUBIC,
    "lanczos": Image.LANCZOS,
}

# (width, height) targets for a 37x23 source: non-integer shrink (antialiased), far shrink, enlarge, and
# one axis enlarged while the other shrinks, both ways round.
PIL_TARGETS = [(16, 10), (5, 3), (61, 41), (50, 11), (13, 40)]


def make_pil_fixtures(rng):
    source = textured_rgb(rng, 23, 37)
    save("rgb_37x23.npy", source)
    image = Image.fromarray(source, "RGB")
    rows = []
    for name, pil_filter in PIL_FILTERS.items():
        for width, height in PIL_TARGETS:
            result = np.asarray(image.resize((width, height), pil_filter))
            file = f"pil_{name}_{width}x{height}.npy"
            save(file, result)
            rows.append((name, width, height, file))
    write_index("pil_cases.csv", ("filter", "width", "height", "file"), rows)


def make_torchvision_fixtures(rng):
    portrait = textured_rgb(rng, 45, 19)
    save("rgb_19x45.npy", portrait)
    sources = {"rgb_37x23.npy": np.load(os.path.join(OUT_DIR, "rgb_37x23.npy")), "rgb_19x45.npy": portrait}
    rows = []
    # Shorter side to S then CenterCrop(S): shrinking (with truncated long sides and a .5 crop offset) and
    # enlarging, landscape and portrait.
    for file, array in sources.items():
        for size in (16, 20, 30):
            image = Image.fromarray(array, "RGB")
            resized = transforms.Resize(size, interpolation=transforms.InterpolationMode.BICUBIC)(image)
            cropped = transforms.CenterCrop(size)(resized)
            stem = file[:-len(".npy")]
            resized_file = f"tv_resize_{stem}_s{size}.npy"
            cropped_file = f"tv_resize_crop_{stem}_s{size}.npy"
            save(resized_file, np.asarray(resized))
            save(cropped_file, np.asarray(cropped))
            rows.append((file, size, resized.size[0], resized.size[1], resized_file, cropped_file))
    write_index("torchvision_resize_crop_cases.csv",
                ("input", "size", "resized_width", "resized_height", "resized_file", "cropped_file"), rows)

    # CenterCrop((h, w)) alone, including crops larger than the image along one or both axes (zero padding).
    crop_rows = []
    for file, array in sources.items():
        image = Image.fromarray(array, "RGB")
        for crop_height, crop_width in ((10, 20), (11, 16), (40, 30), (50, 50), (20, 41)):
            cropped = transforms.CenterCrop((crop_height, crop_width))(image)
            stem = file[:-len(".npy")]
            out = f"tv_crop_{stem}_{crop_height}x{crop_width}.npy"
            save(out, np.asarray(cropped))
            crop_rows.append((file, crop_height, crop_width, out))
    write_index("torchvision_center_crop_cases.csv", ("input", "crop_height", "crop_width", "file"), crop_rows)

    # The Resize(S) size rule alone, on many shapes: [width, height, S, new_width, new_height].
    shapes = [(37, 23, 16), (23, 37, 16), (640, 480, 224), (480, 640, 224), (500, 333, 224), (333, 500, 224),
              (1001, 999, 240), (999, 1001, 240), (64, 64, 48), (3, 7, 5), (7, 3, 5), (1920, 1080, 336)]
    shapes += [tuple(int(v) for v in rng.integers(1, 400, size=2)) + (int(rng.integers(1, 300)),)
               for _ in range(40)]
    size_rows = []
    for width, height, size in shapes:
        resized = transforms.Resize(size)(Image.new("RGB", (width, height)))
        size_rows.append((width, height, size) + resized.size)
    save("torchvision_resize_sizes.npy", np.array(size_rows, dtype=np.int64))

    # ToTensor + Normalize with OpenAI CLIP's constants.
    mean = (0.48145466, 0.4578275, 0.40821073)
    std = (0.26862954, 0.26130258, 0.27577711)
    image = Image.fromarray(sources["rgb_37x23.npy"], "RGB")
    tensor = transforms.ToTensor()(image)
    save("to_tensor_rgb_37x23.npy", tensor.numpy())
    save("normalized_clip_rgb_37x23.npy", transforms.Normalize(mean, std)(tensor).numpy())


def make_torch_interpolation_fixtures(rng):
    inputs = {
        "map_1x23x37.npy": rng.normal(0, 1, size=(1, 23, 37)).astype(np.float32),
        # Anomaly-map-like: a coarse patch grid enlarged to image size.
        "map_1x5x7.npy": rng.uniform(0, 1, size=(1, 5, 7)).astype(np.float32),
        # Several channels, resampled independently.
        "map_2x6x5.npy": rng.normal(0, 1, size=(2, 6, 5)).astype(np.float32),
    }
    for file, array in inputs.items():
        save(file, array)
    cases = {
        "map_1x23x37.npy": [(29, 45), (10, 16), (11, 50), (40, 13), (23, 52), (31, 37), (1, 1)],
        "map_1x5x7.npy": [(32, 45), (28, 33), (3, 4)],
        "map_2x6x5.npy": [(9, 13), (4, 3)],
    }
    modes = {
        "bilinear": dict(mode="bilinear", align_corners=False),
        "nearest": dict(mode="nearest"),
        "bicubic_aa": dict(mode="bicubic", align_corners=False, antialias=True),
        "bilinear_aa": dict(mode="bilinear", align_corners=False, antialias=True),
    }
    rows = []
    for file, sizes in cases.items():
        source = torch.from_numpy(inputs[file]).unsqueeze(0)
        stem = file[:-len(".npy")]
        for mode, kwargs in modes.items():
            for height, width in sizes:
                result = F.interpolate(source, size=(height, width), **kwargs)[0].numpy()
                out = f"torch_{mode}_{stem}_{height}x{width}.npy"
                save(out, result)
                rows.append((file, mode, height, width, out))
    write_index("torch_interpolation_cases.csv", ("input", "mode", "height", "width", "file"), rows)


def make_gaussian_fixtures(rng):
    maps = {
        # Anomaly-map-like: a smooth bump plus noise, values of order 1 to 3.
        "gauss_23x37.npy": (3 * np.exp(-((np.mgrid[0:23, 0:37][0] - 8) ** 2 + (np.mgrid[0:23, 0:37][1] - 25) ** 2)
                                       / 30.0) + rng.uniform(0, 1, size=(23, 37))).astype(np.float32),
        # Smaller than the sigma-4 kernel's radius (16): reflect has to wrap several times.
        "gauss_5x3.npy": rng.uniform(-2, 2, size=(5, 3)).astype(np.float32),
        "gauss_1x9.npy": rng.uniform(0, 10, size=(1, 9)).astype(np.float32),
    }
    for file, array in maps.items():
        save(file, array)
    cases = [("gauss_23x37.npy", s, s) for s in (0.5, 1.0, 4.0)]
    cases += [("gauss_23x37.npy", 1.0, 2.5), ("gauss_23x37.npy", 0.0, 2.0), ("gauss_23x37.npy", 3.0, 0.0),
              ("gauss_5x3.npy", 4.0, 4.0), ("gauss_5x3.npy", 1.0, 1.0), ("gauss_1x9.npy", 4.0, 4.0)]
    rows = []
    for file, sigma_y, sigma_x in cases:
        result = scipy.ndimage.gaussian_filter(maps[file], sigma=(sigma_y, sigma_x), mode="reflect", truncate=4.0)
        assert result.dtype == np.float32
        out = f"scipy_gaussian_{file[len('gauss_'):-len('.npy')]}_s{sigma_y}_{sigma_x}.npy"
        save(out, result)
        rows.append((file, sigma_y, sigma_x, out))
    write_index("scipy_gaussian_cases.csv", ("input", "sigma_y", "sigma_x", "file"), rows)

    # A multi-channel image blurred per channel: sigma 0 along the channel axis.
    image = rng.uniform(0, 1, size=(2, 9, 11)).astype(np.float32)
    save("gauss_image_2x9x11.npy", image)
    save("scipy_gaussian_image_2x9x11_s1.5.npy", scipy.ndimage.gaussian_filter(image, sigma=(0, 1.5, 1.5)))


def make_npy_format_fixtures(rng):
    """Small arrays of every supported dtype and format version, and files the reader must refuse."""
    npy_dir = os.path.join(OUT_DIR, "npy")
    os.makedirs(npy_dir, exist_ok=True)
    arrays = {
        "f4": np.array([[1.5, -2.25, 3.0e-8], [np.inf, -0.0, 65504.0]], dtype="<f4"),
        "f8": np.array([0.1, -1e300, 2.0 ** -1074], dtype="<f8"),
        "i8": np.array([[0, -1], [2 ** 62, -(2 ** 63)]], dtype="<i8"),
        "i4": np.array([7, -2147483648, 2147483647], dtype="<i4"),
        "u1": np.arange(250, 256, dtype=np.uint8).reshape(2, 3),
        "b1": np.array([True, False, True]),
        "scalar_f4": np.array(2.5, dtype="<f4"),
        "empty_f4": np.zeros((0, 3), dtype="<f4"),
    }
    for name, array in arrays.items():
        np.save(os.path.join(npy_dir, name + ".npy"), array)
    for version in ((2, 0), (3, 0)):
        with open(os.path.join(npy_dir, f"f4_v{version[0]}.npy"), "wb") as f:
            np.lib.format.write_array(f, arrays["f4"], version=version)
    np.save(os.path.join(npy_dir, "fortran_f4.npy"), np.asfortranarray(rng.normal(size=(3, 2)).astype("<f4")))
    np.save(os.path.join(npy_dir, "big_endian_f4.npy"), np.array([1.0, 2.0], dtype=">f4"))
    np.save(os.path.join(npy_dir, "unsupported_c8.npy"), np.array([1 + 2j], dtype="<c8"))
    with open(os.path.join(npy_dir, "f4.npy"), "rb") as f:
        whole = f.read()
    with open(os.path.join(npy_dir, "truncated_f4.npy"), "wb") as f:
        f.write(whole[:-3])


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    print("Pillow", PIL.__version__, "torch", torch.__version__, "torchvision", torchvision.__version__,
          "scipy", scipy.__version__, "numpy", np.__version__, file=sys.stderr)
    rng = np.random.default_rng(SEED)
    make_pil_fixtures(rng)
    make_torchvision_fixtures(rng)
    make_torch_interpolation_fixtures(rng)
    make_gaussian_fixtures(rng)
    make_npy_format_fixtures(rng)


if __name__ == "__main__":
    main()
