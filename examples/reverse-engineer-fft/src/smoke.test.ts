import { expect, it } from 'vitest';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { recover } from './reverse-engineer.js';
import { supportsSvg } from './supports-svg.js';

it('recovers DFT-64 and Hadamard-64 exactly (float32) with the published sizes', async () => {
  await useBackendOrThrow('cpu');
  const d = recover('dft', 64, { batch: 4, reps: 1 });
  const h = recover('hadamard', 64, { batch: 4, reps: 1 });
  expect(d.relError).toBeLessThan(1e-6);
  expect(h.relError).toBeLessThan(1e-6);
  expect(d.faust.nnzSum()).toBe(2 * 64 * 6 + 64);
  expect(h.faust.nnzSum()).toBe(2 * 64 * 6);
  const svg = supportsSvg(h.faust, 'hadamard-64', 64, 1);
  expect(svg.startsWith('<svg')).toBe(true);
  expect((svg.match(/fill="#1f4e79"/g) ?? []).length).toBe(6 * 64 * 2); // 2 nonzeros per row in each of the 6 factors
});
