/** `sparsekit-bench list`: suites, their datasets, problems and solvers, and run counts. */
import * as E from 'fp-ts/lib/Either.js';
import { expandGrid } from '../internal/grid.js';
import { countRuns, planRuns } from '../internal/plan.js';
import { loadPlugins, moduleSources } from '../load-plugins.js';
import { SUITES, suiteNames, suiteSources } from '../suites/index.js';
import type { BenchPlugin } from '../types.js';
import type { CliIo } from './io.js';
import { loadOptions } from './options.js';

export async function listCommand(flags: Readonly<Record<string, unknown>>, io: CliIo): Promise<number> {
  const options = loadOptions({ suite: 'quick', ...flags }, io.cwd, suiteNames());
  if (E.isLeft(options)) {
    io.err(options.left.map((m) => `  - ${m}`).join('\n'));
    return 2;
  }
  const { config, baseDir } = options.right;
  io.out(`Suites (use with --suite; 'quick' and 'full' run all of them at that size):`);
  for (const s of SUITES) io.out(`  ${s.name.padEnd(12)} ${s.description}`);
  const loaded = await loadPlugins([...suiteSources(config.suites), ...moduleSources(config.plugins, baseDir)], config.size);
  for (const plugin of loaded.plugins) await describePlugin(plugin, config.size, io);
  for (const f of loaded.failures) io.out(`\nFAILED to load ${f.plugin}: ${f.message}`);
  return 0;
}

async function describePlugin(plugin: BenchPlugin, size: string, io: CliIo): Promise<void> {
  io.out(`\n${plugin.name} (${size}): ${countRuns(planRuns([plugin], 1))} runs per repetition`);
  io.out(`  datasets: ${plugin.datasets.map((d) => `${d.name}${gridNote(d.params)}`).join(', ')}`);
  io.out(`  problems: ${plugin.problems.map((p) => `${p.name} (${p.kind ?? 'convergence'})${gridNote(p.params)}`).join(', ')}`);
  const solvers: string[] = [];
  for (const s of plugin.solvers) {
    let available: true | string;
    try {
      available = s.available ? await s.available() : true;
    } catch (cause) {
      available = String(cause);
    }
    solvers.push(
      `${s.name}${s.baseline ? ' (baseline)' : ''}${s.problems ? ` [${s.problems.join(', ')}]` : ''}${available === true ? '' : ` — ${available}`}`,
    );
  }
  io.out(`  solvers:\n${[...new Set(solvers)].map((s) => `    ${s}`).join('\n')}`);
}

function gridNote(grid: Parameters<typeof expandGrid>[0]): string {
  const n = expandGrid(grid).length;
  return n > 1 ? ` ×${n}` : '';
}
