import { expect, it } from 'vitest';
import { runExperiment } from './experiment.js';

it('trains under the density constraint, purges exactly and reports a magnitude-pruning baseline (CI size)', async () => {
  const r = await runExperiment({ trainSize: 600, testSize: 200, epochs: 2, epsilon: 0.33, seed: 1 });
  expect(r.history.length).toBe(2);
  expect(r.history[1].density[0]).toBeLessThan(r.history[0].density[0] + 1e-6);
  expect(r.maxPurgeGap).toBeLessThan(1e-4);
  expect(r.purgedError).toBeCloseTo(r.gatedError, 6);
  expect(r.architecture.length).toBe(3);
  for (const e of [r.gatedError, r.magnitudeError]) expect(e).toBeGreaterThanOrEqual(0);
});
