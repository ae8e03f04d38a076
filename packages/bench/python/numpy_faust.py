"""numpy baselines for the factorization suite.

Reads one JSON request on stdin, prints one JSON answer on stdout:
  {"op": "dense-apply" | "fast-apply", "N": 1024, "kind": "dft" | "wht", "batch": 128, "samples": 5}
      dense: the N×N matrix (complex64 / float32) times an N×batch block;
      fast: numpy.fft.fft along axis 0 (dft) or an in-place radix-2 Walsh–Hadamard butterfly (wht).
  {"op": "butterfly", "N": 1024, "kind": "dft" | "wht", "samples": 1}
      a float64 numpy butterfly factorization (balanced tree, rank-one SVD per block, known
      bit-reversal for the DFT); check = relative error of the product.
-> {"samples_ms": [...], "check": float, "library": "numpy 1.24.2"}
"""
import json
import sys

import numpy as np

from peer_timing import answer, time_samples


def bitrev(n):
    bits = n.bit_length() - 1
    return np.array([int(format(i, "0%db" % bits)[::-1], 2) for i in range(n)])


def hadamard(n):
    h = np.ones((1, 1))
    while h.shape[0] < n:
        h = np.block([[h, h], [h, -h]])
    return h


def target(kind, n, dtype):
    if kind == "dft":
        return np.fft.fft(np.eye(n)).astype(dtype)
    return hadamard(n).astype(dtype)


def fwht(x):
    n = x.shape[0]
    h = 1
    y = x.copy()
    while h < n:
        y = y.reshape(n // (2 * h), 2, h, -1)
        a, b = y[:, 0], y[:, 1]
        y = np.stack([a + b, a - b], axis=1).reshape(n, -1)
        h *= 2
    return y


def split(m, n, a, mid, b):
    """X·Y with supports of levels [a, mid) and [mid, b): one rank-one fit per inner index."""
    size = m.shape[0]
    x = np.zeros_like(m)
    y = np.zeros_like(m)
    for t in range(size):
        blk, stride = 2 ** (n - a), 2 ** (n - mid)
        rows = (t // blk) * blk + t % stride + stride * np.arange(2 ** (mid - a))
        blk2, stride2 = 2 ** (n - mid), 2 ** (n - b)
        cols = (t // blk2) * blk2 + t % stride2 + stride2 * np.arange(2 ** (b - mid))
        u, s, vh = np.linalg.svd(m[np.ix_(rows, cols)])
        x[rows, t] = np.sqrt(s[0]) * u[:, 0]
        y[t, cols] = np.sqrt(s[0]) * vh[0]
    return x, y


def levels(m, n, a, b):
    if b - a == 1:
        return [m]
    mid = (a + b) // 2
    x, y = split(m, n, a, mid, b)
    return levels(x, n, a, mid) + levels(y, n, mid, b)


def butterfly(kind, size):
    a = target(kind, size, np.complex128 if kind == "dft" else np.float64)
    n = size.bit_length() - 1
    perm = bitrev(size) if kind == "dft" else np.arange(size)
    factors = levels(a[:, perm], n, 0, n)
    prod = factors[0]
    for f in factors[1:]:
        prod = prod @ f
    return float(np.linalg.norm(prod - a[:, perm]) / np.linalg.norm(a))


def make_call(request, rng):
    op, kind, size = request["op"], request["kind"], int(request["N"])
    if op == "butterfly":
        return lambda: butterfly(kind, size)
    batch = int(request["batch"])
    x = rng.standard_normal((size, batch)).astype(np.float32)
    if op == "dense-apply":
        m = target(kind, size, np.complex64 if kind == "dft" else np.float32)
        return lambda: float(np.abs(m @ x).sum())
    if op == "fast-apply":
        if kind == "dft":
            return lambda: float(np.abs(np.fft.fft(x, axis=0)).sum())
        return lambda: float(np.abs(fwht(x)).sum())
    raise ValueError("unknown op " + repr(op))


def main():
    request = json.load(sys.stdin)
    rng = np.random.default_rng(int(request.get("seed", 0)))
    call = make_call(request, rng)
    samples, check = time_samples(call, request, warmup=0 if request["op"] == "butterfly" else 1)
    answer(samples, check, "numpy " + np.__version__)


if __name__ == "__main__":
    main()
