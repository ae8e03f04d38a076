import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { manualClock } from './clock.js';
import { loadPlugins, moduleSources } from './load-plugins.js';
import type { RunRecord } from './records.js';
import { runBench } from './run-bench.js';
import type { BenchPlugin, BenchSolver } from './types.js';

const noMemory = () => ({ numBytes: 0, numTensors: 0 });

function goodPlugin(name: string, extra: Partial<BenchPlugin> = {}): BenchPlugin {
  const solver: BenchSolver<number> = {
    name: 'ok',
    run: (c, ctx) => {
      ctx.report({ iteration: 1, objective: c });
    },
  };
  return {
    name,
    datasets: [{ name: 'd', load: () => 2 }],
    problems: [{ name: 'p', create: (c: number) => ({ spec: c }) }],
    solvers: [solver],
    ...extra,
  };
}

describe('plugin isolation', () => {
  it('reports modules that throw, export nothing or export a malformed plugin, and keeps the good ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-plugins-'));
    writeFileSync(join(dir, 'throws.mjs'), "throw new Error('import-time failure');\n");
    writeFileSync(join(dir, 'empty.mjs'), 'export const nothing = 1;\n');
    writeFileSync(
      join(dir, 'malformed.mjs'),
      "export default { name: 'bad', datasets: [], problems: [{ name: 'p', datasets: ['nope'], create() {} }], solvers: [] };\n",
    );
    writeFileSync(
      join(dir, 'good.mjs'),
      [
        "export default ({ size }) => ({ name: 'good-' + size, datasets: [{ name: 'd', load: () => 1 }],",
        "  problems: [{ name: 'p', create: (c) => ({ spec: c }) }],",
        "  solvers: [{ name: 's', run: (c, ctx) => { ctx.report({ iteration: 1, objective: c }); } }] });",
      ].join('\n'),
    );
    const sources = moduleSources(
      ['./throws.mjs', './empty.mjs', './missing.mjs', './malformed.mjs', './good.mjs', 'no-such-package-xyz'],
      dir,
    );
    const { plugins, failures } = await loadPlugins(sources, 'quick');
    expect(plugins.map((p) => p.name)).toEqual(['good-quick']);
    expect(failures.map((f) => [f.plugin, f.stage])).toEqual([
      ['./throws.mjs', 'plugin'],
      ['./empty.mjs', 'plugin'],
      ['./missing.mjs', 'plugin'],
      ['./malformed.mjs', 'plugin'],
      ['no-such-package-xyz', 'plugin'],
    ]);
    expect(failures[0].message).toBe('import-time failure');
    expect(failures[1].message).toMatch(/exports no plugin/);
    expect(failures[3].message).toMatch(/plugin\.problems\[0\]\.datasets: expected one of .*got "nope"/);
  });

  it('keeps running other plugins when a dataset, problem, reference or solver throws', async () => {
    const boom = (what: string) => () => {
      throw new Error(`${what} failed`);
    };
    const plugins: BenchPlugin[] = [
      goodPlugin('bad-dataset', { datasets: [{ name: 'd', load: boom('load') }] }),
      goodPlugin('bad-problem', { problems: [{ name: 'p', create: boom('create') }] }),
      goodPlugin('bad-reference', { problems: [{ name: 'p', create: (c: number) => ({ spec: c, reference: boom('reference') }) }] }),
      goodPlugin('bad-solver', {
        solvers: [
          { name: 'ok', run: boom('solver') },
          {
            name: 'fine',
            run: (c: number, ctx) => {
              ctx.report({ iteration: 1, objective: c });
            },
          },
        ],
      }),
      goodPlugin('healthy'),
    ];
    const events: string[] = [];
    const records = await runBench(plugins, {
      clock: manualClock(),
      memory: noMemory,
      onProgress: (e) => e.type === 'run' && events.push(e.status),
    });
    const failures = records.filter((r) => r.type === 'failure');
    expect(failures.map((f) => f.type === 'failure' && [f.stage, f.plugin, f.message])).toEqual([
      ['dataset', 'bad-dataset', 'load failed'],
      ['problem', 'bad-problem', 'create failed'],
      ['reference', 'bad-reference', 'reference failed'],
    ]);
    const runs = records.filter((r): r is RunRecord => r.type === 'run');
    expect(runs.map((r) => [r.plugin, r.solver, r.status])).toEqual([
      ['bad-reference', 'ok', 'done'],
      ['bad-solver', 'ok', 'error'],
      ['bad-solver', 'fine', 'done'],
      ['healthy', 'ok', 'done'],
    ]);
    // Every planned run advances the progress, failed or not.
    expect(events).toEqual(['failed', 'failed', 'done', 'error', 'done', 'done']);
    expect(analyze(records).failures.length).toBe(3);
  });

  it('treats a throwing available() as unavailable', async () => {
    const plugin = goodPlugin('p', {
      solvers: [
        {
          name: 'ok',
          available: () => {
            throw new Error('probe crashed');
          },
          run: () => undefined,
        },
      ],
    });
    const [run] = (await runBench([plugin], { clock: manualClock(), memory: noMemory })).filter((r): r is RunRecord => r.type === 'run');
    expect([run.status, run.message]).toEqual(['unavailable', 'not available: probe crashed']);
  });
});
