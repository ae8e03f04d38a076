"""scikit-learn baseline for the path benchmark: sklearn.linear_model.lasso_path with
n_alphas values from alpha_max down to eps * alpha_max (warm starts inside sklearn).

Request: {"X": path, "y": path, "n": int, "p": int, "n_alphas": 100, "eps": 1e-2,
          "samples": 3, "warmup": 1, "tol": 1e-4}
Answer: {"samples_ms": [...], "check": number of nonzeros at the last alpha, "library": "..."}
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import lasso_path

from peer_timing import answer, time_samples


def main():
    request = json.load(sys.stdin)
    n, p = int(request["n"]), int(request["p"])
    X = np.fromfile(request["X"], dtype=np.float32).reshape(n, p).astype(np.float64)
    y = np.fromfile(request["y"], dtype=np.float64)
    warnings.simplefilter("ignore", ConvergenceWarning)

    def run():
        _, coefs, _ = lasso_path(X, y, n_alphas=int(request.get("n_alphas", 100)), eps=float(request.get("eps", 1e-2)),
                                 tol=float(request.get("tol", 1e-4)))
        return float(np.count_nonzero(coefs[:, -1]))

    samples, check = time_samples(run, request, samples=3)
    answer(samples, check, "scikit-learn " + sklearn.__version__)


if __name__ == "__main__":
    main()
