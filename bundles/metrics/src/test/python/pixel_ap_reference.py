"""Pixel AP of the pixel fixtures, with scikit-learn's average_precision_score semantics, in plain numpy.

scikit-learn is not available where this was run, so its definition is implemented here independently of the Java
code: _binary_clf_curve (one operating point per distinct score, highest first), precision_recall_curve, then
AP = -sum(diff(recall) * precision[:-1]) (sklearn 1.2, no interpolation). The implementation is first checked against
the sklearn 1.2.1 values of image_cases.json (written by make_metric_fixtures.py with sklearn itself); then the
pixels of every image of a pixel case are pooled, as sklearn would be called on the flattened maps and masks.

    python3 src/test/python/pixel_ap_reference.py > src/test/resources/metrics/pixel_ap.json
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources", "metrics")


def average_precision(labels, scores):
    labels = np.asarray(labels, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(scores, kind="mergesort")[::-1]
    scores = scores[order]
    labels = labels[order]
    distinct = np.where(np.diff(scores))[0]
    threshold_idxs = np.r_[distinct, labels.size - 1]
    tps = np.cumsum(labels)[threshold_idxs].astype(np.float64)
    fps = 1 + threshold_idxs - tps
    predicted = tps + fps
    precision = np.divide(tps, predicted, out=np.zeros_like(tps), where=predicted != 0)
    if tps[-1] == 0:
        recall = np.ones_like(tps)
    else:
        recall = tps / tps[-1]
    # sklearn reverses so that recall decreases, then appends (recall 0, precision 1).
    precision = np.r_[precision[::-1], 1]
    recall = np.r_[recall[::-1], 0]
    return float(-np.sum(np.diff(recall) * np.array(precision)[:-1]))


def main():
    with open(os.path.join(RESOURCES, "image_cases.json")) as f:
        image_cases = json.load(f)["cases"]
    for case in image_cases:
        mine = average_precision(case["labels"], case["scores"])
        if abs(mine - case["ap"]) > 1e-12:
            sys.exit("numpy AP %r differs from sklearn's %r on image case %s" % (mine, case["ap"], case["name"]))

    with open(os.path.join(RESOURCES, "pixel_cases.json")) as f:
        pixel_cases = json.load(f)["cases"]
    out = {"generator": "src/test/python/pixel_ap_reference.py",
           "checked_against": "the sklearn 1.2.1 image AP values of image_cases.json (%d cases, within 1e-12)"
                              % len(image_cases),
           "numpy": np.__version__, "cases": []}
    for case in pixel_cases:
        scores = []
        labels = []
        for image in case["images"]:
            scores.extend(np.float32(float(s)) for s in image["scores"])
            for row in image["mask"]:
                labels.extend(c == "1" for c in row)
        out["cases"].append({"name": case["name"], "pixel_ap": average_precision(labels, scores)})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
