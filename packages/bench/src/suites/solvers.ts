/**
 * Solvers suite: the Lasso benchmark (working sets, proximal gradient, scikit-learn) and
 * L1-constrained logistic regression on MNIST (Frank-Wolfe step rules, stochastic FW variants,
 * working sets) and 100-point regularization paths (LBI, warm-started FISTA, scikit-learn).
 */
import { definePlugin } from '../define-plugin.js';
import type { BenchPlugin, SuiteSize } from '../types.js';
import { lassoProblem, lassoSolvers } from './solvers/lasso.js';
import { disposeLassoData, lassoData, type LassoData } from './solvers/lasso-data.js';
import { digitsDataset, logisticProblem, logisticSolvers } from './solvers/logistic.js';
import { pathProblem, pathSolvers } from './solvers/path.js';

/**
 * The solvers suite. `quick`: Lasso on Gaussian 1,000×5,000 and 100×500 designs at λ = 0.1·λmax and 2,000
 * digits with Frank-Wolfe capped at 300 iterations (stochastic variants: 10 epochs); `full`:
 * Lasso also on a Toeplitz (ρ = 0.9) 1,000×5,000 design and at 0.01·λmax, and all 10,000 digits with 5,000 iterations (50 epochs). Paths:
 * 100×500 (quick); 200×1,000 and 1,000×5,000 (full).
 *
 * @example
 * ```ts
 * import solversSuite from '@sparsekit/bench/suites/solvers';
 * solversSuite({ size: 'quick' }).problems.map((p) => p.name); // => ['lasso', 'l1-logistic', 'lasso-path']
 * ```
 */
export default function solversSuite({ size }: { size: SuiteSize }): BenchPlugin {
  const full = size === 'full';
  return definePlugin({
    name: 'solvers',
    datasets: [
      {
        name: 'lasso-design',
        // Gaussian 1000×5000 (50-sparse truth), Gaussian 100×500 (5-sparse); full adds the
        // Toeplitz-correlated (ρ = 0.9) 1000×5000 design
        params: {
          design: full ? ['gaussian-1000x5000', 'gaussian-100x500', 'toeplitz-1000x5000'] : ['gaussian-1000x5000', 'gaussian-100x500'],
        },
        load: (p, ctx) => {
          const [kind, shape] = String(p.design).split('-');
          const [n, dim] = shape.split('x').map(Number);
          return lassoData(ctx.seed + 2024, n, dim, Math.max(5, Math.round(dim / 100)), kind === 'toeplitz' ? 0.9 : 0);
        },
        dispose: (d: LassoData) => disposeLassoData(d),
      },
      digitsDataset(full ? 1100 : 200),
      {
        name: 'gaussian-path',
        params: { shape: full ? ['100x500', '200x1000', '1000x5000'] : ['100x500'] },
        load: (p, ctx) => {
          const [n, dim] = String(p.shape).split('x').map(Number);
          return lassoData(ctx.seed + 2025, n, dim, Math.max(5, Math.round(dim / 100)));
        },
        dispose: (d: LassoData) => disposeLassoData(d),
      },
    ],
    problems: [lassoProblem(full ? [0.1, 0.01] : [0.1]), logisticProblem(full ? 5000 : 300, full ? 50 : 10), pathProblem],
    solvers: [...lassoSolvers, ...logisticSolvers, ...pathSolvers],
  });
}
