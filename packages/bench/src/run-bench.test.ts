import { describe, expect, it } from 'vitest';
import { formatSummary } from './summary.js';
import { analyze } from './analyze.js';
import { timingSolver } from './adapters.js';
import { definePlugin } from './define-plugin.js';
import { budgetFake, fakePlugin, geometricSolver, newClock } from './internal/fake-plugin.test-helpers.js';
import type { ResultRecord, RunRecord } from './records.js';
import { runBench } from './run-bench.js';
import type { BenchSolver } from './types.js';

const noMemory = () => ({ numBytes: 0, numTensors: 0 });
const runs = (records: ResultRecord[]): RunRecord[] => records.filter((r): r is RunRecord => r.type === 'run');

describe('runBench with deterministic fake solvers', () => {
  it('records exact curves; evaluation time is excluded from solver time', async () => {
    const clock = newClock();
    const records = await runBench([fakePlugin(clock, [geometricSolver(clock, 'geo', () => 10, 4)])], { clock, memory: noMemory });
    const [run] = runs(records);
    expect(run.status).toBe('done');
    expect(run.points).toEqual([
      { timeMs: 10, iteration: 1, objective: 1.5, certificate: 0.5 },
      { timeMs: 20, iteration: 2, objective: 1.25 },
      { timeMs: 30, iteration: 3, objective: 1.125, certificate: 0.125 },
      { timeMs: 40, iteration: 4, objective: 1.0625 },
    ]);
    expect(run.timeMs).toBe(40);
  });

  it('gives exact time- and iterations-to-tolerance against the best objective seen', async () => {
    const clock = newClock();
    const exact: BenchSolver<{ fstar: number }> = {
      name: 'exact',
      run: (s, ctx) => {
        clock.advance(5);
        ctx.report({ iteration: 1, objective: s.fstar });
      },
    };
    const records = await runBench([fakePlugin(clock, [geometricSolver(clock, 'geo', () => 10), exact])], { clock, memory: noMemory });
    const reference = records.find((r) => r.type === 'reference');
    expect(reference).toMatchObject({ value: 1, source: 'best-seen' });
    const geo = analyze(records).groups[0].solvers.find((s) => s.solver === 'geo')!;
    // 2^-k <= 0.1 first at k = 4 (40 ms); 2^-k <= 1e-3 first at k = 10 (100 ms).
    expect(geo.timeToTol.map((t) => [t.tol, t.timeMs.median, t.iterations.median, t.reached])).toEqual([
      [0.1, 40, 4, 1],
      [1e-3, 100, 10, 1],
    ]);
    expect(geo.finalSuboptimality!.median).toBe(2 ** -20);
  });

  it('summarises repetitions by median and range; each repetition gets its own seed', async () => {
    const clock = newClock();
    const solver = geometricSolver(clock, 'geo', (seed) => 10 * (seed + 1));
    const records = await runBench([fakePlugin(clock, [solver])], { clock, memory: noMemory, repetitions: 3, seed: 7 });
    expect(runs(records).map((r) => r.seed)).toEqual([7, 8, 9]);
    const t = analyze(records).groups[0].solvers[0].timeToTol[0];
    // k = 4 at 10·(seed+1) ms per iteration: 320, 360, 400 ms.
    expect(t.timeMs).toEqual({ median: 360, min: 320, max: 400, n: 3 });
  });

  it('interleaves repetitions, each starting with the next configuration', async () => {
    const clock = newClock();
    const solvers = ['a', 'b', 'c'].map((name) => geometricSolver(clock, name, () => 1, 2));
    const records = await runBench([fakePlugin(clock, solvers)], { clock, memory: noMemory, repetitions: 3 });
    expect(runs(records).map((r) => `${r.solver}${r.repetition}`)).toEqual(['a0', 'b0', 'c0', 'b1', 'c1', 'a1', 'c2', 'a2', 'b2']);
  });

  it('stops a run at the time limit and marks it timeout', async () => {
    const clock = newClock();
    const records = await runBench([fakePlugin(clock, [geometricSolver(clock, 'slow', () => 100)])], {
      clock,
      memory: noMemory,
      timeLimitMs: 250,
    });
    const [run] = runs(records);
    expect(run.status).toBe('timeout');
    expect(run.points.map((p) => p.timeMs)).toEqual([100, 200, 300]);
  });

  it('stops at the target when a reference run is known, and keeps the best value as reference', async () => {
    const clock = newClock();
    const records = await runBench([fakePlugin(clock, [geometricSolver(clock, 'geo', () => 1)], { reference: 1 })], {
      clock,
      memory: noMemory,
    });
    const [run] = runs(records);
    // target = 1 + 1e-3·0.1: 2^-k <= 1e-4 first at k = 14.
    expect(run.status).toBe('target');
    expect(run.points.length).toBe(14);
    expect(records.find((r) => r.type === 'reference')).toMatchObject({ value: 1, source: 'reference-run' });
  });

  it('tells solvers the target it will stop them at (out-of-process peers stop there themselves)', async () => {
    const clock = newClock();
    const seen: (number | undefined)[] = [];
    const peek: BenchSolver<{ fstar: number }> = {
      name: 'peek',
      run: (s, ctx) => {
        seen.push(ctx.target);
        ctx.report({ iteration: 1, objective: s.fstar + 1 });
      },
    };
    await runBench([fakePlugin(clock, [peek], { reference: 1 })], { clock, memory: noMemory });
    await runBench([fakePlugin(clock, [peek])], { clock, memory: noMemory });
    expect(seen).toEqual([1 + 1e-3 * 0.1, undefined]);
  });

  it('times growing budgets call by call', async () => {
    const clock = newClock();
    const records = await runBench([fakePlugin(clock, [budgetFake(clock)])], { clock, memory: noMemory });
    const [run] = runs(records);
    expect(run.points.map((p) => [p.iteration, p.timeMs, p.objective])).toEqual([
      [1, 2, 1.5],
      [2, 4, 1.25],
      [4, 8, 1.0625],
      [8, 16, 1 + 2 ** -8],
      [16, 32, 1 + 2 ** -16],
    ]);
    expect(run.timeMs).toBe(62);
    expect(analyze(records).groups[0].solvers[0].timeToTol[0].timeMs.median).toBe(8);
  });

  it('records peak tensor memory above the starting level and leaked tensors', async () => {
    const clock = newClock();
    let bytes = 1000;
    let tensors = 3;
    const memory = () => ({ numBytes: bytes, numTensors: tensors });
    const solver: BenchSolver = {
      name: 'alloc',
      run: (_s, ctx) => {
        bytes += 400;
        ctx.report({ iteration: 1, objective: 2 });
        bytes -= 300;
        tensors += 1;
        ctx.report({ iteration: 2, objective: 1 });
      },
    };
    const [run] = runs(await runBench([fakePlugin(clock, [solver])], { clock, memory }));
    expect(run.peakBytes).toBe(400);
    expect(run.leakedTensors).toBe(1);
  });

  it('turns throwing solvers, non-finite objectives and silent solvers into statuses, and goes on', async () => {
    const clock = newClock();
    const solvers: BenchSolver[] = [
      {
        name: 'throws',
        run: () => {
          throw new Error('kaboom');
        },
      },
      {
        name: 'nan',
        run: (_s, ctx) => {
          ctx.report({ iteration: 1, objective: 2 });
          ctx.report({ iteration: 2, objective: Number.NaN });
        },
      },
      { name: 'silent', run: () => undefined },
      {
        name: 'missing',
        available: () => 'baseline not available: no numpy',
        run: () => {
          throw new Error('must not run');
        },
      },
      geometricSolver(clock, 'geo', () => 10, 3),
    ];
    const rows = runs(await runBench([fakePlugin(clock, solvers)], { clock, memory: noMemory }));
    expect(rows.map((r) => [r.solver, r.status])).toEqual([
      ['throws', 'error'],
      ['nan', 'error'],
      ['silent', 'error'],
      ['missing', 'unavailable'],
      ['geo', 'done'],
    ]);
    expect(rows[0].message).toBe('kaboom');
    expect(rows[1].message).toMatch(/non-finite objective NaN at iteration 2/);
    expect(rows[1].points.length).toBe(1);
    expect(rows[3].message).toBe('baseline not available: no numpy');
  });

  it('abandons an asynchronous solver that never returns', async () => {
    const clock = newClock();
    const hang: BenchSolver = { name: 'hang', run: () => new Promise<void>(() => undefined) };
    const [run] = runs(await runBench([fakePlugin(clock, [hang])], { clock, memory: noMemory, timeLimitMs: 10, graceMs: 20 }));
    expect(run.status).toBe('timeout');
    expect(run.message).toMatch(/abandoned/);
  });

  it('reports timing samples with medians, throughput and ratios to a baseline', async () => {
    const clock = newClock();
    const timed = (name: string, ms: number[], baseline = false) =>
      timingSolver<number>({
        name,
        baseline,
        samples: ms.length,
        warmup: 1,
        prepare: () => {
          let i = -1;
          return {
            call: () => {
              clock.advance(i < 0 ? 1000 : ms[i]);
              i++;
            },
          };
        },
      });
    const plugin = definePlugin({
      name: 'timing',
      datasets: [{ name: 'n', load: () => 0 }],
      problems: [{ name: 'op', kind: 'timing', create: () => ({ spec: 0, work: { amount: 2, unit: 'GFLOP' } }) }],
      solvers: [timed('ours', [30, 10, 20]), timed('theirs', [5, 4, 6], true)],
    });
    const analysis = analyze(await runBench([plugin], { clock, memory: noMemory }));
    const [ours, theirs] = analysis.groups[0].solvers;
    expect(ours.sampleMs!.median).toBe(20);
    expect(ours.throughput).toBe(100); // 2 GFLOP in 20 ms
    expect(theirs.sampleMs!.median).toBe(5);
    // Median over median, with the range [fastest of ours / slowest of theirs, slowest / fastest].
    expect(ours.ratios).toEqual([{ baseline: 'theirs', ratio: 4, range: [10 / 6, 30 / 4] }]);
    expect(formatSummary(analysis)).toMatch(/4\.00× \[1\.67–7\.50\] vs theirs/);
  });

  it('emits progress for every planned run and streams records to the sink in order', async () => {
    const clock = newClock();
    const events: string[] = [];
    const streamed: ResultRecord[] = [];
    const records = await runBench(
      [fakePlugin(clock, [geometricSolver(clock, 'a', () => 1, 2), geometricSolver(clock, 'b', () => 1, 2)])],
      {
        clock,
        memory: noMemory,
        repetitions: 2,
        sink: (r) => streamed.push(r),
        onProgress: (e) => events.push(e.type === 'start' ? `start ${e.total}` : `${e.done}/${e.total}`),
      },
    );
    expect(events).toEqual(['start 4', '1/4', '2/4', '3/4', '4/4']);
    expect(streamed).toEqual(records);
  });

  it('skips the runs not yet started once aborted and keeps the finished ones', async () => {
    const clock = newClock();
    const controller = new AbortController();
    const solvers = ['a', 'b', 'c'].map((n) => geometricSolver(clock, n, () => 1, 2));
    const records = await runBench([fakePlugin(clock, solvers)], {
      clock,
      memory: noMemory,
      signal: controller.signal,
      sink: (r) => {
        if (r.type === 'run' && r.solver === 'b') controller.abort();
      },
    });
    expect(records.map((r) => (r.type === 'run' ? r.solver : r.type))).toEqual(['a', 'b', 'reference']);
  });
});
