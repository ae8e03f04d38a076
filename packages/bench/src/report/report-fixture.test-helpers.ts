/**
 * Deterministic results for report tests: two convergence groups (one with a baseline), one
 * timing group with a baseline, and one failed dataset. Expected: 3 + 2 + 2 = 7 plots and
 * 1 metadata + 1 failures + 3 summaries + 2 ratio tables = 7 tables.
 */
import { timingSolver } from '../adapters.js';
import { manualClock } from '../clock.js';
import { definePlugin } from '../define-plugin.js';
import { geometricSolver } from '../internal/fake-plugin.test-helpers.js';
import type { ResultRecord } from '../records.js';
import type { RunMetadata } from '../results/metadata.js';
import { runBench } from '../run-bench.js';

export const EXPECTED_PLOTS = 7;
export const EXPECTED_TABLES = 7;
/** Bars: 2 ratios (fast vs base at two tolerances) + 2 times per call + 1 ratio (ours vs theirs). */
export const EXPECTED_BARS = 5;

export async function fixtureRecords(): Promise<ResultRecord[]> {
  const clock = manualClock();
  const dataset = { name: 'd', load: () => ({ fstar: 1 }) };
  const problem = (name: string) => ({
    name,
    tolerances: [1e-1, 1e-3],
    create: (d: { fstar: number }) => ({ spec: d, evaluate: (x: unknown) => x as number }),
  });
  const converge = definePlugin({
    name: 'converge',
    datasets: [
      dataset,
      {
        name: 'broken',
        load: () => {
          throw new Error('no such file');
        },
      },
    ],
    problems: [
      { ...problem('with-baseline'), datasets: ['d'] },
      { ...problem('alone'), datasets: ['d', 'broken'] },
    ],
    solvers: [
      { ...geometricSolver(clock, 'fast', () => 10), problems: ['with-baseline', 'alone'] },
      { ...geometricSolver(clock, 'base', () => 20, 20, true), problems: ['with-baseline'] },
    ],
  });
  const timed = (name: string, ms: number, baseline = false) =>
    timingSolver<number>({
      name,
      baseline,
      samples: 3,
      warmup: 0,
      prepare: () => ({
        call: () => {
          clock.advance(ms);
        },
      }),
    });
  const timing = definePlugin({
    name: 'timing',
    datasets: [{ name: 'n', load: () => 0 }],
    problems: [{ name: 'op', kind: 'timing', create: () => ({ spec: 0, work: { amount: 1, unit: 'GFLOP' } }) }],
    solvers: [timed('ours', 8), timed('theirs <b>', 4, true)],
  });
  return runBench([converge, timing], { clock, memory: () => ({ numBytes: 0, numTensors: 0 }), repetitions: 2 });
}

export const FIXTURE_METADATA: RunMetadata = {
  status: 'complete',
  date: '2026-11-22T00:00:00.000Z',
  finishedAt: '2026-11-22T00:01:00.000Z',
  gitCommit: 'abc123',
  gitDirty: false,
  backend: 'cpu',
  backendInfo: { name: 'cpu', simd: false, threads: 1 },
  cpuCount: 2,
  cpuModel: 'test CPU',
  node: 'v20',
  platform: 'linux-x64',
  seed: 0,
  suites: ['quick'],
  size: 'quick',
  timeoutSeconds: 60,
  repetitions: 2,
  plugins: [],
  argv: ['run'],
  peers: {
    threads: 1,
    python: '3.11.2',
    executable: '/usr/bin/python3',
    versions: { numpy: '1.24.2', torch: null },
    torch_threads: null,
    env: { OPENBLAS_CORETYPE: 'Haswell' },
    blas: [{ user_api: 'blas', internal_api: 'openblas', version: '0.3.21', architecture: 'Haswell', num_threads: 1 }],
  },
};
