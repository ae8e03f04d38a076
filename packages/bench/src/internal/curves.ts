/**
 * Checks and cleans the named curves a solver reports with a point before they go to the results
 * file: mismatched lengths are a programming error, non-finite pairs are dropped (JSON has no
 * Infinity, and a log axis cannot draw them).
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { Curve, Curves } from '../types.js';

function cleanCurve(name: string, c: Curve): Curve | undefined {
  const arg = `report(point).curves.${name}`;
  if (!Array.isArray(c?.x) || !Array.isArray(c?.y) || c.x.length !== c.y.length) {
    throw new SparsekitError({ argument: arg, value: c, expected: 'arrays x and y of the same length' });
  }
  if (c.marked !== undefined && (!Array.isArray(c.marked) || c.marked.length !== c.x.length)) {
    throw new SparsekitError({ argument: `${arg}.marked`, value: c.marked, expected: `${c.x.length} booleans (one per point)` });
  }
  const keep = c.x.flatMap((x, k) => (Number.isFinite(x) && Number.isFinite(c.y[k]) ? [k] : []));
  if (keep.length === 0) return undefined;
  const out: { -readonly [K in keyof Curve]: Curve[K] } = { ...c, x: keep.map((k) => c.x[k]), y: keep.map((k) => c.y[k]) };
  if (c.marked) out.marked = keep.map((k) => c.marked![k] === true);
  return out;
}

/** The curves with their finite pairs, without empty curves; undefined when none is left. */
export function cleanCurves(curves: Curves | undefined): Curves | undefined {
  if (curves === undefined) return undefined;
  const entries = Object.entries(curves).flatMap(([name, c]) => {
    const clean = cleanCurve(name, c);
    return clean ? [[name, clean] as const] : [];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
