/**
 * The curves the robust-stats suite draws for each outlier detector: its ROC curve against the
 * planted outliers, and its ranking (samples ordered by path entry time, planted outliers marked).
 */
import { outlierAuc } from '@sparsekit/robust-stats';
import type { Curve } from '../../types.js';

/**
 * ROC curve of `score` (higher = more outlying) as its corner points: tied scores move in one
 * diagonal step, and runs of positives (or negatives) collapse to their ends, so an AUC-1 detector
 * gives three points whatever n is. The note carries the AUC (ties counted half).
 */
export function rocCurve(score: ArrayLike<number>, positives: readonly number[]): Curve {
  const pos = new Set(positives);
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  const nPos = pos.size;
  const nNeg = score.length - nPos;
  const x = [0];
  const y = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    let e = k;
    while (e + 1 < order.length && score[order[e + 1]] === score[order[k]]) e++;
    for (let m = k; m <= e; m++) pos.has(order[m]) ? tp++ : fp++;
    const [fx, ty] = [fp / nNeg, tp / nPos];
    const last = x.length - 1;
    // Drop the previous point when it lies on the segment from its predecessor to this one (same direction).
    if (last >= 1 && (x[last] - x[last - 1]) * (ty - y[last]) === (y[last] - y[last - 1]) * (fx - x[last])) {
      x[last] = fx;
      y[last] = ty;
    } else {
      x.push(fx);
      y.push(ty);
    }
    k = e + 1;
  }
  const auc = outlierAuc(score, positives);
  return { x, y, note: `AUC ${auc.toFixed(4)}`, xTitle: 'false positive rate', yTitle: 'true positive rate (reference outliers)' };
}

/**
 * Samples in order of entry on the path (rank 1 = first to enter), their entry time relative to the
 * first entry (log scale), planted outliers marked; samples the path never reached (entry time
 * Infinity) are left out.
 */
export function rankingCurve(entryTime: ArrayLike<number>, positives: readonly number[]): Curve {
  const pos = new Set(positives);
  const order = Array.from({ length: entryTime.length }, (_, i) => i)
    .filter((i) => Number.isFinite(entryTime[i]))
    .sort((a, b) => entryTime[a] - entryTime[b]);
  const t0 = order.length > 0 ? entryTime[order[0]] : 1;
  return {
    x: order.map((_, k) => k + 1),
    y: order.map((i) => entryTime[i] / t0),
    marked: order.map((i) => pos.has(i)),
    note: `${order.length} of ${entryTime.length} entered`,
    xTitle: 'rank (order of entry on the path)',
    yTitle: 'entry time / first entry time (diamonds: reference outliers)',
    logY: true,
  };
}
