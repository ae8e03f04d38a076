import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectClose, expectNoLeaks } from '@sparsekit/tensor/testing';
import { lbi, type LbiOptions, type LbiPath } from './lbi.js';
import { iss } from './iss.js';
import { gaussianMatrix, orthogonalDesign, testRng } from './internal/test-data.test-helpers.js';
import { lbiReference, type RefLoss } from './internal/lbi-reference.test-helpers.js';

function unwrap<T>(res: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: T }): T {
  if (res._tag === 'Left') throw res.left;
  return res.right;
}

/** Centres and scales columns to ‖x_j‖² = n in float64 (Libra's preprocessing). */
function standardized(x: number[][]): number[][] {
  const n = x.length;
  const mean = x[0].map((_, j) => x.reduce((s, r) => s + r[j], 0) / n);
  const c = x.map((r) => r.map((v, j) => v - mean[j]));
  const sd = mean.map((_, j) => Math.sqrt(c.reduce((s, r) => s + r[j] ** 2, 0) / n));
  return c.map((r) => r.map((v, j) => v / sd[j]));
}

function compareWithReference(
  loss: RefLoss,
  y: number[],
  yMatrix: number[][],
  extra: Partial<LbiOptions>,
  a0: number[],
  groups?: number[],
): void {
  const rng = testRng(3);
  const x = standardized(gaussianMatrix(rng, 24, 6));
  const opts: LbiOptions = { kappa: 5, alpha: 0.02, loss, nt: 12, trate: 8, ...extra };
  const path = unwrap(lbi(x, loss === 'multinomial' ? tf.tensor2d(yMatrix) : y, opts)) as LbiPath;
  const ref = lbiReference({
    loss,
    x,
    y: yMatrix,
    kappa: 5,
    alpha: 0.02,
    alpha0Rate: 1,
    a0,
    intercept: true,
    groups,
    t: (t0) => Array.from({ length: 12 }, (_, i) => t0 * 8 ** (i / 11)),
  });
  expect(path.t0).toBeCloseTo(ref.t0, 4);
  expectClose(path.t, ref.t, { rtol: 1e-5 });
  ref.beta.forEach((b, i) => {
    expectClose(path.beta[i], b.flat(), { rtol: 1e-4, atol: 1e-5, message: `beta at t[${i}]` });
    expectClose(path.intercept[i], ref.a[i], { rtol: 1e-4, atol: 1e-5, message: `intercept at t[${i}]` });
  });
}

describeBackends(['cpu', 'wasm'], 'lbi', () => {
  it('matches the float64 transcription of Libra (squared, grouped, logistic, multinomial)', () => {
    const rng = testRng(4);
    const yg = rng.normals(24).map((v, i) => v + (i % 3));
    const mean = yg.reduce((s, v) => s + v, 0) / 24;
    compareWithReference(
      'squared',
      yg,
      yg.map((v) => [v]),
      {},
      [mean],
    );
    compareWithReference(
      'squared',
      yg,
      yg.map((v) => [v]),
      { groupType: 'grouped', index: [1, 1, 2, 3, 3, 3] },
      [mean],
      [1, 1, 2, 3, 3, 3],
    );
    const yb = yg.map((v) => (v > mean ? 1 : -1));
    const s = yb.reduce((u, v) => u + v, 0);
    compareWithReference(
      'logistic',
      yb,
      yb.map((v) => [v]),
      { alpha: 0.02 },
      [Math.log((24 + s) / (24 - s))],
    );
    const ym = yg.map((v) => (v < mean - 0.5 ? 0 : v < mean + 0.5 ? 1 : 2));
    const oh = ym.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));
    const priors = [0, 1, 2].map((k) => Math.log(ym.filter((c) => c === k).length / 24));
    compareWithReference('multinomial', ym, oh, {}, priors);
    compareWithReference('multinomial', ym, oh, { groupType: 'columned' }, priors, [0, 1, 2, 3, 4, 5]);
  });

  it('jump-starts at t0 = n / max|Xᵀ(y − ȳ)| with the path zero up to t0', () => {
    const rng = testRng(9);
    const x = gaussianMatrix(rng, 30, 7).map((r) => r.map((v, j) => 3 * v + j));
    const y = rng.normals(30);
    const path = unwrap(lbi(x, y, { kappa: 20, nt: 5 }));
    const xs = standardized(x);
    const ym = y.reduce((s, v) => s + v, 0) / 30;
    const g = xs[0].map((_, j) => Math.abs(xs.reduce((s, r, i) => s + r[j] * (y[i] - ym), 0)));
    expect(path.t0).toBeCloseTo(30 / Math.max(...g), 4);
    expect(path.t[0]).toBe(path.t0);
    expect(Array.from(path.beta[0])).toEqual(new Array(7).fill(0));
    expect(path.intercept[0][0]).toBeCloseTo(ym, 5);
    const first = g.indexOf(Math.max(...g));
    expect(path.entryTime[first]).toBeCloseTo(path.t0, 6);
    expect(path.t[4] / path.t[0]).toBeCloseTo(100, 6);
  });

  it('equals ISS away from entry times on an orthogonal design (c = 1), and approaches it as κ grows', () => {
    const rng = testRng(21);
    const n = 32;
    const x = orthogonalDesign(rng, n, 6);
    const y = rng.normals(n);
    const issPath = unwrap(iss(x, y, { intercept: false, normalize: false }));
    const entries = issPath.entryTime.filter(Number.isFinite);
    const errors: number[] = [];
    for (const kappa of [4, 16, 64]) {
      const path = unwrap(lbi(x, y, { kappa, intercept: false, normalize: false, nt: 40, trate: 20 }));
      expect(path.alpha).toBeCloseTo(1 / kappa, 5); // α = n·c/(κ‖X‖²) with ‖X‖² = n
      let worst = 0;
      path.t.forEach((t, i) => {
        const diff = Math.max(...Array.from(path.beta[i], (v, j) => Math.abs(v - issPath.at(t).beta[j])));
        worst = Math.max(worst, diff);
        if (entries.every((e) => Math.abs(t - e) > 2 * path.alpha)) {
          expectClose(path.beta[i], issPath.at(t).beta, { rtol: 1e-5, atol: 2e-6 * kappa, message: `κ=${kappa}, t=${t}` });
        }
      });
      errors.push(worst);
    }
    expect(errors[1]).toBeLessThanOrEqual(errors[0]);
    expect(errors[2]).toBeLessThanOrEqual(errors[1]);
  });

  it('interpolates z and then shrinks (Libra): β_j(t) is zero exactly until z_j crosses 1, and entryTime is that crossing', () => {
    // Orthogonal design (XᵀX = nI), no intercept: before entry z_j is linear in t with slope c_j/n,
    // c_j = X_jᵀy, and Libra's labels put the iterate reached at continuous time t + α at label t,
    // so β_j(t) = 0 exactly for t ≤ n/|c_j| − α and β_j(t) ≠ 0 after. Interpolating β instead
    // makes β_j nonzero on the whole step before the first nonzero iterate.
    const rng = testRng(21);
    const n = 32;
    const x = orthogonalDesign(rng, n, 6);
    const y = rng.normals(n);
    const path = unwrap(lbi(x, y, { kappa: 16, intercept: false, normalize: false, nt: 400, trate: 20 }));
    const c = x[0].map((_, j) => x.reduce((s, r, i) => s + r[j] * y[i], 0));
    let early = 0;
    c.forEach((cj, j) => {
      const cross = n / Math.abs(cj) - path.alpha;
      if (cross < path.t0) return; // the jump-start variable
      // z sums ~t/α ≈ 550 float32 steps here: a relative error up to ~550·2⁻²⁴ ≈ 3e-5 in the crossing.
      expect(Math.abs(path.entryTime[j] - cross) / cross).toBeLessThan(3e-5);
      path.t.forEach((t, i) => {
        const b = path.beta[i][j];
        if (t < cross * (1 - 1e-4)) expect(Math.abs(b), `β_${j}(${t}) before ${cross}`).toBe(0);
        if (t > cross * (1 + 1e-4)) expect(b, `β_${j}(${t}) after ${cross}`).not.toBe(0);
        if (t < cross && t > cross - path.alpha) early++;
      });
    });
    expect(early).toBeGreaterThan(0); // the grid has points inside the step where the two rules differ
  });

  it('default step α = n·c/(κ‖X‖₂²) with Libra R/lb.R c = 1 / 4 / 2 (squared / logistic / multinomial)', () => {
    const rng = testRng(8);
    const x = gaussianMatrix(rng, 30, 5);
    const xs = standardized(x);
    // ‖X‖₂² = largest eigenvalue of XᵀX, by power iteration in float64.
    const xtx = xs[0].map((_, a) => xs[0].map((__, b) => xs.reduce((s, r) => s + r[a] * r[b], 0)));
    let v = xtx.map(() => 1);
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const w = xtx.map((r) => r.reduce((s, e, j) => s + e * v[j], 0));
      lambda = Math.hypot(...w);
      v = w.map((e) => e / lambda);
    }
    const y = x.map((r) => r[0] - r[2] + 0.3 * rng.normal());
    const kappa = 7;
    const alphaOf = (loss: LbiOptions['loss'], labels: number[]) => unwrap(lbi(x, labels, { kappa, loss, nt: 3, trate: 2 })).alpha;
    expect(alphaOf('squared', y) / ((30 * 1) / (kappa * lambda))).toBeCloseTo(1, 4);
    expect(
      alphaOf(
        'logistic',
        y.map((e) => (e > 0 ? 1 : -1)),
      ) /
        ((30 * 4) / (kappa * lambda)),
    ).toBeCloseTo(1, 4);
    expect(
      alphaOf(
        'multinomial',
        y.map((e) => (e < -0.5 ? 0 : e < 0.5 ? 1 : 2)),
      ) /
        ((30 * 2) / (kappa * lambda)),
    ).toBeCloseTo(1, 4);
  });

  it('approaches the ISS path on a correlated design as κ grows with κα fixed (robust.md oracle 4)', () => {
    const rng = testRng(33);
    const x = gaussianMatrix(rng, 40, 8).map((r) => r.map((v, j) => v + 0.5 * r[(j + 1) % 8]));
    const y = x.map((r) => 2 * r[0] - 1.5 * r[3] + r[5] + 0.3 * rng.normal());
    const issPath = unwrap(iss(x, y, { intercept: false, normalize: false }));
    const gaps = [4, 16, 64].map((kappa) => {
      const path = unwrap(lbi(x, y, { kappa, intercept: false, normalize: false, nt: 25, trate: 10 }));
      let sum = 0;
      path.t.forEach((t, i) => {
        path.beta[i].forEach((v, j) => {
          sum += Math.abs(v - issPath.at(t).beta[j]);
        });
      });
      return sum / path.t.length;
    });
    expect(gaps[1]).toBeLessThan(gaps[0]);
    expect(gaps[2]).toBeLessThan(gaps[1]);
  });

  it('predicts with linear interpolation in t and is leak-free', async () => {
    const rng = testRng(2);
    const x = gaussianMatrix(rng, 20, 5);
    const y = x.map((r) => 2 * r[0] - r[3] + 0.1 * rng.normal());
    const xt = tf.tensor2d(x);
    const path = await expectNoLeaks(() => unwrap(lbi(xt, y, { kappa: 10, nt: 20 })));
    const tm = (path.t[10] + path.t[11]) / 2;
    const mid = path.at(tm);
    expectClose(
      mid.beta,
      Array.from(path.beta[10], (v, j) => (v + path.beta[11][j]) / 2),
      { rtol: 1e-12 },
    );
    await expectNoLeaks(() => path.predict(xt, tm));
    const pred = path.predict(xt, tm);
    const manual = x.map((r) => r.reduce((s, v, j) => s + v * mid.beta[j], mid.intercept[0]));
    expectClose(pred, manual, { rtol: 1e-5, atol: 1e-5 });
    pred.dispose();
    expect(path.support(path.t[19])).toEqual(expect.arrayContaining([0, 3]));
    xt.dispose();
  });

  it('rejects bad options and reports a constant response as Left', () => {
    const x = [
      [1, 2],
      [3, 4],
      [5, 7],
    ];
    expect(() => lbi(x, [1, 2, 3], { kappa: -1 })).toThrow(SparsekitError);
    expect(() => lbi(x, [1, 2, 3], { kappa: 1, groupType: 'grouped' })).toThrow(/index/);
    expect(() => lbi(x, [1, 2, 3], { kappa: 1, loss: 'logistic' })).toThrow(/-1, 1/);
    // glmnet/Libra's `family` is not an option: the error lists `loss` among the known ones.
    expect(() => lbi(x, [1, 2, 3], { kappa: 1, family: 'gaussian' } as never)).toThrow(/family.*loss/s);
    expect(() => lbi(x, [1, 2, 3], { kappa: 1, loss: 'gaussian' } as never)).toThrow(/squared, logistic, multinomial/);
    const short = lbi(x, [1, 2], { kappa: 1 });
    expect(isLeft(short) && [short.left.code, short.left.message]).toEqual(['shape_mismatch', expect.stringMatching(/3 responses/)]);
    const nan = lbi(
      [
        [1, NaN],
        [3, 4],
        [5, 7],
      ],
      [1, 2, 3],
      { kappa: 1 },
    );
    expect(isLeft(nan) && nan.left.code).toBe('non_finite');
    expect(isLeft(lbi(x, [2, 2, 2], { kappa: 1 }))).toBe(true);
    expect(isRight(lbi(x, [1, 2, 4], { kappa: 1, nt: 3 }))).toBe(true);
  });

  it('returns a Left for a diverging step (squared loss beyond c = 2) instead of a huge path', async () => {
    const rng = testRng(12);
    const x = gaussianMatrix(rng, 40, 6);
    const y = x.map((r) => r[0] - 2 * r[3] + 0.2 * rng.normal());
    for (const c of [2.2, 3]) {
      // c = 2.2 used to return a finite path with |β| ≈ 1.5e13
      const r = await expectNoLeaks(() => lbi(x, y, { kappa: 10, c, nt: 30 }));
      expect(isLeft(r) && [r.left.argument, r.left.code], `squared c=${c}`).toEqual(['alpha', 'non_finite']);
    }
    // (The logistic gradient is bounded, so a too-large logistic step oscillates but cannot blow up.)
    const yb = y.map((v) => (v > 0 ? 1 : -1));
    // Just inside the stable ranges the paths are Right and their loss never exceeds the start.
    expect(isRight(lbi(x, y, { kappa: 10, c: 1.9, nt: 30 }))).toBe(true);
    expect(isRight(lbi(x, yb, { kappa: 10, c: 7.5, loss: 'logistic', nt: 30 }))).toBe(true);
  });
});
