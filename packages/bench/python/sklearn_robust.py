"""Peer baselines for the robust-stats suite, on the exact data the TypeScript side generated.

Request on stdin (binary files are float64 little-endian, row-major; index files int32):
  {"op": "huber" | "ransac", "X": path, "y": path, "n": int, "p": int, "outliers": path, "samples": int, "seed": int}
      scikit-learn HuberRegressor() / RANSACRegressor(random_state=seed + sample) with their defaults;
      check = outlier AUC of |y - X w - b| against the planted outliers.
  {"op": "hodge-lsqr", "i": path, "j": path, "y": path, "items": int, "m": int, "samples": int}
      HodgeRank by scipy.sparse.linalg.lsqr on the edge-incidence matrix (atol = btol = 1e-10),
      scores centred to sum 0; check = squared residual norm / m.
  {"op": "rpca", "M": path, "rows": int, "cols": int, "truth": path, "samples": int}
      principal component pursuit by the inexact ALM of Lin, Chen & Ma (lambda = 1/sqrt(max dim),
      mu0 = 1.25/||M||_2, rho = 1.5, tol = 1e-7), numpy float64; check = ||L - L0||_F / ||L0||_F.
-> {"samples_ms": [...], "check": float, "library": "..."}
"""
import json
import sys
import warnings

import numpy as np

from peer_timing import answer, time_samples


def auc(score, positives):
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    s = score[order]
    # average ranks for ties
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = np.zeros(len(score), dtype=bool)
    pos[positives] = True
    P, N = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - P * (P + 1) / 2) / (P * N))


def regression(req):
    import sklearn
    from sklearn.linear_model import HuberRegressor, RANSACRegressor
    n, p = int(req["n"]), int(req["p"])
    X = np.fromfile(req["X"], dtype=np.float64).reshape(n, p)
    y = np.fromfile(req["y"], dtype=np.float64)
    outliers = np.fromfile(req["outliers"], dtype=np.int32)
    warnings.simplefilter("ignore")
    # One fresh model per sample, built before the clock starts; RANSAC sample k uses seed + k.
    seed = int(req.get("seed", 0))
    make = (lambda k: HuberRegressor()) if req["op"] == "huber" else (lambda k: RANSACRegressor(random_state=seed + k))
    models = iter([make(k) for k in range(int(req["samples"]))])
    times, model = time_samples(lambda: next(models).fit(X, y), req, warmup=0)
    score = np.abs(y - model.predict(X))
    return times, auc(score, outliers), "scikit-learn " + sklearn.__version__, score


def hodge(req):
    import scipy
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import lsqr
    m, items = int(req["m"]), int(req["items"])
    i = np.fromfile(req["i"], dtype=np.int32)
    j = np.fromfile(req["j"], dtype=np.int32)
    y = np.fromfile(req["y"], dtype=np.float64)

    def solve():
        rows = np.repeat(np.arange(m), 2)
        cols = np.stack([i, j], axis=1).ravel()
        vals = np.tile([1.0, -1.0], m)
        D = csr_matrix((vals, (rows, cols)), shape=(m, items))
        s = lsqr(D, y, atol=1e-10, btol=1e-10, iter_lim=10 * items)[0]
        return D, s - s.mean()

    times, (D, s) = time_samples(solve, req, warmup=0)
    r = y - D @ s
    return times, float(r @ r / m), "scipy " + scipy.__version__, None


def svt(X, tau):
    u, s, vt = np.linalg.svd(X, full_matrices=False)
    k = int((s > tau).sum())
    return (u[:, :k] * (s[:k] - tau)) @ vt[:k]


def inexact_alm(M, tol=1e-7, rho=1.5, max_iter=1000):
    lam = 1 / np.sqrt(max(M.shape))
    norm2 = np.linalg.norm(M, 2)
    normF = np.linalg.norm(M)
    Y = M / max(norm2, np.abs(M).max() / lam)
    mu = 1.25 / norm2
    mu_max = mu * 1e7
    S = np.zeros_like(M)
    L = np.zeros_like(M)
    for _ in range(max_iter):
        L = svt(M - S + Y / mu, 1 / mu)
        V = M - L + Y / mu
        S = np.sign(V) * np.maximum(np.abs(V) - lam / mu, 0)
        Z = M - L - S
        Y = Y + mu * Z
        mu = min(mu * rho, mu_max)
        if np.linalg.norm(Z) / normF <= tol:
            break
    return L, S


def rpca(req):
    r, c = int(req["rows"]), int(req["cols"])
    M = np.fromfile(req["M"], dtype=np.float64).reshape(r, c)
    L0 = np.fromfile(req["truth"], dtype=np.float64).reshape(r, c)
    times, (L, _) = time_samples(lambda: inexact_alm(M), req, warmup=0)
    return times, float(np.linalg.norm(L - L0) / np.linalg.norm(L0)), "numpy " + np.__version__, None


def main():
    req = json.load(sys.stdin)
    op = req["op"]
    answer(*(regression(req) if op in ("huber", "ransac") else hodge(req) if op == "hodge-lsqr" else rpca(req)))


if __name__ == "__main__":
    main()
