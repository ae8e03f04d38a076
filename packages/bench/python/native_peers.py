"""Peers of the native suite: numpy (OpenBLAS) matmul and torch conv training steps, at a given
thread count (numpy's BLAS reads OPENBLAS_NUM_THREADS at import, so it is set before importing).

Request on stdin (one JSON object):
  {"op": "matmul", "n": 1024, "threads": 1, "samples": 5, "warmup": 1, "seed": 0}
  {"op": "small-matmul", "n": 32, "calls": 200, "threads": 1, "samples": 5}   (ms per call)
  {"op": "conv-step", "batch": 128, "height": 14, "width": 14, "in": 20, "out": 50, "kernel": 5, "threads": 1, "samples": 3}
Answer on stdout: {"samples_ms": [...], "check": float, "library": "..."}
"""
import json
import os
import sys

from peer_timing import answer, time_samples


def numpy_call(request):
    import numpy as np
    rng = np.random.default_rng(int(request.get("seed", 0)))
    n = int(request["n"])
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    if request["op"] == "matmul":
        return (lambda: float((a @ b)[0, 0])), 1, "numpy " + np.__version__
    calls = int(request["calls"])

    def many():
        c = None
        for _ in range(calls):
            c = a @ b
        return float(c[0, 0])
    return many, calls, "numpy " + np.__version__


def torch_conv_step(request):
    import torch
    torch.set_num_threads(int(request["threads"]))
    g = torch.Generator().manual_seed(int(request.get("seed", 0)))
    k = int(request["kernel"])
    x = torch.randn(int(request["batch"]), int(request["in"]), int(request["height"]), int(request["width"]), generator=g, requires_grad=True)
    w = torch.randn(int(request["out"]), int(request["in"]), k, k, generator=g, requires_grad=True)

    def step():
        x.grad = None
        w.grad = None
        y = torch.nn.functional.conv2d(x, w)
        y.sum().backward()
        return float(w.grad[0, 0, 0, 0])
    return step, 1, "torch " + torch.__version__


def main():
    request = json.load(sys.stdin)
    threads = str(int(request["threads"]))
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = threads
    make = torch_conv_step if request["op"] == "conv-step" else numpy_call
    call, per, library = make(request)
    samples, check = time_samples(call, request)
    answer([s / per for s in samples], check, library)


if __name__ == "__main__":
    main()
