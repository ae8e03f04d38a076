"""Condat's exact L1-ball projection in C (peer of the constraints suite), built from source into
the peers directory by scripts/build-peers.sh (lib/libcondat-l1.so), called through ctypes on
all rows at once (the row loop is in C). Condat's code works in float64: the float32 Gaussian
rows are converted once, outside the timed calls.

Request: {"batch": 256, "n": 10000, "radius": 10.0, "samples": 5, "warmup": 1, "seed": 0}
Answer: {"samples_ms": [...], "check": sum of |projection|, "library": "condat (C)"}
"""
import ctypes
import json
import os
import sys
import time

import numpy as np


def main():
    request = json.load(sys.stdin)
    lib_path = os.path.join(os.environ.get("SPARSEKIT_PEERS_DIR", ""), "lib", "libcondat-l1.so")
    lib = ctypes.CDLL(lib_path)
    double_p = ctypes.POINTER(ctypes.c_double)
    lib.l1ball_rows.argtypes = [double_p, double_p, double_p, ctypes.c_int, ctypes.c_int, ctypes.c_double]
    batch, n, radius = int(request["batch"]), int(request["n"]), float(request["radius"])
    rng = np.random.default_rng(int(request.get("seed", 0)))
    y = rng.standard_normal((batch, n), dtype=np.float32).astype(np.float64)
    x = np.empty_like(y)
    work = np.empty(n)
    args = [a.ctypes.data_as(double_p) for a in (y, x, work)] + [batch, n, radius]
    for _ in range(int(request.get("warmup", 1))):
        lib.l1ball_rows(*args)
    samples = []
    for _ in range(int(request.get("samples", 5))):
        t0 = time.perf_counter()
        lib.l1ball_rows(*args)
        samples.append((time.perf_counter() - t0) * 1000.0)
    json.dump({"samples_ms": samples, "check": float(np.abs(x).sum()), "library": "condat (C, -O3)"}, sys.stdout)


if __name__ == "__main__":
    main()
