/** Parameter grids and their canonical labels. */
import type { ParamGrid, Params } from '../types.js';

/** Cartesian product of a grid, in key order then value order; `{}` for an empty grid. */
export function expandGrid(grid: ParamGrid | undefined): Params[] {
  let points: Record<string, Params[keyof Params]>[] = [{}];
  for (const [key, values] of Object.entries(grid ?? {})) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

/** `name[a=1,b=x]`, or `name` without parameters: stable, human-readable identifiers. */
export function labelWithParams(name: string, params: Params): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return name;
  return `${name}[${entries.map(([k, v]) => `${k}=${v}`).join(',')}]`;
}
