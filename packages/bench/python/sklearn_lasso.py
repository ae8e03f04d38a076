"""scikit-learn baseline for the Lasso benchmark: coordinate descent with growing budgets.

Each budget is a cold fit of sklearn.linear_model.Lasso(alpha=lambda, fit_intercept=False,
max_iter=budget, tol=tol), timed on its own, so the curve's times are honest.
Request on stdin: {"X": path, "y": path, "n": int, "p": int, "lambda": float,
                   "budgets": [1, 2, 4, ...], "tol": 1e-10, "time_limit_ms": 60000, "target": f (optional)}
X is row-major float32, y float64 (the exact data the TypeScript solvers see).
Answer: {"points": [{"time_ms", "iterations", "objective"}], "library": "scikit-learn 1.2.1"}
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso


def objective(X, y, w, lam):
    r = y - X @ w
    return float(r @ r / (2 * X.shape[0]) + lam * np.abs(w).sum())


def main():
    request = json.load(sys.stdin)
    n, p, lam = int(request["n"]), int(request["p"]), float(request["lambda"])
    X = np.fromfile(request["X"], dtype=np.float32).reshape(n, p).astype(np.float64)
    y = np.fromfile(request["y"], dtype=np.float64)
    limit_s = float(request.get("time_limit_ms", 60000)) / 1000.0
    target = float(request.get("target", float("-inf")))
    warnings.simplefilter("ignore", ConvergenceWarning)
    # One untimed fit first: the first call pays one-off costs (lazy imports, allocations)
    # that would otherwise be charged to the smallest budget.
    Lasso(alpha=lam, fit_intercept=False, max_iter=1).fit(X, y)
    points, spent = [], 0.0
    for budget in request["budgets"]:
        model = Lasso(alpha=lam, fit_intercept=False, max_iter=int(budget), tol=float(request.get("tol", 1e-10)))
        t0 = time.perf_counter()
        model.fit(X, y)
        elapsed = time.perf_counter() - t0
        spent += elapsed
        points.append({"time_ms": elapsed * 1000.0, "iterations": int(model.n_iter_), "objective": objective(X, y, model.coef_, lam)})
        # Converged by its own criterion (a larger budget would repeat this fit), at the bench's
        # target (it would stop us there) or out of time.
        if model.n_iter_ < budget or spent > limit_s or points[-1]["objective"] <= target:
            break
    json.dump({"points": points, "library": "scikit-learn " + sklearn.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
