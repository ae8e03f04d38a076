/**
 * Prune specs of the DessiLbi experiment (`layers:percent`) and the sparsity they reach. `layers` is 'last'
 * (the last conv kernel: DessiLBI's one-layer prune demo on conv3), 'demo' (the last conv kernel and the first
 * dense kernel: the demo's second cut, conv3 and fc1), 'all' (every conv kernel, each at `percent`), 'pooled'
 * (every conv kernel, one threshold over all conv filters: `percent` of all of them) or 'convN' (the N-th conv
 * kernel alone, 1-based). Conv kernels lose whole output filters, dense kernels single weights, as in DessiLBI.
 */
import * as tf from '@tensorflow/tfjs';
import type { HeldFilters } from './dessi-nets.js';

export interface PruneSpec {
  readonly layers: string;
  readonly percent: number;
}

/** `'last:80,all:80'` → specs. */
export const parseSpecs = (s: string): PruneSpec[] =>
  s
    .split(',')
    .filter(Boolean)
    .map((x) => ({ layers: x.split(':')[0], percent: Number(x.split(':')[1]) }));

/** The kernel names `layers` selects among the model's kernels (conv: rank 4, dense: rank 2, in layer order). */
export function kernelsOf(layers: string, vars: ReadonlyMap<string, tf.Variable>): string[] {
  const named = [...vars.values()];
  const conv = named.filter((v) => v.rank === 4).map((v) => v.name);
  const dense = named.filter((v) => v.rank === 2).map((v) => v.name);
  const one = /^conv(\d+)$/.exec(layers);
  if (one && conv[Number(one[1]) - 1]) return [conv[Number(one[1]) - 1]];
  if (layers === 'all' || layers === 'pooled') return conv;
  if (layers === 'last') return conv.slice(-1);
  if (layers === 'demo') return [...conv.slice(-1), ...dense.slice(0, 1)];
  throw new Error(`prune layers '${layers}': expected last, demo, all, pooled or convN`);
}

/** The bias of a conv kernel (pruned with its filters); dense biases stay free, as in DessiLBI. */
export function held(vars: ReadonlyMap<string, tf.Variable>, name: string, mask: number[]): HeldFilters {
  const kernel = vars.get(name)!;
  const bias = kernel.rank === 4 ? vars.get(name.replace(/kernel(?!.*kernel)/, 'bias')) : undefined;
  return { kernel, bias, mask };
}

/** Pruned share of the conv filters of the pruned conv kernels, of all conv filters, and of the pruned dense weights. */
export function sparsity(vars: ReadonlyMap<string, tf.Variable>, kept: readonly HeldFilters[]) {
  const zeros = (h: HeldFilters) => h.mask.length - h.mask.reduce((a, b) => a + b, 0);
  const conv = kept.filter((h) => h.kernel.rank === 4);
  const dense = kept.filter((h) => h.kernel.rank === 2);
  const sum = (hs: HeldFilters[], f: (h: HeldFilters) => number) => hs.reduce((a, h) => a + f(h), 0);
  const allFilters = [...vars.values()].filter((v) => v.rank === 4).reduce((a, v) => a + v.shape[3]!, 0);
  return {
    kept: kept.map((h) => h.mask.reduce((a, b) => a + b, 0)),
    prunedLayers: conv.length ? sum(conv, zeros) / sum(conv, (h) => h.mask.length) : 0,
    allConv: sum(conv, zeros) / allFilters,
    dense: dense.length ? sum(dense, zeros) / sum(dense, (h) => h.mask.length) : 0,
  };
}

/** numpy.percentile (linear), as DessiLBI thresholds its prune order. */
function percentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo] + (pos - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

/**
 * The magnitude baseline on an SGD net: conv kernels keep the filters whose norm is at least the `percent`
 * percentile (with their biases), dense kernels the weights whose |w| is above it; with `keep`, a conv kernel
 * keeps its `keep` largest filters instead (the per-layer counts of another cut). Returns what is held.
 */
export function pruneByMagnitude(vars: ReadonlyMap<string, tf.Variable>, name: string, percent: number, keep?: number): HeldFilters {
  const kernel = vars.get(name)!;
  const conv = kernel.rank === 4;
  const score = tf.tidy(() =>
    Array.from((conv ? tf.norm(tf.reshape(kernel, [-1, kernel.shape[3]!]), 'euclidean', 0) : tf.abs(kernel)).dataSync()),
  );
  const t = conv && keep !== undefined ? (keep > 0 ? [...score].sort((a, b) => b - a)[keep - 1] : Infinity) : percentile(score, percent);
  const h = held(
    vars,
    name,
    score.map((v) => ((conv ? v >= t : v > t) ? 1 : 0)),
  );
  tf.tidy(() => {
    const m = conv ? tf.tensor1d(h.mask) : tf.tensor(h.mask, kernel.shape);
    kernel.assign(tf.mul(kernel, m));
    if (h.bias) h.bias.assign(tf.mul(h.bias, m));
  });
  return h;
}
