/** Number formatting shared by the console summary and the HTML report. */
import type { Spread } from './stats.js';

/** Milliseconds with a sensible unit: 0.42 ms, 12.3 ms, 4.56 s; '—' for NaN, 'not reached' for ∞. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '—';
  if (!Number.isFinite(ms)) return 'not reached';
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  return `${ms.toPrecision(3)} ms`;
}

/** `median [min–max]` of a spread of times; only the median when all values agree. */
export function formatSpreadMs(s: Spread | undefined): string {
  if (!s || s.n === 0) return '—';
  if (s.n === 1 || s.min === s.max) return formatMs(s.median);
  return `${formatMs(s.median)} [${formatMs(s.min)}–${formatMs(s.max)}]`;
}

/** Scientific notation for suboptimalities and tolerances. */
export function formatSci(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (x === 0) return '0';
  return x.toExponential(1);
}

/** A ratio such as 0.83× or 12.4×. */
export function formatRatio(x: number): string {
  return `${x >= 100 ? x.toFixed(0) : x.toPrecision(3)}×`;
}

/** A ratio with its range over repetitions: `2.00× [1.80–2.31]`; only the ratio when they agree. */
export function formatRatioRange(ratio: number, range: readonly [number, number] | undefined): string {
  if (!range || (range[0] === ratio && range[1] === ratio)) return formatRatio(ratio);
  const bound = (x: number): string => (Number.isFinite(x) ? formatRatio(x).slice(0, -1) : '∞');
  return `${formatRatio(ratio)} [${bound(range[0])}–${bound(range[1])}]`;
}

/** Bytes as B / KiB / MiB / GiB. */
export function formatBytes(bytes: number): string {
  if (Number.isNaN(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toPrecision(3)} ${units[u]}`;
}

/** Throughput with SI prefix handling left to the unit (e.g. 12.8 GFLOP/s). */
export function formatThroughput(value: number | undefined, unit: string | undefined): string {
  if (value === undefined || unit === undefined) return '—';
  return `${value.toPrecision(3)} ${unit}/s`;
}
