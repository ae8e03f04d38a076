import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipUnlessInstalled } from '@sparsekit/tensor/testing';
import { manualClock } from '../clock.js';
import { definePlugin } from '../define-plugin.js';
import type { RunRecord } from '../records.js';
import { runBench } from '../run-bench.js';
import { lassoProblem } from '../suites/solvers/lasso.js';
import { disposeLassoData, lassoData } from '../suites/solvers/lasso-data.js';
import { digitsDataset, logisticProblem, logisticSolvers } from '../suites/solvers/logistic.js';
import type { IteratePoint } from '../types.js';
import { peerInfo, peerThreads, pythonHas, runPythonScript } from './python.js';
import { pythonTimingSolver } from './python-timing.js';

describe('Python baselines without Python', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.SPARSEKIT_PYTHON;
    process.env.SPARSEKIT_PYTHON = '/nonexistent/python3';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SPARSEKIT_PYTHON;
    else process.env.SPARSEKIT_PYTHON = saved;
  });

  it('say "baseline not available" and never fail the run', async () => {
    expect(pythonHas(['numpy'])).toMatch(/^baseline not available: \/nonexistent\/python3 cannot be run \(ENOENT\)$/);
    const plugin = definePlugin({
      name: 'py',
      datasets: [{ name: 'd', load: () => 0 }],
      problems: [{ name: 'matmul', kind: 'timing', create: () => ({ spec: 8 }) }],
      solvers: [
        pythonTimingSolver<number>({
          name: 'numpy',
          modules: ['numpy'],
          script: 'numpy_kernels.py',
          request: (n) => ({ op: 'matmul', n }),
        }),
        {
          name: 'ours',
          run: (_s: number, ctx) => {
            ctx.report({ iteration: 1, timeMs: 1 });
          },
        },
      ],
    });
    const runs = (await runBench([plugin], { clock: manualClock(), memory: () => ({ numBytes: 0, numTensors: 0 }) })).filter(
      (r): r is RunRecord => r.type === 'run',
    );
    expect(runs.map((r) => [r.solver, r.status])).toEqual([
      ['numpy', 'unavailable'],
      ['ours', 'done'],
    ]);
    expect(runs[0].message).toMatch(/^baseline not available/);
  });
});

// The scripts run without a limit of their own: the shared test time limit is the only guard.
const NO_CHILD_LIMIT = 0;

describe('shipped Python scripts (oracles where the modules exist)', () => {
  it('numpy_kernels times a kernel and reports samples', async (ctx) => {
    const available = pythonHas(['numpy']);
    skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
    const answer = await runPythonScript<{ samples_ms: number[]; check: number; library: string }>(
      'numpy_kernels.py',
      { op: 'sum', size: 1000, samples: 2, seed: 1 },
      NO_CHILD_LIMIT,
    );
    expect(answer.samples_ms.length).toBe(2);
    expect(answer.samples_ms.every((t) => t >= 0)).toBe(true);
    expect(answer.library).toMatch(/^numpy /);
  });

  it('torch_l1_projection lands on the sphere of every row (sum |p| = batch × radius)', async (ctx) => {
    const available = pythonHas(['torch']);
    skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
    const answer = await runPythonScript<{ check: number }>(
      'torch_l1_projection.py',
      { batch: 4, n: 50, radius: 2, samples: 1, seed: 3 },
      NO_CHILD_LIMIT,
    );
    expect(answer.check).toBeCloseTo(8, 4);
  });

  it('numpy_l1_projection lands on the sphere of every row (sum |p| = batch × radius)', async (ctx) => {
    const available = pythonHas(['numpy']);
    skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
    const answer = await runPythonScript<{ check: number }>(
      'numpy_l1_projection.py',
      { batch: 4, n: 50, radius: 2, samples: 1, seed: 3 },
      NO_CHILD_LIMIT,
    );
    expect(answer.check).toBeCloseTo(8, 4);
  });

  it('lasso_peer (scikit-learn) reaches the same optimum as the float64 working-set reference on the same data', async (ctx) => {
    const available = pythonHas(['numpy', 'sklearn']);
    skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
    const data = lassoData(7, 40, 60, 5);
    try {
      const instance = await lassoProblem().create(data, { lambdaRatio: 0.1 }, { seed: 0 });
      const fStar = await instance.reference!();
      const answer = await runPythonScript<{ points: { objective: number; iterations: number }[] }>(
        'lasso_peer.py',
        {
          X: data.files.X,
          y: data.files.y,
          n: data.n,
          p: data.p,
          lambda: instance.spec.lambda,
          budgets: [1, 10, 10000],
          tol: 1e-14,
        },
        NO_CHILD_LIMIT,
      );
      const objectives = answer.points.map((p) => p.objective);
      // More coordinate-descent epochs never increase the objective, and the last one is optimal.
      expect(objectives).toEqual([...objectives].sort((a, b) => b - a));
      expect(Math.abs(objectives.at(-1)! - fStar) / fStar).toBeLessThan(1e-9);
    } finally {
      disposeLassoData(data);
    }
  });
});

describe('numpy Frank-Wolfe peer of the MNIST L1-logistic problem', () => {
  it.for(['demyanov-rubinov', 'sublinear', 'backtracking'] as const)(
    'follows the same iterates as sparsekit frankWolfe with the %s step',
    async (step, ctx) => {
      const available = pythonHas(['numpy']);
      skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
      const problem = logisticProblem(40, 1);
      const data = digitsDataset(10);
      const digits = await data.load({ perDigit: 10 }, { seed: 0 });
      const instance = await problem.create(digits, { radius: 5 }, { seed: 0 });
      try {
        const ours = new Map<number, number>();
        const theirs = new Map<number, number>();
        const collect = (into: Map<number, number>) => ({
          params: {},
          seed: 0,
          timeLimitMs: 60_000,
          clock: manualClock(),
          elapsedMs: () => 0,
          report: (p: IteratePoint) => {
            into.set(p.iteration, p.objective ?? instance.evaluate!(p.x));
            return undefined;
          },
        });
        const solver = (name: string) => logisticSolvers.find((s) => s.name === name)!;
        solver(`fw-${step}`).run(instance.spec, collect(ours));
        await solver(`numpy-fw-${step}`).run({ ...instance.spec, maxIter: 40 }, collect(theirs));
        const shared = [...ours.keys()].filter((k) => theirs.has(k) && k <= 40);
        expect(shared.length).toBeGreaterThan(10);
        // float32 tfjs vs float64 numpy along the same iterates: objectives agree to float32 accuracy.
        for (const k of shared) expect(Math.abs(ours.get(k)! - theirs.get(k)!) / theirs.get(k)!).toBeLessThan(1e-5);
      } finally {
        instance.dispose?.();
        data.dispose!(digits);
      }
    },
  );
});

describe('peer environment', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.SPARSEKIT_PEER_THREADS;
    process.env.SPARSEKIT_PEER_THREADS = '1';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SPARSEKIT_PEER_THREADS;
    else process.env.SPARSEKIT_PEER_THREADS = saved;
  });

  it('pins the BLAS, OpenMP and torch pools of the peers to the requested threads and records versions', async (ctx) => {
    const available = pythonHas(['numpy']);
    skipUnlessInstalled(ctx, available === true ? undefined : `${available} (.ci/run installs the Debian packages)`);
    expect(peerThreads()).toBe(1);
    const info = peerInfo();
    expect(info.error).toBeUndefined();
    expect(info.threads).toBe(1);
    expect(info.versions?.numpy).toMatch(/^\d+\.\d+/);
    expect(info.env).toMatchObject({ OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' });
    const pools = (info.blas ?? []).filter((b) => typeof b.num_threads === 'number');
    // threadpoolctl sees the pools the peers really use; each must honour the pin.
    if (info.versions?.threadpoolctl) expect(pools.length).toBeGreaterThan(0);
    for (const pool of pools) expect(pool.num_threads).toBe(1);
    if (info.versions?.torch) expect(info.torch_threads).toBe(1);
  });
});
