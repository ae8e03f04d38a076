"""numpy peer for the cost of one Frank-Wolfe iteration on a small least-squares problem, as copt
runs it: every iteration calls a generic f_grad(w) (f = ||Xw - y||^2 / (2n), X @ w and X.T @ r),
the L1-ball LMO (argmax |grad|), the gap <grad, w - s> and the 2 / (t + 2) step, in float64 on
the float32 data sparsekit sees, from w = 0.

With "residual": true it keeps r = Xw - y instead (r <- (1 - g) r + g (s_i X[:, i] - y), one column
per iteration), the way sparsekit runs a declared least-squares loss over the L1 ball.

Request on stdin: {"X": [[...]], "y": [...], "radius": 5, "iterations": 200, "samples": 5, "warmup": 1, "residual": false}
Answer on stdout: {"samples_ms": [time of one run of `iterations` iterations, ...], "check": final gap, "library": "numpy x"}
"""
import json
import math
import sys
import time

import numpy as np


def run(X, y, radius, iterations):
    n = X.shape[0]
    w = np.zeros(X.shape[1])
    gap = math.nan
    for t in range(iterations):
        r = X @ w - y
        _f = 0.5 * float(r @ r) / n
        grad = X.T @ r / n
        i = int(np.argmax(np.abs(grad)))
        s = np.zeros_like(w)
        s[i] = -radius if grad[i] >= 0 else radius
        d = s - w
        gap = -float(grad @ d)
        w = w + (2.0 / (t + 2.0)) * d
    return gap


def run_residual(X, y, radius, iterations):
    n = X.shape[0]
    w = np.zeros(X.shape[1])
    r = -y.copy()
    Xt = np.ascontiguousarray(X.T)
    gap = math.nan
    for t in range(iterations):
        _f = 0.5 * float(r @ r) / n
        grad = X.T @ r / n
        i = int(np.argmax(np.abs(grad)))
        si = -radius if grad[i] >= 0 else radius
        gap = float(grad @ w) - si * grad[i]
        gamma = 2.0 / (t + 2.0)
        w *= 1.0 - gamma
        w[i] += gamma * si
        r = (1.0 - gamma) * r + gamma * (si * Xt[i] - y)
    return gap


def main():
    request = json.load(sys.stdin)
    X = np.asarray(request["X"], dtype=np.float32).astype(np.float64)
    y = np.asarray(request["y"], dtype=np.float32).astype(np.float64)
    radius, iterations = float(request["radius"]), int(request["iterations"])
    solve = run_residual if request.get("residual", False) else run
    check = 0.0
    for _ in range(int(request.get("warmup", 1))):
        check = solve(X, y, radius, iterations)
    samples = []
    for _ in range(int(request.get("samples", 5))):
        t0 = time.perf_counter()
        check = solve(X, y, radius, iterations)
        samples.append((time.perf_counter() - t0) * 1000.0)
    json.dump({"samples_ms": samples, "check": check, "library": "numpy " + np.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
