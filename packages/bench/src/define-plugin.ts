/**
 * `definePlugin` checks a plugin's structure once, at definition time, so that a malformed
 * plugin fails with a message naming the offending part instead of somewhere inside a run.
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { BenchDataset, BenchPlugin, BenchProblem, BenchSolver, ParamGrid } from './types.js';

/**
 * Defines a bench plugin: datasets, problems and solver adapters. Throws a SparsekitError
 * naming the first structural mistake (empty name, duplicate names, unknown dataset or problem
 * references, empty parameter grids).
 *
 * @example
 * ```ts
 * import { definePlugin } from '@sparsekit/bench';
 * const plugin = definePlugin({
 *   name: 'toy',
 *   datasets: [{ name: 'const', load: () => 3 }],
 *   problems: [{ name: 'square', create: (c: number) => ({ spec: c, evaluate: (x) => ((x as number) - c) ** 2 }) }],
 *   solvers: [{ name: 'exact', run: (c: number, ctx) => { ctx.report({ iteration: 1, x: c }); } }],
 * });
 * plugin.name; // => 'toy'
 * ```
 */
export function definePlugin<P extends BenchPlugin>(plugin: P): P {
  if (typeof plugin !== 'object' || plugin === null) {
    throw new SparsekitError({ argument: 'plugin', value: plugin, expected: 'an object { name, datasets, problems, solvers }' });
  }
  requireName('plugin.name', plugin.name);
  for (const key of ['datasets', 'problems', 'solvers'] as const) {
    if (!Array.isArray(plugin[key])) {
      throw new SparsekitError({ argument: `plugin.${key}`, value: plugin[key], expected: 'an array' });
    }
  }
  const datasets = checkUnique('datasets', plugin.datasets, (d: BenchDataset, at) => requireFunction(`${at}.load`, d.load));
  const problems = checkUnique('problems', plugin.problems, (p: BenchProblem, at) => {
    requireFunction(`${at}.create`, p.create);
    requireKnown(`${at}.datasets`, p.datasets, datasets);
    if (p.kind !== undefined && p.kind !== 'convergence' && p.kind !== 'timing') {
      throw new SparsekitError({ argument: `${at}.kind`, value: p.kind, expected: "'convergence' or 'timing'" });
    }
    requireTolerances(`${at}.tolerances`, p.tolerances);
  });
  plugin.solvers.forEach((s: BenchSolver, i) => {
    const at = `plugin.solvers[${i}]`;
    if (typeof s !== 'object' || s === null) throw new SparsekitError({ argument: at, value: s, expected: 'an object' });
    requireName(`${at}.name`, s.name);
    requireGrid(`${at}.params`, s.params);
    requireFunction(`${at}.run`, s.run);
    requireKnown(`${at}.problems`, s.problems, problems);
  });
  requireSolverNamesDistinct(plugin.solvers, problems);
  return plugin;
}

/** Two solvers may share a name only if they handle disjoint problems (one adapter per problem). */
function requireSolverNamesDistinct(solvers: readonly BenchSolver[], problems: Set<string>): void {
  const owner = new Map<string, number>();
  solvers.forEach((s, i) => {
    for (const problem of s.problems ?? problems) {
      const key = `${s.name}\0${problem}`;
      if (owner.has(key)) {
        throw new SparsekitError({
          argument: `plugin.solvers[${i}].name`,
          value: s.name,
          expected: `a name not used by plugin.solvers[${owner.get(key)}] for problem '${problem}' (same-named solvers must list disjoint problems)`,
        });
      }
      owner.set(key, i);
    }
  });
}

type Named = { readonly name: string; readonly params?: ParamGrid };

function checkUnique<T extends Named>(key: string, items: readonly T[], check: (item: T, at: string) => void): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = `plugin.${key}[${i}]`;
    if (typeof item !== 'object' || item === null) throw new SparsekitError({ argument: at, value: item, expected: 'an object' });
    requireName(`${at}.name`, item.name);
    if (seen.has(item.name))
      throw new SparsekitError({ argument: `${at}.name`, value: item.name, expected: `a name not already used in plugin.${key}` });
    seen.add(item.name);
    requireGrid(`${at}.params`, item.params);
    check(item, at);
  });
  return seen;
}

function requireName(argument: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim().length === 0 || /[\n\r]/.test(value)) {
    throw new SparsekitError({ argument, value, expected: 'a non-empty single-line string' });
  }
}

function requireFunction(argument: string, value: unknown): void {
  if (typeof value !== 'function') throw new SparsekitError({ argument, value, expected: 'a function' });
}

function requireKnown(argument: string, refs: readonly string[] | undefined, known: Set<string>): void {
  if (refs === undefined) return;
  if (!Array.isArray(refs)) throw new SparsekitError({ argument, value: refs, expected: 'an array of names' });
  for (const ref of refs) {
    if (!known.has(ref))
      throw new SparsekitError({
        argument,
        value: ref,
        expected: `one of ${[...known].map((n) => `'${n}'`).join(', ') || '(none defined)'}`,
      });
  }
}

function requireGrid(argument: string, grid: ParamGrid | undefined): void {
  if (grid === undefined) return;
  if (typeof grid !== 'object' || grid === null) throw new SparsekitError({ argument, value: grid, expected: 'an object of value arrays' });
  for (const [key, values] of Object.entries(grid)) {
    const ok =
      Array.isArray(values) &&
      values.length > 0 &&
      values.every((v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)));
    if (!ok)
      throw new SparsekitError({
        argument: `${argument}.${key}`,
        value: values,
        expected: 'a non-empty array of strings, finite numbers or booleans',
      });
  }
}

function requireTolerances(argument: string, tolerances: readonly number[] | undefined): void {
  if (tolerances === undefined) return;
  const ok = Array.isArray(tolerances) && tolerances.length > 0 && tolerances.every((t) => typeof t === 'number' && t > 0 && t < 1);
  if (!ok) throw new SparsekitError({ argument, value: tolerances, expected: 'a non-empty array of numbers in (0, 1)' });
}
