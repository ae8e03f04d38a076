import { expect, it } from 'vitest';
import { createRng } from '@sparsekit/tensor';
import { chooseWorkingSet } from './working-set.js';

/** The rule stated plainly: support, then candidates by (priority, index), topped up to the target. */
function reference(w: Float64Array, g: Float64Array, colNorm2: Float64Array, screened: Uint8Array, scale: number, size: number): number[] {
  const s = scale > 0 ? scale : 1;
  const support = [...w.keys()].filter((j) => w[j] !== 0);
  const priority = (j: number) => (1 - Math.abs(g[j]) / s) / Math.sqrt(colNorm2[j]);
  const candidates = [...w.keys()]
    .filter((j) => w[j] === 0 && !screened[j] && colNorm2[j] > 0)
    .sort((a, b) => priority(a) - priority(b) || a - b);
  const extra = Math.max(0, Math.max(size, 2 * support.length) - support.length);
  return [...support, ...candidates.slice(0, extra)].sort((a, b) => a - b);
}

it('chooseWorkingSet takes the support and the highest-priority candidates, lowest index on ties', () => {
  const rng = createRng(11);
  for (let t = 0; t < 400; t++) {
    const draws = rng.uniformArray(400);
    let next = 0;
    const u = () => draws[next++];
    const p = 1 + Math.floor(u() * 40);
    const w = Float64Array.from({ length: p }, () => (u() < 0.2 ? u() - 0.5 : 0));
    // coarse values so that equal priorities (ties) are common
    const g = Float64Array.from({ length: p }, () => Math.round(u() * 4) / 4);
    const colNorm2 = Float64Array.from({ length: p }, () => (u() < 0.1 ? 0 : 1 + Math.round(u() * 2)));
    const screened = Uint8Array.from({ length: p }, () => (u() < 0.2 ? 1 : 0));
    const size = Math.floor(u() * 50);
    const scale = u() < 0.1 ? 0 : 1.5;
    const chosen = chooseWorkingSet(w, g, colNorm2, screened, scale, size);
    expect(Array.from(chosen), `case ${t}`).toEqual(reference(w, g, colNorm2, screened, scale, size));
  }
});
