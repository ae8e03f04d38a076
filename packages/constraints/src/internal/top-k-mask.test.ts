// The one top-k rule of the package: k largest magnitudes, lowest index first among ties, on
// both backends and for long rows (tf.topk's tie order is what the masks rely on).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';
import { argmaxMask, topkColumnMask, topkGlobalMask, topkMask, topkRowMask } from './top-k-mask.js';

/** Float64 reference: stable sort by magnitude, descending, then index. */
function maskRef(row: number[], k: number): number[] {
  const keep = new Set(
    row
      .map((v, i) => [Math.abs(v), i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, k)
      .map(([, i]) => i),
  );
  return row.map((_, i) => (keep.has(i) ? 1 : 0));
}

describeBackends(['cpu', 'wasm'], 'top-k masks', () => {
  it('match a stable float64 sort on tied integer rows (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, k) => {
          const x = tf.tensor2d(rows);
          const m = topkMask(x, k);
          expect(m.arraySync()).toEqual(rows.map((r) => maskRef(r, k)));
          tf.dispose([x, m]);
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });

  it('keep the lowest indices among ties in rows of 100,000 entries', () => {
    const n = 100_000;
    const row = Array.from({ length: n }, (_, i) => ((i * 7919) % 5) - 2);
    const x = tf.tensor2d([row, row.map((v) => -v)]);
    for (const k of [10, 30_000]) {
      const m = topkMask(x, k);
      const want = maskRef(row, k);
      const got = m.arraySync();
      expect(got[0]).toEqual(want);
      expect(got[1]).toEqual(want);
      m.dispose();
    }
    x.dispose();
  });

  it('global (row-major), column and signed argmax variants; no leaks', async () => {
    const mag = tf.tensor3d([
      [
        [1, 3, 3],
        [3, 0, 2],
      ],
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
    ]);
    expect(topkGlobalMask(mag, 2).arraySync()).toEqual([
      [
        [0, 1, 1],
        [0, 0, 0],
      ],
      [
        [1, 1, 0],
        [0, 0, 0],
      ],
    ]);
    expect(topkColumnMask(mag, 1).arraySync()).toEqual([
      [
        [0, 1, 1],
        [1, 0, 0],
      ],
      [
        [1, 1, 1],
        [0, 0, 0],
      ],
    ]);
    expect(topkRowMask(mag, 1).arraySync()).toEqual([
      [
        [0, 1, 0],
        [1, 0, 0],
      ],
      [
        [1, 0, 0],
        [1, 0, 0],
      ],
    ]);
    expect(
      argmaxMask(
        tf.tensor2d([
          [-Infinity, -1, -1],
          [-5, -7, -5],
        ]),
      ).arraySync(),
    ).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    const rows = mag.reshape([4, 3]) as tf.Tensor2D;
    await expectNoLeaks(() => topkMask(rows, 2));
    await expectNoLeaks(() => topkGlobalMask(mag, 2));
    tf.dispose([mag, rows]);
  });
});
