"""scikit-learn baseline of the Lasso benchmark (lasso-bench.ts next to it runs it in the same run).

Reads X (row-major float64, n*p), y (float64) from the files given as arguments, fits
sklearn.linear_model.Lasso (coordinate descent, objective ||y - Xw||^2/(2n) + alpha*||w||_1,
no intercept) for each tol, and prints one JSON line per tol: median fit time of `reps` runs
(X converted to Fortran order once, outside the timing, as sklearn wants it) and the weights.
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import Lasso

x_path, y_path, n, p, alpha, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
tols = [float(t) for t in sys.argv[7].split(',')]
X = np.asfortranarray(np.fromfile(x_path, dtype=np.float64).reshape(n, p))
y = np.fromfile(y_path, dtype=np.float64)
# one untimed fit first: imports and first-touch costs are not part of the solver's time
Lasso(alpha=alpha, fit_intercept=False, tol=1e-2).fit(X, y)
for tol in tols:
    times = []
    for _ in range(reps):
        model = Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=100000, selection='cyclic')
        t0 = time.perf_counter()
        model.fit(X, y)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(json.dumps({'tol': tol, 'median_ms': times[len(times) // 2], 'min_ms': times[0], 'n_iter': int(model.n_iter_), 'w': model.coef_.tolist()}))
