"""numpy baseline for the tensor suite: float32 matmul and elementwise kernels.

Reads one JSON request on stdin, prints one JSON answer on stdout:
  {"op": "matmul", "n": 512, "kind": "real" | "complex", "samples": 5, "warmup": 1}  (complex: complex64)
  {"op": "add" | "relu" | "exp" | "sum", "size": 1000000, "samples": 5, "warmup": 1}
-> {"samples_ms": [...], "check": float, "library": "numpy 1.24.2"}
"""
import json
import sys

import numpy as np

from peer_timing import answer, time_samples


def make_call(request, rng):
    op = request["op"]
    if op == "matmul":
        n = int(request["n"])
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        if request.get("kind") == "complex":
            a = a + 1j * rng.standard_normal((n, n), dtype=np.float32)
            b = b + 1j * rng.standard_normal((n, n), dtype=np.float32)
            return lambda: float(abs((a @ b)[0, 0]))
        return lambda: float((a @ b)[0, 0])
    size = int(request["size"])
    x = rng.standard_normal(size, dtype=np.float32)
    y = rng.standard_normal(size, dtype=np.float32)
    calls = {
        "add": lambda: float((x + y)[0]),
        "relu": lambda: float(np.maximum(x, 0)[0]),
        "exp": lambda: float(np.exp(x)[0]),
        "sum": lambda: float(x.sum()),
    }
    if op not in calls:
        raise ValueError("unknown op " + repr(op))
    return calls[op]


def main():
    request = json.load(sys.stdin)
    rng = np.random.default_rng(int(request.get("seed", 0)))
    call = make_call(request, rng)
    samples, check = time_samples(call, request)
    answer(samples, check, "numpy " + np.__version__)


if __name__ == "__main__":
    main()
