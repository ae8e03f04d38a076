/**
 * Prune-by-order utilities of DessiLbi (`slbi_toolbox.py`: update_prune_order and
 * prune_layer_by_order_*): weights that enter supp(Γ) early and are large are kept.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { outputSliceNorms, percentile, type DessiVarState } from './dessi-state.js';

/** Sentinel epoch of entries never selected (upstream value). */
const NEVER = 2000;

/** Options of prune-by-order. */
export interface PruneOptions {
  /** Also zero the bias entries of pruned filters (group variables). Default false. */
  readonly pruneBias?: boolean;
  /** Name of the bias of a kernel. Default: 'kernel' → 'bias', else 'weight' → 'bias'. */
  readonly biasName?: (kernelName: string) => string;
  /**
   * One percentile over the orders of all named variables instead of one per variable, so `percent` is the
   * share of all their filters (or entries) and each layer loses what falls below the common threshold,
   * except that each variable keeps its highest-ordered filter (or entry), all of them on a tie: a pooled
   * cut never empties a layer (at 100 it keeps one filter per layer when the maxima are unique). Default
   * false (DessiLBI's per-layer cut). The variables must share one sparsity mode.
   */
  readonly pooled?: boolean;
}

/** What {@link DessiLbi.pruneByOrder} kept in one variable. */
export interface PruneResult {
  readonly name: string;
  /** 1 = kept, 0 = zeroed: per output filter (group variables) or per entry (l1). */
  readonly mask: number[];
  /** Filters (group) or entries (l1) kept. */
  readonly kept: number;
}

/** epochRecord = min(epochRecord, epoch on supp(Γ)); order = |W| − record, or ‖W_f‖ − min_f record. */
export function recordSupport(s: DessiVarState, w: tf.Tensor, epoch: number): void {
  const next = tf.tidy(() => {
    const mask = tf.cast(tf.greater(tf.abs(s.gamma!), 0), 'float32');
    const candidate = tf.add(tf.mul(tf.sub(1, mask), NEVER), tf.mul(mask, epoch));
    const record = s.epochRecord ? tf.minimum(candidate, s.epochRecord) : candidate;
    const order =
      s.mode === 'group'
        ? tf.sub(outputSliceNorms(w), tf.min(tf.reshape(record, [-1, w.shape[w.rank - 1]]), 0))
        : tf.sub(tf.abs(w), record);
    return { record, order };
  });
  tf.dispose([s.epochRecord, s.pruneOrder].filter((t): t is tf.Tensor => t !== undefined));
  s.epochRecord = next.record;
  s.pruneOrder = next.order;
}

function defaultBiasName(kernel: string): string {
  return kernel.includes('kernel') ? kernel.replace(/kernel(?!.*kernel)/, 'bias') : kernel.replace(/weight(?!.*weight)/, 'bias');
}

/** The prune order of `s`, after checking `percent` and that the order was computed. */
export function checkPrunable(s: DessiVarState, percent: number): tf.Tensor {
  if (!(percent >= 0 && percent <= 100))
    throw new SparsekitError({ argument: 'percent', value: percent, expected: 'a number in [0, 100]' });
  if (!s.pruneOrder)
    throw new SparsekitError({
      argument: 'name',
      value: s.name,
      expected: 'a variable whose prune order was computed (call updatePruneOrder first)',
    });
  return s.pruneOrder;
}

/** Throws when a variable is named twice (a pooled percentile would count its orders twice). */
export function checkDistinct(names: readonly string[]): void {
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0)
    throw new SparsekitError({
      argument: 'names',
      value: [...new Set(repeated)].join(', '),
      expected: 'distinct variable names (each named once)',
    });
}

/** The threshold of a pooled cut: one percentile over the orders of every state (all of one sparsity mode). */
export function pooledThreshold(states: readonly DessiVarState[], percent: number): number {
  const orders = states.map((s) => checkPrunable(s, percent));
  const modes = new Set(states.map((s) => s.mode));
  if (modes.size > 1)
    throw new SparsekitError({
      argument: 'names',
      value: states.map((s) => `${s.name} (${s.mode})`).join(', '),
      expected: 'variables of one sparsity mode for a pooled cut',
    });
  return percentile(
    orders.flatMap((o) => Array.from(o.dataSync())),
    percent,
  );
}

/**
 * Zeroes the entries (l1) or output filters (group) whose order is below the percentile (or below
 * `threshold` when given: a pooled cut, which keeps the variable's maximum-order filters or entries
 * anyway); with `pruneBias` the bias of each pruned filter too. `save` receives every variable before
 * it changes.
 */
export function pruneByOrder(
  s: DessiVarState,
  variables: Record<string, tf.Variable>,
  percent: number,
  options: PruneOptions,
  save: (v: tf.Variable) => void,
  threshold?: number,
): PruneResult {
  const order = checkPrunable(s, percent);
  const w = variables[s.name];
  const t = threshold ?? percentile(order.dataSync(), percent);
  // Upstream keeps order ≥ threshold for filters but order > threshold for single weights.
  const keep = tf.tidy(() => {
    const above = s.mode === 'group' ? tf.greaterEqual(order, t) : tf.greater(order, t);
    // a common threshold could zero a whole layer and cut the network: keep the variable's best filter(s)
    return tf.cast(threshold === undefined ? above : tf.logicalOr(above, tf.equal(order, tf.max(order))), 'float32');
  });
  save(w);
  tf.tidy(() => {
    w.assign(tf.mul(w, keep));
  });
  if (s.mode === 'group' && options.pruneBias) {
    const bias = variables[(options.biasName ?? defaultBiasName)(s.name)];
    if (bias !== undefined && bias.rank === 1 && bias.shape[0] === keep.shape[0]) {
      save(bias);
      tf.tidy(() => {
        bias.assign(tf.mul(bias, keep));
      });
    }
  }
  const mask = Array.from(keep.dataSync());
  keep.dispose();
  return { name: s.name, mask, kept: mask.reduce((a, b) => a + b, 0) };
}
