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

/** Built-in suites in run order. */
export const SUITES: readonly SuiteEntry[] = [
  { name: 'tensor', description: 'matmul GFLOP/s, elementwise throughput and dispatch overhead vs numpy', load: () => import('./tensor.js') },
  { name: 'constraints', description: 'batched L1-ball projection and LMO throughput vs torch', load: () => import('./constraints.js') },
  { name: 'solvers', description: 'Lasso time to 1e-4 vs scikit-learn; L1-logistic MNIST Frank-Wolfe step rules and SFW variants', load: () => import('./solvers.js') },
  { name: 'adversary', description: 'PGD-Madry vs Frank-Wolfe attacks on an MNIST softmax classifier', load: () => import('./adversary.js') },
];

/** Names of the built-in suites. */
export function suiteNames(): string[] {
  return SUITES.map((s) => s.name);
}

/** Plugin sources for suite words: 'quick'/'full' select every suite, names select one each. */
export function suiteSources(words: readonly string[]): PluginSource[] {
  const all = words.includes('quick') || words.includes('full');
  return SUITES.filter((s) => all || words.includes(s.name)).map((s) => ({ name: `suite:${s.name}`, load: s.load }));
}
