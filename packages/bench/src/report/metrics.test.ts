import { describe, expect, it } from 'vitest';
import { timingSolver } from '../adapters.js';
import { analyze } from '../analyze.js';
import { manualClock } from '../clock.js';
import { definePlugin } from '../define-plugin.js';
import type { RunRecord } from '../records.js';
import { runBench } from '../run-bench.js';
import { buildReport } from './html.js';

async function records() {
  const clock = manualClock();
  const solver = (name: string, density: number, accuracies: number[]) => {
    let k = 0;
    return timingSolver<number>({
      name,
      samples: accuracies.length,
      warmup: 0,
      prepare: () => ({
        call: () => {
          clock.advance(5);
          return { metrics: { density, accuracy: accuracies[k++ % accuracies.length], skipped: Number.NaN } };
        },
      }),
    });
  };
  const plugin = definePlugin({
    name: 'curves',
    datasets: [{ name: 'n', load: () => 0 }],
    problems: [
      {
        name: 'sparsity',
        kind: 'timing',
        plots: [{ x: 'density', y: 'accuracy', title: 'accuracy vs density' }],
        create: () => ({ spec: 0 }),
      },
    ],
    solvers: [solver('sparse', 0.1, [0.8, 0.9, 0.85]), solver('dense', 1, [0.95])],
  });
  return runBench([plugin], { clock, memory: () => ({ numBytes: 0, numTensors: 0 }) });
}

describe('reported metrics', () => {
  it('are kept per sample (finite values only), summarised per solver and drawn as the problem asks', async () => {
    const rs = await records();
    const runs = rs.filter((r): r is RunRecord => r.type === 'run');
    expect(runs[0].points.map((p) => p.metrics)).toEqual([
      { density: 0.1, accuracy: 0.8 },
      { density: 0.1, accuracy: 0.9 },
      { density: 0.1, accuracy: 0.85 },
    ]);
    const [group] = analyze(rs).groups;
    expect(group.solvers.map((s) => [s.label, s.metrics?.accuracy.median, s.metrics?.density.median])).toEqual([
      ['sparse', 0.85, 0.1],
      ['dense', 0.95, 1],
    ]);
    const { html } = await buildReport(rs, undefined);
    expect(html.match(/<table class="metrics">/g)?.length).toBe(1);
    expect(html).toContain('0.85 (0.8–0.9)');
    expect(html).toContain('accuracy vs density');
    const plot = [...html.matchAll(/<figure class="plot" id="p\d+">(<svg[\s\S]*?<\/svg>)<\/figure>/g)]
      .map((m) => m[1])
      .find((svg) => svg.includes('accuracy vs density'));
    expect(plot?.match(/<path[^>]*aria-roledescription="point"/g)?.length).toBe(2);
  });
});
