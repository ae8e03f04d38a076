/**
 * The built-in suites, loaded lazily by dynamic import: a suite whose module fails to load is
 * reported like any third-party plugin and the other suites still run.
 */
import type { PluginSource } from '../load-plugins.js';

export interface SuiteEntry {
  readonly name: string;
  readonly description: string;
  load(): Promise<unknown>;
}

/**
 * Built-in suites in run order.
 *
 * @example
 * ```ts
 * import { SUITES } from '@sparsekit/bench/suites';
 * SUITES.map((s) => s.name); // => ['tensor', 'constraints', 'solvers', 'native', 'adversary', 'factorization', 'models-implicit', 'training', 'models-l0', 'robust-stats']
 * ```
 */
export const SUITES: readonly SuiteEntry[] = [
  {
    name: 'tensor',
    description: 'matmul GFLOP/s, elementwise throughput and dispatch overhead vs numpy',
    load: () => import('./tensor.js'),
  },
  { name: 'constraints', description: 'batched L1-ball projection and LMO throughput vs torch', load: () => import('./constraints.js') },
  {
    name: 'solvers',
    description: 'Lasso time to 1e-4 vs scikit-learn; L1-logistic MNIST Frank-Wolfe step rules and SFW variants',
    load: () => import('./solvers.js'),
  },
  {
    name: 'native',
    description: 'BLAS-backed kernels (@sparsekit/native) vs numpy, torch and the stock tfjs kernels',
    load: () => import('./native.js'),
  },
  {
    name: 'adversary',
    description: 'PGD-Madry vs Frank-Wolfe attacks on an MNIST softmax classifier',
    load: () => import('./adversary.js'),
  },
  {
    name: 'factorization',
    description: 'Faust apply vs dense matmul and numpy FFT; butterfly and hierarchical factorization of DFT/Hadamard',
    load: () => import('./factorization.js'),
  },
  {
    name: 'models-implicit',
    description:
      'implicit model epoch time vs torch on MNIST; Picard/Anderson/Broyden; implicit/unrolled/phantom gradients (time, memory); Frank-Wolfe accuracy vs density',
    load: () => import('./models-implicit.js'),
  },
  {
    name: 'training',
    description: 'Frank-Wolfe iteration cost vs numpy; MLP epoch (SGD, stochastic FW) in model.fit and fitBatches vs torch and chop',
    load: () => import('./training.js'),
  },
  {
    name: 'models-l0',
    description: 'training epoch of an L0-gated MLP 784-300-100-10 vs torch CPU; error vs density next to magnitude pruning',
    load: () => import('./models-l0.js'),
  },
  {
    name: 'robust-stats',
    description: 'outlier AUC and time vs scikit-learn Huber/RANSAC; HodgeRank vs scipy lsqr; RPCA vs numpy inexact ALM',
    load: () => import('./robust-stats.js'),
  },
];

/**
 * Names of the built-in suites.
 *
 * @example
 * ```ts
 * import { suiteNames } from '@sparsekit/bench/suites';
 * suiteNames().includes('tensor'); // => true
 * ```
 */
export function suiteNames(): string[] {
  return SUITES.map((s) => s.name);
}

/**
 * Plugin sources for suite words: 'quick'/'full' select every suite, names select one each.
 *
 * @example
 * ```ts
 * import { suiteSources } from '@sparsekit/bench/suites';
 * suiteSources(['tensor']).map((s) => s.name); // => ['suite:tensor']
 * ```
 */
export function suiteSources(words: readonly string[]): PluginSource[] {
  const all = words.includes('quick') || words.includes('full');
  return SUITES.filter((s) => all || words.includes(s.name)).map((s) => ({ name: `suite:${s.name}`, load: s.load }));
}
