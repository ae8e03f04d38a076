import { expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { splitLbi, type SplitLbiPath } from './split-lbi.js';
import { lbi } from './lbi.js';
import { gaussianMatrix, testRng } from './internal/test-data.test-helpers.js';

function unwrap<T>(res: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: T }): T {
  if (res._tag === 'Left') throw res.left;
  return res.right;
}

describeBackends(['cpu', 'wasm'], 'splitLbi', () => {
  const rng = testRng(44);
  const n = 30;
  const p = 6;
  const x = gaussianMatrix(rng, n, p);
  const beta = [2, -1.5, 0, 0, 1, 0];
  const y = x.map((r) => r.reduce((s, v, j) => s + v * beta[j], 0) + 0.3 * rng.normal());

  it('with D = I and small ν, γ follows the LBI path (of damping κ/2)', () => {
    // As ν → 0, β tracks γ with lag time ν/κ, and that lag adds β̇/κ ≈ γ̇/κ to the inclusion:
    // ρ̇ + 2γ̇/κ = −∇ℓ(γ), i.e. LBI with κ/2. A small α makes both runs follow the continuous
    // dynamics (Libra's default c = 1 step jumps to the active-set fit in one iteration).
    const plain = unwrap(lbi(x, y, { kappa: 2, alpha: 0.002, intercept: false, normalize: false, nt: 30, trate: 5 }));
    const errors = [0.1, 0.005].map((nu) => {
      const split = unwrap(splitLbi(x, y, { kappa: 4, nu, intercept: false, normalize: false, tlist: plain.t.slice(1) }));
      let worst = 0;
      split.t.forEach((t, k) => {
        const ref = plain.at(t).beta;
        split.gamma[k].forEach((g, j) => {
          worst = Math.max(worst, Math.abs(g - ref[j]));
        });
      });
      return worst;
    });
    const scale = Math.max(...beta.map(Math.abs));
    expect(errors[1]).toBeLessThan(errors[0]);
    expect(errors[1]).toBeLessThan(0.05 * scale);
  });

  it('starts at t0 = ν / max|Dβ_r| with β_r the ridge fit, and β̃ is the projection onto supp(γ)', () => {
    const edges: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ];
    const nu = 0.5;
    const path: SplitLbiPath = unwrap(
      splitLbi(x, y, { D: { kind: 'graph', edges }, nu, kappa: 5, intercept: false, normalize: false, nt: 15, trate: 20 }),
    );
    // Float64 ridge reference: (XᵀX/n + DᵀD/ν) β = Xᵀy/n.
    const dm = edges.map(([i, j]) => Array.from({ length: p }, (_, c) => (c === i ? 1 : c === j ? -1 : 0)));
    const xm = new Matrix(x);
    const dM = new Matrix(dm);
    const a = xm.transpose().mmul(xm).div(n).add(dM.transpose().mmul(dM).div(nu));
    const br = solve(a, xm.transpose().mmul(Matrix.columnVector(y)).div(n)).getColumn(0);
    const dbr = dm.map((r) => Math.abs(r.reduce((s: number, v: number, j: number) => s + v * br[j], 0)));
    expect(path.t0).toBeCloseTo(nu / Math.max(...dbr), 3);
    const last = path.t.length - 1;
    const tilde = path.beta[last];
    path.gamma[last].forEach((g, e) => {
      const diff = tilde[edges[e][0]] - tilde[edges[e][1]];
      if (g === 0) expect(Math.abs(diff)).toBeLessThan(1e-9);
    });
    // β − β̃ lies in the span of the unselected rows of D (orthogonal projection).
    const off = edges.filter((_, e) => path.gamma[last][e] === 0);
    const resid = path.betaDense[last].map((v, j) => v - tilde[j]);
    const kerBasisOrth = off.length === 0 ? 0 : Math.abs(resid.reduce((s, v) => s + v, 0));
    expect(kerBasisOrth).toBeLessThan(1e-6); // incidence rows are orthogonal to the constant vector
  });

  it('is leak-free and rejects bad options', async () => {
    await expectNoLeaks(() => {
      unwrap(splitLbi(x, y, { nt: 5, trate: 3 }));
    });
    expect(() => splitLbi(x, y, { kappa: 0 })).toThrow(/kappa/);
    expect(() => splitLbi(x, y, { D: { kind: 'graph', edges: [[0, 9]] } })).toThrow(/edges/);
    // D with the wrong number of columns for X is data that do not match: a Left.
    const wrongD = splitLbi(x, y, { D: [[1, 2]] });
    expect(wrongD._tag === 'Left' && [wrongD.left.code, wrongD.left.message]).toEqual(['shape_mismatch', expect.stringMatching(/columns/)]);
  });
});
