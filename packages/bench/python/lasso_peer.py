"""Lasso baselines of the solvers benchmark (scikit-learn, skglm, celer) with growing budgets.

Each budget is a cold fit of the library's Lasso(alpha=lambda, fit_intercept=False,
max_iter=budget, tol=tol), timed on its own, so the curve's times are honest. max_iter counts
CD epochs for scikit-learn and outer (working-set) iterations for skglm and celer, which take
only a handful of those: for them a request may give "tols" instead, one cold fit per
stopping tolerance (each library's own criterion), largest first, which samples their
convergence more finely.
Request on stdin: {"library": "sklearn" | "skglm" | "celer", "dtype": "float32" | "float64",
                   "X": path, "y": path, "n": int, "p": int, "lambda": float,
                   "budgets": [1, 2, 4, ...], "tol": 1e-10, "time_limit_ms": 60000, "target": f (optional)}
X is row-major float32, y float64 (the exact data the TypeScript solvers see); "float32" gives
the peer X and y in float32 (what sparsekit computes on), "float64" upcasts them.
Answer: {"points": [{"time_ms", "iterations", "objective"}], "library": "scikit-learn 1.2.1"}
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning


def estimator(library):
    """The library's Lasso class and its version string."""
    if library == "skglm":
        import skglm
        return skglm.Lasso, "skglm " + skglm.__version__
    if library == "celer":
        import celer
        return celer.Lasso, "celer " + celer.__version__
    import sklearn
    from sklearn.linear_model import Lasso
    return Lasso, "scikit-learn " + sklearn.__version__


def objective(X, y, w, lam):
    r = y - X @ w
    return float(r @ r / (2 * X.shape[0]) + lam * np.abs(w).sum())


def main():
    request = json.load(sys.stdin)
    n, p, lam = int(request["n"]), int(request["p"]), float(request["lambda"])
    dtype = np.float32 if request.get("dtype", "float64") == "float32" else np.float64
    X32 = np.fromfile(request["X"], dtype=np.float32).reshape(n, p)
    y64 = np.fromfile(request["y"], dtype=np.float64)
    X, y = X32.astype(dtype), y64.astype(dtype)
    # Fortran order: all three libraries run CD over columns (scikit-learn copies C-ordered X).
    X = np.asfortranarray(X)
    Lasso, library = estimator(request.get("library", "sklearn"))
    X64 = X32.astype(np.float64)
    limit_s = float(request.get("time_limit_ms", 60000)) / 1000.0
    target = float(request.get("target", float("-inf")))
    warnings.simplefilter("ignore", ConvergenceWarning)
    # One untimed fit first: the first call pays one-off costs (lazy imports, allocations,
    # numba compilation for skglm) that would otherwise be charged to the smallest budget.
    Lasso(alpha=lam, fit_intercept=False, max_iter=1).fit(X, y)
    points, spent = [], 0.0
    tol = float(request.get("tol", 1e-10))
    fits = [(int(b), tol) for b in request.get("budgets", [])] + [(10_000, float(t)) for t in request.get("tols", [])]
    for budget, fit_tol in fits:
        model = Lasso(alpha=lam, fit_intercept=False, max_iter=budget, tol=fit_tol)
        t0 = time.perf_counter()
        model.fit(X, y)
        elapsed = time.perf_counter() - t0
        spent += elapsed
        coef = np.asarray(model.coef_, dtype=np.float64)
        points.append({"time_ms": elapsed * 1000.0, "iterations": int(model.n_iter_), "objective": objective(X64, y64, coef, lam)})
        # Converged by its own criterion (a larger budget would repeat this fit), at the bench's
        # target (it would stop us there) or out of time.
        converged = fit_tol == tol and model.n_iter_ < budget
        if converged or spent > limit_s or points[-1]["objective"] <= target:
            break
    json.dump({"points": points, "library": library}, sys.stdout)


if __name__ == "__main__":
    main()
