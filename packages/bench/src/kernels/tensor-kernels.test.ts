import { expect, it } from 'vitest';
import { measureDispatch, measureElementwise, measureMatMul, median, timeRepeated } from './tensor-kernels.js';
import { describeBackends, expectNoLeaks } from '@sparsekit/tensor/testing';

it('median and timeRepeated count warm-ups and repetitions', () => {
  expect([median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([2, 2.5]);
  let calls = 0;
  const t = timeRepeated(() => void calls++, { warmup: 2, reps: 3 });
  expect([calls, t.samples.length, t.warmup]).toEqual([5, 3, 2]);
  expect(() => timeRepeated(() => undefined, { reps: 0 })).toThrow(/^reps/);
});

describeBackends(['cpu', 'wasm'], 'bench kernels', () => {
  it('measure matmul, elementwise and dispatch without leaking tensors', async () => {
    const results = await expectNoLeaks(() => [
      measureMatMul(16, { reps: 2 }),
      measureMatMul(16, { kind: 'complex', reps: 2 }),
      measureElementwise('exp', 1000, { reps: 2 }),
      measureElementwise('add', 1000, { reps: 2 }),
    ]);
    const [real, complex, exp, add] = results as [
      ReturnType<typeof measureMatMul>,
      ReturnType<typeof measureMatMul>,
      ReturnType<typeof measureElementwise>,
      ReturnType<typeof measureElementwise>,
    ];
    // Same n: the complex product does 4× the flops of the real one, so its flop count must say so.
    expect(complex.gflops * complex.medianMs).toBeCloseTo(4 * real.gflops * real.medianMs, 6);
    for (const r of [real, complex]) expect(r.gflops).toBeGreaterThan(0);
    expect([exp.op, exp.size, add.samples.length]).toEqual(['exp', 1000, 2]);
    const dispatch = await expectNoLeaks(() => measureDispatch('synced', { ops: 50, reps: 2 }));
    expect(dispatch.opsPerSec).toBeGreaterThan(0);
  });
});
