#!/usr/bin/python3
"""Writes the reference values the Java metric tests compare against.

Run with Debian's interpreter, which has python3-sklearn 1.2.1 and python3-skimage 0.19.3:

    /usr/bin/python3 bundles/metrics/src/test/python/make_metric_fixtures.py

It writes src/test/resources/metrics/image_cases.json and pixel_cases.json next to this script's module. The tests
only read those files; they never run Python.

Definitions followed
  * AUROC: sklearn.metrics.roc_auc_score (None where sklearn raises because one class is missing).
  * AP: sklearn.metrics.average_precision_score.
  * F1-max: as anomalib's F1Max on sklearn.metrics.precision_recall_curve: max of 2PR/(P+R), 0 where P+R = 0; the
    threshold is the first (smallest, thresholds being ascending) reaching it, as torch.argmax picks. Equal F1
    values that differ only by rounding of P and R count as equal (tolerance 1e-12).
  * AUPRO: the MVTec AD evaluation script (pro_curve_util.compute_pro + generic_util.trapezoid), restated below with
    skimage.measure.label(connectivity=2) in place of scipy.ndimage.label with a 3x3 structure (both 8-connectivity)
    and float64 where the script casts the FPRs to float32.
"""

import json
import os
from bisect import bisect

import numpy as np
import sklearn
import skimage
from skimage.measure import label
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

FPR_LIMIT = 0.3
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "metrics")


def auroc_or_none(labels, scores):
    try:
        return float(roc_auc_score(labels, scores))
    except ValueError:  # "Only one class present in y_true. ROC AUC score is not defined in that case."
        return None


def f1_max(labels, scores):
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    denominator = precision + recall
    f1 = np.zeros_like(denominator)
    np.divide(2 * precision * recall, denominator, out=f1, where=denominator > 0)
    best = float(f1.max())
    first = int(np.flatnonzero(f1 >= best - 1e-12)[0])
    return best, float(thresholds[min(first, len(thresholds) - 1)])


def compute_pro(anomaly_maps, ground_truth_maps):
    """The MVTec script's compute_pro: the (FPR, PRO) point of every distinct threshold, (0,0) and (1,1) added."""
    num_ok_pixels = 0
    num_gt_regions = 0
    shape = (len(anomaly_maps),) + anomaly_maps[0].shape
    fp_changes = np.zeros(shape, dtype=np.float64)
    pro_changes = np.zeros(shape, dtype=np.float64)
    for index, gt_map in enumerate(ground_truth_maps):
        labeled, n_components = label(gt_map, connectivity=2, return_num=True)
        num_gt_regions += n_components
        ok_mask = labeled == 0
        num_ok_pixels += np.sum(ok_mask)
        fp_changes[index, ok_mask] = 1
        for k in range(n_components):
            region_mask = labeled == (k + 1)
            pro_changes[index, region_mask] = 1.0 / np.sum(region_mask)
    scores = np.array(anomaly_maps).ravel()
    order = np.argsort(scores, kind="mergesort")[::-1]
    scores_sorted = scores[order]
    fprs = np.cumsum(fp_changes.ravel()[order]) / num_ok_pixels
    pros = np.cumsum(pro_changes.ravel()[order]) / num_gt_regions
    # Keep the last index of each run of equal scores: the point of that distinct threshold.
    keep = np.append(np.diff(scores_sorted) != 0, np.True_)
    fprs = np.clip(fprs[keep], None, 1.0)
    pros = np.clip(pros[keep], None, 1.0)
    return np.concatenate(([0.0], fprs, [1.0])), np.concatenate(([0.0], pros, [1.0])), num_gt_regions


def trapezoid(x, y, x_max):
    """The MVTec script's generic_util.trapezoid with x_max: area under the polyline up to x_max."""
    x = np.asarray(x)
    y = np.asarray(y)
    correction = 0.0
    if x_max not in x:
        ins = bisect(x, x_max)
        assert 0 < ins < len(x)
        y_interp = y[ins - 1] + ((y[ins] - y[ins - 1]) * (x_max - x[ins - 1]) / (x[ins] - x[ins - 1]))
        correction = 0.5 * (y_interp + y[ins - 1]) * (x_max - x[ins - 1])
    mask = x <= x_max
    x = x[mask]
    y = y[mask]
    return float(np.sum(0.5 * (y[1:] + y[:-1]) * (x[1:] - x[:-1])) + correction)


def aupro_or_none(anomaly_maps, ground_truth_maps):
    if not any(m.any() for m in ground_truth_maps) or all(m.all() for m in ground_truth_maps):
        return None  # no region or no normal pixel: PRO or FPR is 0/0
    fprs, pros, _ = compute_pro(anomaly_maps, ground_truth_maps)
    return trapezoid(fprs, pros, FPR_LIMIT) / FPR_LIMIT


# ---------------------------------------------------------------------------------------------------------------
# Image cases


def image_case(name, scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=bool)
    best, threshold = f1_max(labels, scores)
    return {
        "name": name,
        "scores": [float(s) for s in scores],
        "labels": [bool(v) for v in labels],
        "auroc": auroc_or_none(labels, scores),
        "ap": float(average_precision_score(labels, scores)),
        "f1_max": best,
        "f1_threshold": threshold,
    }


def image_cases(rng):
    cases = []
    for n in (5, 20, 100, 1000):
        labels = rng.random(n) < 0.4
        labels[0], labels[1] = True, False  # both classes present
        scores = rng.normal(size=n) + 1.2 * labels
        cases.append(image_case(f"random_n{n}", scores, labels))
    labels = rng.random(300) < 0.5
    cases.append(image_case("heavy_ties_n300", np.round(rng.random(300) + 0.3 * labels, 1), labels))
    cases.append(image_case("ties_with_signed_zero", [-0.0, 0.0, 0.0, 1.0, 1.0, -1.0, 0.0, 1.0],
                            [True, False, True, True, False, False, False, True]))
    cases.append(image_case("equal_f1_at_two_thresholds", [0.9, 0.8, 0.7, 0.6, 0.5, 0.4],
                            [True, False, False, True, False, False]))
    cases.append(image_case("constant_n10", [0.25] * 10, [i % 3 == 0 for i in range(10)]))
    cases.append(image_case("all_normal_n8", rng.random(8), [False] * 8))
    cases.append(image_case("all_anomalous_n8", rng.random(8), [True] * 8))
    cases.append(image_case("single_anomalous_sample", [0.5], [True]))
    labels = np.arange(30) >= 18
    cases.append(image_case("perfectly_separated_n30", np.arange(30) / 30.0, labels))
    cases.append(image_case("reversed_n30", -np.arange(30) / 30.0, labels))
    return cases


# ---------------------------------------------------------------------------------------------------------------
# Pixel cases

def float32_text(value):
    """The shortest decimal that reads back as this float32 (Java's Float.parseFloat gives the same float)."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def pixel_case(name, maps, masks, note):
    maps = [np.asarray(m, dtype=np.float32) for m in maps]
    masks = [np.asarray(m, dtype=bool) for m in masks]
    scores = np.concatenate([m.ravel() for m in maps])
    labels = np.concatenate([m.ravel() for m in masks])
    best, threshold = f1_max(labels, scores)
    return {
        "name": name,
        "note": note,
        "images": [{
            "width": int(m.shape[1]),
            "height": int(m.shape[0]),
            "scores": [float32_text(v) for v in m.ravel()],
            "mask": ["".join("1" if v else "0" for v in row) for row in k],
        } for m, k in zip(maps, masks)],
        "regions_8_connected": int(sum(label(k, connectivity=2).max() for k in masks)),
        "regions_4_connected": int(sum(label(k, connectivity=1).max() for k in masks)),
        "auroc": auroc_or_none(labels, scores),
        "f1_max": best,
        "f1_threshold": threshold,
        "aupro": aupro_or_none(maps, masks),
    }


def blob_masks(rng, height, width, blobs):
    """Masks of a few rectangles and discs, some touching only at corners."""
    mask = np.zeros((height, width), dtype=bool)
    yy, xx = np.mgrid[0:height, 0:width]
    for _ in range(blobs):
        cy, cx = rng.integers(2, height - 2), rng.integers(2, width - 2)
        r = rng.integers(1, 4)
        if rng.random() < 0.5:
            mask |= (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
        else:
            mask[cy - r:cy + r, cx - r:cx + r + 1] = True
    return mask


def diagonal_mask(height, width):
    """Regions whose pixels meet only at corners: 8-connectivity joins them, 4-connectivity does not."""
    mask = np.zeros((height, width), dtype=bool)
    for i in range(6):  # a diagonal staircase: one region, six 4-connected ones
        mask[2 + i, 3 + i] = True
    mask[4:7, 14:17] = True  # a square touching another only at one corner
    mask[7:9, 17:19] = True
    mask[12, 2] = True  # an isolated pixel, and a cross of corner-touching pixels
    mask[12, 10] = mask[13, 11] = mask[11, 11] = mask[13, 9] = mask[11, 9] = True
    return mask


def smooth_scores(rng, masks, separation, noise):
    return [(rng.normal(size=m.shape) * noise + separation * m + 0.1 * rng.random()).astype(np.float32)
            for m in masks]


def pixel_cases(rng):
    cases = []
    masks = [blob_masks(rng, 24, 32, b) for b in (3, 5, 2, 0)] + [diagonal_mask(24, 32)]
    cases.append(pixel_case("blobs_continuous", smooth_scores(rng, masks, 1.0, 0.6), masks,
                            "five 32x24 images, one without defect, several regions each"))
    masks = [diagonal_mask(16, 20), diagonal_mask(16, 20)[::-1], diagonal_mask(16, 20)[:, ::-1]]
    cases.append(pixel_case("diagonal_regions", smooth_scores(rng, masks, 0.8, 0.5), masks,
                            "regions joined only at corners: 8-connected counts differ from 4-connected"))
    masks = [blob_masks(rng, 20, 20, b) for b in (2, 4, 3)]
    maps = [np.round(m * 15) / 15 for m in smooth_scores(rng, masks, 0.5, 0.25)]
    cases.append(pixel_case("quantized_heavy_ties", maps, masks, "scores on a grid of 1/15 (33 levels): many ties"))
    masks = [blob_masks(rng, 40, 48, b) for b in (6, 8)]
    maps = smooth_scores(rng, masks, 0.4, 1.0)
    cases.append(pixel_case("weak_separation", maps, masks, "overlapping score distributions"))
    masks = [np.zeros((12, 16), dtype=bool)] * 2
    cases.append(pixel_case("all_normal_pixels", smooth_scores(rng, masks, 0.0, 1.0), masks,
                            "no defect anywhere: AUROC and AUPRO undefined"))
    masks = [np.ones((6, 7), dtype=bool)]
    cases.append(pixel_case("all_anomalous_pixels", smooth_scores(rng, masks, 0.0, 1.0), masks,
                            "one image entirely defective: AUROC and AUPRO undefined"))
    masks = [blob_masks(rng, 16, 16, 3)]
    cases.append(pixel_case("constant_scores", [np.full((16, 16), 0.5, dtype=np.float32)], masks,
                            "every pixel scores the same"))
    return cases


def main():
    assert sklearn.__version__ == "1.2.1" and skimage.__version__ == "0.19.3", (sklearn.__version__,
                                                                               skimage.__version__)
    rng = np.random.default_rng(20240607)
    os.makedirs(OUT_DIR, exist_ok=True)
    header = {"generator": "src/test/python/make_metric_fixtures.py",
              "sklearn": sklearn.__version__, "skimage": skimage.__version__, "numpy": np.__version__}
    for file_name, cases in (("image_cases.json", image_cases(rng)), ("pixel_cases.json", pixel_cases(rng))):
        with open(os.path.join(OUT_DIR, file_name), "w") as out:
            json.dump(dict(header, cases=cases), out, separators=(",", ":"))
            out.write("\n")


if __name__ == "__main__":
    main()
