"""numpy peer for L1-constrained logistic regression: Frank-Wolfe as copt runs it.

f(w) = mean(log(1 + exp(-y * Xw))) over the L1 ball of radius r, in float64 on the float32
data the TypeScript solvers see. Every iterate calls a generic f_grad(w) (X @ w and X.T @ r),
as copt's minimize_frank_wolfe does, from w = 0, with the same step rules as sparsekit:
  'sublinear'    gamma = 2 / (t + 2) (t = 0, 1, ...);
  'demyanov-rubinov' gamma = min(g / (L ||d||^2), 1) with the given L (sigma_max(X)^2 / (4n));
  'backtracking' Pedregosa et al. (AISTATS 2020): L <- max(min(g^2 / (2 (f_prev - f) ||d||^2), L), 0.9 L),
                 gamma = min(g / (L ||d||^2), 1), accept when f(w + gamma d) <= f - gamma g + gamma^2 L ||d||^2 / 2
                 (+1e-12 |f| for rounding), else L *= 2.
g = <-grad, d> is the Frank-Wolfe gap (the certificate). Iterations are reported about 5% apart;
the objective evaluations done only for reporting (demyanov-rubinov) are not timed.

Request: {"X": path, "y": path, "n": int, "p": int, "radius": float, "step": "sublinear" | "demyanov-rubinov" | "backtracking",
          "lipschitz": float, "max_iter": int, "tol": float, "time_limit_ms": float,
          "target": float (optional: stop at the first reported objective <= target)}
Answer: {"points": [{"iteration", "time_ms", "objective", "certificate"}], "library": "numpy 1.24.2"}
"""
import json
import math
import sys
import time

import numpy as np


def make_f_grad(X, y):
    n = X.shape[0]

    def f_grad(w, need_grad=True):
        z = y * (X @ w)
        f = float(np.mean(np.logaddexp(0.0, -z)))
        if not need_grad:
            return f, None
        # d/dz log(1 + exp(-z)) = -1 / (1 + exp(z)), written with tanh to stay finite.
        s = -0.5 * (1.0 - np.tanh(0.5 * z))
        return f, X.T @ (s * y) / n

    return f_grad


def lmo_l1(grad, radius):
    i = int(np.argmax(np.abs(grad)))
    s = np.zeros_like(grad)
    s[i] = -radius * math.copysign(1.0, grad[i]) if grad[i] != 0 else 0.0
    return s


def backtracking_step(f_grad, w, d, f, f_prev, gap, d2, L):
    # Without a previous decrease (first step, or no progress) the bound g^2 / (2 (f_prev - f) ||d||^2) is infinite.
    if f_prev is not None and f_prev > f:
        L = max(min(gap * gap / (2.0 * (f_prev - f) * d2), L), 0.9 * L)
    elif f_prev is not None and f_prev < f:
        L = 0.9 * L
    for _ in range(100):
        gamma = min(gap / (L * d2), 1.0)
        w_next = w + gamma * d
        f_next, g_next = f_grad(w_next)
        if f_next <= f - gamma * gap + 0.5 * gamma * gamma * L * d2 + 1e-12 * abs(f):
            return w_next, f_next, g_next, L
        L *= 2.0
    return w, f, None, L


def main():
    request = json.load(sys.stdin)
    n, p, radius = int(request["n"]), int(request["p"]), float(request["radius"])
    X = np.fromfile(request["X"], dtype=np.float32).reshape(n, p).astype(np.float64)
    y = np.fromfile(request["y"], dtype=np.float64)
    f_grad = make_f_grad(X, y)
    step, L = request.get("step", "demyanov-rubinov"), float(request["lipschitz"])
    max_iter, tol = int(request.get("max_iter", 1000)), float(request.get("tol", 0.0))
    limit_s = float(request.get("time_limit_ms", 60000)) / 1000.0
    target = float(request.get("target", -math.inf))
    w = np.zeros(p)
    f_grad(w)  # untimed warm-up: first-call costs (allocations, BLAS threads) are not FW's
    points, spent, next_report, f_prev = [], 0.0, 1, None
    t0 = time.perf_counter()
    f, grad = f_grad(w)
    for it in range(1, max_iter + 1):
        d = lmo_l1(grad, radius) - w
        gap, d2 = float(-grad @ d), float(d @ d)
        if gap <= tol or d2 == 0.0:
            break
        if step in ("demyanov-rubinov", "sublinear"):
            gamma = min(gap / (L * d2), 1.0) if step == "demyanov-rubinov" else 2.0 / (it + 1)
            w = w + gamma * d
            f, grad = None, f_grad(w)[1]
        else:
            w, f_new, g_new, L = backtracking_step(f_grad, w, d, f, f_prev, gap, d2, L)
            if g_new is None:
                break
            f_prev, f, grad = f, f_new, g_new
        if it >= next_report or it == max_iter:
            spent += time.perf_counter() - t0
            objective = f if f is not None else f_grad(w, need_grad=False)[0]
            points.append({"iteration": it, "time_ms": spent * 1000.0, "objective": objective, "certificate": gap})
            next_report = max(it + 1, math.ceil(it * 1.05))
            if spent > limit_s or objective <= target:
                break
            t0 = time.perf_counter()
    json.dump({"points": points, "library": "numpy " + np.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
