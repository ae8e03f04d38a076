/**
 * Loading plugins by dynamic import. A module that fails to import, exports nothing usable or
 * exports a malformed plugin becomes a failure record; the other plugins still run.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePlugin } from './define-plugin.js';
import { errorMessage } from './internal/run-solver.js';
import type { FailureRecord } from './records.js';
import type { BenchPlugin, SuiteSize } from './types.js';

/** What a plugin module may export (as `default` or as `plugin`). */
export type PluginExport =
  | BenchPlugin
  | readonly BenchPlugin[]
  | ((ctx: { readonly size: SuiteSize }) => BenchPlugin | readonly BenchPlugin[] | Promise<BenchPlugin | readonly BenchPlugin[]>);

export interface LoadedPlugins {
  readonly plugins: BenchPlugin[];
  readonly failures: FailureRecord[];
}

/** A named source of plugins: a module specifier or an in-process loader (built-in suites). */
export interface PluginSource {
  readonly name: string;
  load(): Promise<unknown>;
}

/**
 * Module sources for specifiers from a config file: paths (`./x.js`, `/abs/x.js`) resolve
 * against `baseDir`, bare names resolve as packages.
 *
 * @example
 * ```ts
 * import { moduleSources } from '@sparsekit/bench';
 * moduleSources(['./my-plugin.js'], '/home/me/project')[0].name; // => './my-plugin.js'
 * ```
 */
export function moduleSources(specifiers: readonly string[], baseDir: string): PluginSource[] {
  return specifiers.map((spec) => ({
    name: spec,
    load: () => {
      const isPath = spec.startsWith('.') || isAbsolute(spec);
      return import(isPath ? pathToFileURL(resolve(baseDir, spec)).href : spec);
    },
  }));
}

/**
 * Loads and checks every source; never throws.
 *
 * @example
 * ```ts
 * import { loadPlugins } from '@sparsekit/bench';
 * const { plugins, failures } = await loadPlugins([{ name: 'broken', load: async () => { throw new Error('boom'); } }], 'quick');
 * plugins.length; // => 0
 * failures[0].message; // => 'boom'
 * ```
 */
export async function loadPlugins(sources: readonly PluginSource[], size: SuiteSize): Promise<LoadedPlugins> {
  const plugins: BenchPlugin[] = [];
  const failures: FailureRecord[] = [];
  for (const source of sources) {
    try {
      const module = await source.load();
      const found = await pluginsFrom(module, size);
      plugins.push(...found.map((p) => definePlugin(p)));
    } catch (cause) {
      failures.push({ type: 'failure', stage: 'plugin', plugin: source.name, name: source.name, message: errorMessage(cause) });
    }
  }
  return { plugins, failures };
}

async function pluginsFrom(module: unknown, size: SuiteSize): Promise<BenchPlugin[]> {
  const m = module as { default?: unknown; plugin?: unknown } | undefined;
  const exported = m?.default ?? m?.plugin ?? module;
  const value = typeof exported === 'function' ? await (exported as (ctx: { size: SuiteSize }) => unknown)({ size }) : exported;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((p) => typeof p !== 'object' || p === null || !('name' in p))) {
    throw new Error('the module exports no plugin (expected a default export: a plugin, an array of plugins or ({ size }) => plugin)');
  }
  return list as BenchPlugin[];
}
