"""numpy baseline for the constraints suite: batched Euclidean projection onto L1 balls.

Vectorized sort-based projection (Duchi et al. 2008), float32, one np.sort per call.
Request on stdin: {"batch": 256, "n": 10000, "radius": 10.0, "samples": 5, "warmup": 1, "seed": 0}
Answer on stdout: {"samples_ms": [...], "check": sum of |projection|, "library": "numpy 1.x"}
"""
import json
import sys

import numpy as np

from peer_timing import answer, time_samples


def project_l1(x, radius):
    a = np.abs(x)
    inside = a.sum(axis=1, keepdims=True) <= radius
    mu = -np.sort(-a, axis=1)
    cumsum = np.cumsum(mu, axis=1)
    k = np.arange(1, x.shape[1] + 1, dtype=x.dtype)[None, :]
    active = mu * k > cumsum - radius
    rho = (active * k).max(axis=1, keepdims=True)
    theta = (np.take_along_axis(cumsum, rho.astype(np.int64) - 1, axis=1) - radius) / rho
    projected = np.sign(x) * np.maximum(a - theta, 0)
    return np.where(inside, x, projected)


def main():
    request = json.load(sys.stdin)
    rng = np.random.default_rng(int(request.get("seed", 0)))
    x = rng.standard_normal((int(request["batch"]), int(request["n"])), dtype=np.float32)
    radius = np.float32(request["radius"])
    samples, result = time_samples(lambda: project_l1(x, radius), request)
    answer(samples, float(np.abs(result).sum()), "numpy " + np.__version__)


if __name__ == "__main__":
    main()
