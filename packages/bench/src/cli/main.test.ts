import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../results/jsonl.js';
import { suiteNames } from '../suites/index.js';
import type { RunRecord } from '../records.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

const PLUGIN = `
export default ({ size }) => ({
  name: 'toy',
  datasets: [{ name: 'c', params: { c: [2] }, load: (p) => p.c }],
  problems: [{ name: 'sq', create: (c) => ({ spec: c, evaluate: (x) => (x - c) ** 2 + 1 }) }],
  solvers: [
    { name: 'halving', run: (c, ctx) => { let x = 0; for (let k = 1; k <= 30; k++) { x += (c - x) / 2; if (ctx.report({ iteration: k, x }) === 'stop') return; } } },
    { name: 'py', baseline: true, available: () => 'baseline not available: test', run: () => {} },
  ],
});
`;

function captureIo(cwd: string): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, interactive: false, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  writeFileSync(join(dir, 'plugin.mjs'), PLUGIN);
  return dir;
}

// A run limit far above what the toy plugin needs even on a loaded machine: the test checks that
// the limit is recorded, never that anything finishes within it.
const RUN = ['run', '--suite', 'none', '--plugin', './plugin.mjs', '--backend', 'cpu', '--out', 'results', '--timeout', '600'];

describe('sparsekit-bench CLI', () => {
  it('run writes results, metadata and the report into a new directory each time', async () => {
    const cwd = workspace();
    const first = captureIo(cwd);
    expect(await main(RUN, first)).toBe(0);
    const second = captureIo(cwd);
    expect(await main(RUN, second)).toBe(0);
    const dirs = readdirSync(join(cwd, 'results'));
    expect(dirs.length).toBe(2);
    for (const d of dirs) expect(readdirSync(join(cwd, 'results', d)).sort()).toEqual(['metadata.json', 'report.html', 'results.jsonl']);
    const reportLine = first.stdout.at(-1)!;
    expect(reportLine).toMatch(/^\nReport: results\/[0-9TZ-]+\/report\.html$/);
    const summary = first.stdout[0];
    expect(summary).toMatch(/toy\/sq@c\[c=2\]\s+halving\s+done/);
    expect(summary).toMatch(/py \(baseline\)\s+unavailable\s+—\s+baseline not available: test/);
    // The summary says which way ratios go and what the statuses that occur mean.
    expect(summary).toContain('below 1× this solver is faster, above 1× slower');
    expect(summary).toMatch(/Status: done = the solver returned on its own .*; unavailable = could not run here/);
    const meta = JSON.parse(readFileSync(join(cwd, 'results', dirs[0], 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({
      status: 'complete',
      backend: 'cpu',
      backendInfo: { name: 'cpu' },
      seed: 0,
      timeoutSeconds: 600,
      node: process.version,
    });
    expect(meta.cpuCount).toBeGreaterThan(0);
    expect(meta.gitCommit === null || /^[0-9a-f]{40}$/.test(meta.gitCommit)).toBe(true);
    const { records } = readRecords(join(cwd, 'results', dirs[0], 'results.jsonl'));
    expect(records.map((r) => r.type)).toEqual(['run', 'run', 'reference']);
  });

  it('rejects bad options with every problem listed and writes nothing', async () => {
    const cwd = workspace();
    const io = captureIo(cwd);
    expect(await main(['run', '--timeout', '-2', '--seed', 'abc', '--suite', 'nope', '--frobnicate', '--out', 'results'], io)).toBe(2);
    expect(io.stderr.join('\n')).toBe(
      [
        'Invalid options (4 problems):',
        '  - unknown flag --frobnicate',
        `  - --suite: unknown suite "nope" (known: quick, full, none, ${suiteNames().join(', ')})`,
        '  - --timeout: expected a number of seconds > 0, got "-2"',
        '  - --seed: expected an integer >= 0, got "abc"',
      ].join('\n'),
    );
    expect(existsSync(join(cwd, 'results'))).toBe(false);
  });

  it('report rebuilds the report of an earlier run without touching its results', async () => {
    const cwd = workspace();
    expect(await main(RUN, captureIo(cwd))).toBe(0);
    const dir = join(cwd, 'results', readdirSync(join(cwd, 'results'))[0]);
    const before = readFileSync(join(dir, 'results.jsonl'), 'utf8');
    const mtime = statSync(join(dir, 'results.jsonl')).mtimeMs;
    const io = captureIo(cwd);
    expect(await main(['report', dir], io)).toBe(0);
    expect(io.stdout.at(-1)).toMatch(/report\.html$/);
    expect(readFileSync(join(dir, 'results.jsonl'), 'utf8')).toBe(before);
    expect(statSync(join(dir, 'results.jsonl')).mtimeMs).toBe(mtime);
    expect(await main(['report', cwd], captureIo(cwd))).toBe(2);
  });

  it('report marks a killed run (metadata left at "running") interrupted from the rows it finds; a live one stays running', async () => {
    const cwd = workspace();
    expect(await main(RUN, captureIo(cwd))).toBe(0);
    const dir = join(cwd, 'results', readdirSync(join(cwd, 'results'))[0]);
    const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ ...meta, status: 'running', finishedAt: undefined, pid: dead }));
    const io = captureIo(cwd);
    expect(await main(['report', dir], io)).toBe(0);
    const settled = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(settled.status).toBe('interrupted');
    expect(settled.note).toMatch(/ended without finishing .*; 3 records found/);
    expect(io.stderr.join('\n')).toMatch(/Marked the run interrupted/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('This run did not complete');
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ ...meta, status: 'running', pid: process.pid }));
    expect(await main(['report', dir], captureIo(cwd))).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).status).toBe('running');
  });

  it('runs plugin modules in their own process: a synchronous solver that ignores stop is killed and costs its own run only', async () => {
    const cwd = workspace();
    writeFileSync(
      join(cwd, 'stuck.mjs'),
      `
export default {
  name: 'stuck',
  datasets: [{ name: 'c', load: () => 2 }],
  problems: [{ name: 'sq', create: (c) => ({ spec: c, evaluate: (x) => (x - c) ** 2 + 1 }) }],
  solvers: [
    { name: 'spin', run: () => { for (;;) { /* never reports, never returns */ } } },
    { name: 'halving', run: (c, ctx) => { let x = 0; for (let k = 1; k <= 30; k++) { x += (c - x) / 2; if (ctx.report({ iteration: k, x }) === 'stop') return; } } },
  ],
};`,
    );
    const io = captureIo(cwd);
    const code = await main(
      [
        'run',
        '--suite',
        'none',
        '--plugin',
        './stuck.mjs',
        '--plugin',
        './plugin.mjs',
        '--backend',
        'cpu',
        '--out',
        'results',
        '--timeout',
        '1',
      ],
      io,
    );
    expect(code).toBe(0);
    const dir = join(cwd, 'results', readdirSync(join(cwd, 'results'))[0]);
    const runs = readRecords(join(dir, 'results.jsonl')).records.filter((r): r is RunRecord => r.type === 'run');
    const spin = runs.find((r) => r.solver === 'spin')!;
    expect([spin.status, spin.message]).toEqual([
      'timeout',
      expect.stringMatching(/^killed after 7 s: the solver neither returned nor stopped/),
    ]);
    // The module restarted without the killed run; the other module ran as usual.
    expect(runs.map((r) => `${r.plugin}/${r.solver}`).sort()).toEqual(['stuck/halving', 'stuck/spin', 'toy/halving', 'toy/py']);
    expect(runs.find((r) => r.plugin === 'stuck' && r.solver === 'halving')!.points.length).toBeGreaterThan(0);
  });

  it('refuses two plugins with the same name before writing anything', async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'again.mjs'), PLUGIN);
    const io = captureIo(cwd);
    expect(await main(['run', '--suite', 'none', '--plugin', './plugin.mjs', '--plugin', './again.mjs', '--out', 'results'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(
      /two plugins are named "toy" \(\S+\/plugin\.mjs and \S+\/again\.mjs\): plugin names must be unique/,
    );
    expect(existsSync(join(cwd, 'results'))).toBe(false);
  });

  it('list shows the plugin, its runs and unavailable baselines; unknown commands fail', async () => {
    const cwd = workspace();
    const io = captureIo(cwd);
    expect(await main(['list', '--suite', 'none', '--plugin', './plugin.mjs'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('toy (quick): 2 runs per repetition');
    expect(text).toContain('py (baseline) — baseline not available: test');
    expect(await main(['frobnicate'], captureIo(cwd))).toBe(2);
    expect(await main(['--help'], captureIo(cwd))).toBe(0);
  });
});
