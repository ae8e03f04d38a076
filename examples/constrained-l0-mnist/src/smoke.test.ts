import { expect, it } from 'vitest';
import { runExperiment } from './experiment.js';

it('trains under the density constraint, purges exactly and reports a magnitude-pruning baseline (CI size)', async () => {
  const r = await runExperiment({ trainSize: 600, testSize: 200, epochs: 2, epsilon: 0.33, seed: 1 });
  expect(r.history.length).toBe(2);
  // the expected density starts at ~0.94 (drop rates 0.2 / 0.5) and the constraint pulls it toward ε; once below ε the
  // multiplier restarts and the loss may reopen gates, so the density need not fall monotonically
  expect(r.history.at(-1)!.density[0]).toBeLessThan(0.6);
  expect(r.maxPurgeGap).toBeLessThan(1e-4);
  expect(r.purgedError).toBeCloseTo(r.gatedError, 6);
  expect(r.architecture.length).toBe(3);
  for (const e of [r.gatedError, r.magnitudeError]) expect(e).toBeGreaterThanOrEqual(0);
});
