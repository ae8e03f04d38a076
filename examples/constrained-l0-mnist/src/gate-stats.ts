/**
 * Per-layer gate statistics for the training logs: where the expected density of a layer comes
 * from. Under the median evaluation gate a gate is closed for log α ≤ −1.599, yet it still counts
 * P(z ≠ 0) = σ(log α + 1.599) ∈ [0.047, 0.5] in the expected L0 until it sinks to the clamp
 * (log α = log 1e-2): a layer can store few weights and still be far above ε in expectation.
 */
import * as tf from '@tensorflow/tfjs';
import { gatedLayers } from '@sparsekit/models-l0';

const CLOSED = -1.5986;
const FLOOR = Math.log(1e-2) + 0.05;

export interface GateStats {
  readonly name: string;
  /** Expected density of the layer's kernel. */
  readonly density: number;
  readonly meanLogAlpha: number;
  /** Share of gates closed by the median evaluation gate. */
  readonly closed: number;
  /** Mean P(z ≠ 0) of the closed gates: what they still add to the expected L0. */
  readonly closedProb: number;
  /** Share of gates at the lower clamp. */
  readonly atFloor: number;
}

export function gateStats(model: tf.LayersModel): GateStats[] {
  return gatedLayers(model).map((layer) => {
    const la = Array.from(tf.tidy(() => (layer.logAlpha.read() as tf.Tensor).dataSync()));
    const closed = la.filter((v) => v <= CLOSED);
    const p = (v: number) => 1 / (1 + Math.exp(-(v - CLOSED)));
    return {
      name: layer.name,
      density: layer.l0().fraction,
      meanLogAlpha: la.reduce((a, b) => a + b, 0) / la.length,
      closed: closed.length / la.length,
      closedProb: closed.length === 0 ? 0 : closed.reduce((a, v) => a + p(v), 0) / closed.length,
      atFloor: la.filter((v) => v <= FLOOR).length / la.length,
    };
  });
}

export function formatGateStats(stats: readonly GateStats[]): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return stats
    .map(
      (s) =>
        `${s.name}: E[density] ${pct(s.density)}, mean log α ${s.meanLogAlpha.toFixed(2)}, ` +
        `closed ${pct(s.closed)} (mean P(z≠0) ${s.closedProb.toFixed(3)}), at clamp ${pct(s.atFloor)}`,
    )
    .join('\n  ');
}
