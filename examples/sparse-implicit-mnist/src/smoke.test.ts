import { expect, it } from 'vitest';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { runExperiment } from './experiment.js';

it('trains both implicit models on a few digits and reports consistent numbers', async () => {
  await useBackendOrThrow('wasm');
  const reports = await runExperiment({ train: 1000, test: 200, epochs: 1, epsilon: 0.02, seed: 1 });
  expect(reports.map((r) => r.name)).toEqual(['dense (Adam + projection)', 'sparse (SFW from zero)']);
  for (const r of reports) {
    expect(r.certified).toBeLessThanOrEqual(r.robust);
    expect(r.robust).toBeLessThanOrEqual(r.clean);
    expect(r.normA).toBeLessThanOrEqual(0.95 * (1 + 1e-6));
    expect(r.clean).toBeGreaterThan(0.2);
  }
  // 10 Frank-Wolfe steps from zero: at most 10 nonzeros in each row of 100.
  expect(reports[1].densityA).toBeLessThanOrEqual(0.1);
});

it('loads the official split when asked', async () => {
  await useBackendOrThrow('wasm');
  const reports = await runExperiment({ train: 500, test: 100, epochs: 1, epsilon: 0.02, seed: 1, source: 'official' });
  expect(reports.length).toBe(2);
  for (const r of reports) expect(r.clean).toBeGreaterThan(0.2);
});
