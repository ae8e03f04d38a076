import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng, isSparsekitError } from '@sparsekit/tensor';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { HardConcrete } from './hard-concrete.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** float64 E[z] by the midpoint rule over u (the gate is a monotone function of u). */
function meanGate64(logAlpha: number, n = 200_000): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    const s = sig((Math.log(u) - Math.log(1 - u) + logAlpha) / (2 / 3));
    acc += Math.min(1, Math.max(0, s * 1.2 - 0.1));
  }
  return acc / n;
}

describeBackends(['cpu', 'wasm'], 'HardConcrete', () => {
  const hc = new HardConcrete();

  it('matches the published closed forms (log α = −3, 0, 3)', () => {
    const la = tf.tensor1d([-3, 0, 3]);
    const p0 = hc.probNonZero(la).arraySync() as number[];
    const p1 = hc.probOne(la).arraySync() as number[];
    la.dispose();
    [0.1976, 0.8318, 0.99].forEach((v, i) => expect(p0[i]).toBeCloseTo(v, 4));
    // exact: P(z = 1) = σ(log α − β·log 11) = 0.16818 at log α = 0 (a note quoting 0.1679 carries Monte Carlo noise)
    expect(p1[1]).toBeCloseTo(sig(-(2 / 3) * Math.log(11)), 6);
    expect(Math.abs(p1[1] - 0.1679)).toBeLessThan(5e-4);
    // E[z] = 0.5 exactly at log α = 0 (the stretch (−0.1, 1.1) and the logistic are symmetric); the quoted 0.4995 is a sample mean
    expect(meanGate64(0)).toBeCloseTo(0.5, 6);
    expect(Math.abs(meanGate64(0) - 0.4995)).toBeLessThan(1e-3);
  });

  it('Monte Carlo gate statistics agree with the closed forms within 3σ (1e5 samples)', async () => {
    const n = 100_000;
    for (const logAlpha of [-3, 0, 3]) {
      const stats = await expectNoLeaks(() =>
        tf.tidy(() => {
          const z = hc.sampleWith(tf.fill([n], logAlpha), createRng(7 + logAlpha));
          return [tf.mean(tf.cast(tf.greater(z, 0), 'float32')), tf.mean(tf.cast(tf.equal(z, 1), 'float32')), tf.mean(z)].map(
            (t) => t.dataSync()[0],
          );
        }),
      );
      const [pNz, pOne, mean] = stats;
      const closed = (t: tf.Tensor) => {
        const v = t.dataSync()[0];
        t.dispose();
        return v;
      };
      const la = tf.scalar(logAlpha);
      const eNz = closed(hc.probNonZero(la));
      const eOne = closed(hc.probOne(la));
      la.dispose();
      const eMean = meanGate64(logAlpha);
      const band = (p: number) => 3 * Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(pNz - eNz)).toBeLessThan(band(eNz));
      expect(Math.abs(pOne - eOne)).toBeLessThan(band(eOne));
      // Var(z) ≤ E[z](1 − E[z]) for z in [0, 1]
      expect(Math.abs(mean - eMean)).toBeLessThan(band(eMean));
    }
  });

  it('test-time gates switch off exactly at their thresholds', () => {
    expect(hc.zeroThreshold('paper')).toBeCloseTo(-2.3979, 4);
    expect(hc.zeroThreshold('median')).toBeCloseTo(-1.5986, 4);
    for (const rule of ['paper', 'median'] as const) {
      const t = hc.zeroThreshold(rule);
      const o = hc.oneThreshold(rule);
      const g = tf.tidy(() => hc.testGate(tf.tensor1d([t - 1e-3, t + 1e-2, o - 1e-2, o + 1e-3, -10, 10]), rule).arraySync() as number[]);
      expect(g[0]).toBe(0);
      expect(g[1]).toBeGreaterThan(0);
      expect(g[2]).toBeLessThan(1);
      expect(g[3]).toBe(1);
      expect([g[4], g[5]]).toEqual([0, 1]);
    }
    // between the thresholds the rules differ: at log α = −2 'paper' is open, 'median' is already closed
    const g = tf.tidy(() => [hc.testGate(tf.scalar(-2), 'paper'), hc.testGate(tf.scalar(-2), 'median')].map((t) => t.dataSync()[0]));
    expect(g[0]).toBeCloseTo(sig(-2) * 1.2 - 0.1, 6);
    expect(g[1]).toBe(0);
  });

  it('the gradient of E[L0] with respect to log α matches float64 finite differences', async () => {
    const values = [-4, -1.5, 0, 0.7, 3];
    const grad = await expectNoLeaks(() =>
      tf.tidy(
        () =>
          tf
            .grad((la: tf.Tensor) => hc.expectedL0(la))(tf.tensor1d(values))
            .arraySync() as number[],
      ),
    );
    const f = (x: number) => sig(x - (2 / 3) * Math.log(0.1 / 1.1));
    const h = 1e-5;
    values.forEach((x, i) => expect(grad[i]).toBeCloseTo((f(x + h) - f(x - h)) / (2 * h), 5));
  });

  it('sampling is seeded and reparameterized (gradient flows to log α)', () => {
    const [a, b] = [1, 1].map(() => tf.tidy(() => hc.sampleWith(tf.zeros([50]), createRng(3)).arraySync()));
    expect(a).toEqual(b);
    const g = tf.tidy(
      () =>
        tf
          .grad((la: tf.Tensor) => tf.sum(hc.sample(la, tf.fill([4], 0.5))))(tf.zeros([4]))
          .arraySync() as number[],
    );
    // u = 0.5 ⇒ s = σ(0) and dz/dlogα = (ζ−γ)·σ'(0)/β = 1.2·0.25·1.5
    g.forEach((v) => expect(v).toBeCloseTo(0.45, 5));
  });

  it('the fused gradient equals a float64 finite difference, 0 where clamped, summed over per-example draws', async () => {
    // noise chosen so the gates cover both clamps and the open interval; rows are examples sharing log α
    const noise = [
      [-6, -1, 0, 1.5, 6],
      [0.3, -0.2, 4, -5, 0.1],
    ];
    const la = [0.4, -0.7, 0.2, -1.1, 0.5];
    const gate64 = (l: number, a: number) => Math.min(1, Math.max(0, sig((l + a) / (2 / 3)) * 1.2 - 0.1));
    const weights = [1, -2, 0.5, 3, -1];
    const grad = await expectNoLeaks(() =>
      tf.tidy(() => {
        const w = tf.tensor1d(weights);
        const f = (a: tf.Tensor) => tf.sum(tf.mul(hc.sampleFromNoise(a, tf.tensor2d(noise)), w));
        return Array.from(tf.grad(f)(tf.tensor1d(la)).dataSync());
      }),
    );
    const h = 1e-6;
    la.forEach((a, j) => {
      const fd = noise.reduce((acc, row) => acc + (weights[j] * (gate64(row[j], a + h) - gate64(row[j], a - h))) / (2 * h), 0);
      expect(grad[j]).toBeCloseTo(fd, 4);
    });
    // column 0: one draw clamped at 0 (noise −6), the other open; column 2: one clamped at 1 (noise 4)
    expect(gate64(noise[0][0], la[0])).toBe(0);
    expect(gate64(noise[1][2], la[2])).toBe(1);
  });
});

describe('HardConcrete configuration', () => {
  it('rejects bad parameters with the argument named', () => {
    const cases: [() => unknown, string][] = [
      [() => new HardConcrete({ beta: 0 }), 'beta'],
      [() => new HardConcrete({ gamma: 0.1 }), 'gamma'],
      [() => new HardConcrete({ zeta: 1 }), 'zeta'],
      [() => new HardConcrete({ testGate: 'mean' as never }), 'testGate'],
      [() => HardConcrete.logAlphaFromDropRate(1), 'dropRate'],
    ];
    for (const [f, arg] of cases) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isSparsekitError(e) && e.argument).toBe(arg);
      }
    }
    expect(HardConcrete.logAlphaFromDropRate(0.2)).toBeCloseTo(Math.log(4), 12);
  });
});
