import { SparsekitError } from '@sparsekit/tensor';

/** Validates a density target: one number in (0, 1] (model-wise) or `layers` of them (per gated layer). */
export function checkEpsilon(eps: number | readonly number[], layers: number): number[] {
  if (typeof eps !== 'number' && !Array.isArray(eps)) {
    throw new SparsekitError({ argument: 'epsilon', value: eps, expected: 'a density in (0, 1] or one per gated layer' });
  }
  const list = typeof eps === 'number' ? [eps] : [...eps];
  if (typeof eps !== 'number' && list.length !== layers)
    throw new SparsekitError({ argument: 'epsilon', value: eps, expected: `one number or ${layers} numbers (one per gated layer)` });
  list.forEach((e, i) => {
    if (!(e > 0 && e <= 1))
      throw new SparsekitError({
        argument: typeof eps === 'number' ? 'epsilon' : `epsilon[${i}]`,
        value: e,
        expected: 'a density in (0, 1]',
      });
  });
  return list;
}
