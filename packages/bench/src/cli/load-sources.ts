/**
 * Loading what `run` will execute: built-in suites (run in this process) and plugin modules
 * (run each in its own child process, see isolation/run-isolated.ts), with the check that no
 * two plugins share a name (their results would merge into the same groups).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchConfig } from '../config.js';
import { loadPlugins, type LoadedPlugins } from '../load-plugins.js';
import { suiteSources } from '../suites/index.js';
import type { BenchPlugin } from '../types.js';

/** One plugin module as given (`./x.js`, a package name), its import specifier and its plugins. */
export interface LoadedModule extends LoadedPlugins {
  readonly given: string;
  /** What the child process imports: a file URL for paths, the package name otherwise. */
  readonly specifier: string;
}

export interface LoadedSources {
  readonly suites: LoadedPlugins;
  readonly modules: readonly LoadedModule[];
}

/** Loads the suites and every module (failures become records, never exceptions). */
export async function loadSources(config: BenchConfig, baseDir: string): Promise<LoadedSources> {
  const suites = await loadPlugins(suiteSources(config.suites), config.size);
  const modules: LoadedModule[] = [];
  for (const given of config.plugins) {
    const isPath = given.startsWith('.') || isAbsolute(given);
    const specifier = isPath ? pathToFileURL(resolve(baseDir, given)).href : given;
    const loaded = await loadPlugins([{ name: given, load: () => import(specifier) }], config.size);
    modules.push({ ...loaded, given, specifier });
  }
  return { suites, modules };
}

/** Problems with plugin names: every name used by two plugins, with where each came from. */
export function duplicateNames(sources: LoadedSources): string[] {
  const origins = new Map<string, string[]>();
  const note = (plugins: readonly BenchPlugin[], origin: (p: BenchPlugin) => string): void => {
    for (const p of plugins) origins.set(p.name, [...(origins.get(p.name) ?? []), origin(p)]);
  };
  note(sources.suites.plugins, (p) => `the built-in suite ${p.name}`);
  for (const m of sources.modules) note(m.plugins, () => m.given);
  return [...origins]
    .filter(([, from]) => from.length > 1)
    .map(([name, from]) => `two plugins are named "${name}" (${from.join(' and ')}): plugin names must be unique`);
}
