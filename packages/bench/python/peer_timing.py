"""The timing loop every Python peer shares, and its answer on stdout.

A peer script reads one JSON request, builds a zero-argument `call` that does the measured work
once, and lets `time_samples` run it: `warmup` untimed calls, then `samples` timed ones
(time.perf_counter, milliseconds). The request's own "samples" and "warmup" fields override the
script's defaults. `answer` prints the reply the TypeScript side parses.
"""
import json
import sys
import time


def time_samples(call, request, samples=5, warmup=1):
    """Returns (milliseconds of each timed call, what the last call returned)."""
    result = None
    for _ in range(int(request.get("warmup", warmup))):
        result = call()
    times = []
    for _ in range(int(request.get("samples", samples))):
        t0 = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times, result


def answer(samples_ms, check, library, scores=None):
    """Prints {"samples_ms", "check", "library"} on stdout, and "scores" (per-sample scores of the last call) when given."""
    out = {"samples_ms": samples_ms, "check": check, "library": library}
    if scores is not None:
        out["scores"] = [float(v) for v in scores]
    json.dump(out, sys.stdout)
