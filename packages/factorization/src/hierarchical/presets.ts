/** pyfaust's hierarchical presets (`ParamsHierarchicalWHT`, `…WHTNoResCons`, `…DFT`). */
import * as tf from '@tensorflow/tfjs';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError, type ComplexTensor } from '@sparsekit/tensor';
import { skperm, splincol, supp } from '@sparsekit/constraints/faust';
import type { HasHostProject, HostMatrix } from '@sparsekit/constraints';
import type { FactorConstraint } from '../palm4msa/internal/settings.js';
import { bitrev } from '../transforms/internal/butterfly-factor.js';
import type { HierarchicalOptions } from './hierarchical.js';

/** Preset names of `hierarchical` (pyfaust `hierarchical(M, 'hadamard' | 'hadamard_simple' | 'dft')`). */
export type HierarchicalPreset = 'hadamard' | 'hadamard_simple' | 'dft';

/** pyfaust `proj_id`: no constraint (the projection is the identity, not normalized). */
const identityConstraint: FactorConstraint & HasHostProject = {
  name: 'Id',
  params: {},
  project: (x: tf.Tensor) => tf.clone(x),
  projectComplex: (z: ComplexTensor) => ({ re: tf.clone(z.re), im: tf.clone(z.im) }),
  projectHost: (x: HostMatrix): HostMatrix => ({ ...x, re: x.re.slice(), im: x.im === null ? null : x.im.slice() }),
};

/** 0/1 mask of the support of butterfly levels [a, b) (n levels), times P when `perm`. */
function levelSupport(n: number, a: number, b: number, perm: boolean): number[][] {
  const N = 2 ** n;
  const block = 2 ** (n - a);
  const stride = 2 ** (n - b);
  const mask = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (Math.floor(i / block) !== Math.floor(j / block) || i % stride !== j % stride) continue;
      // (M·P)[i, bitrev(j)] = M[i, j] for P[j, bitrev(j)] = 1.
      mask[i][perm ? bitrev(j, n) : j] = 1;
    }
  }
  return mask;
}

function permutationSupport(n: number): number[][] {
  const N = 2 ** n;
  return Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (j === bitrev(i, n) ? 1 : 0)));
}

export function presetOptions(name: HierarchicalPreset, m: number, N: number): Either<SparsekitError, HierarchicalOptions> {
  if (!['hadamard', 'hadamard_simple', 'dft'].includes(name)) {
    throw new SparsekitError({ argument: 'options', value: name, expected: "an options object or 'hadamard', 'hadamard_simple', 'dft'" });
  }
  if (m !== N || N < 4 || (N & (N - 1)) !== 0) {
    return left(
      new SparsekitError({
        argument: 'A',
        value: [m, N],
        code: 'shape_mismatch',
        expected: `a square matrix of size N = 2ⁿ >= 4 for the '${name}' preset`,
      }),
    );
  }
  const n = Math.round(Math.log2(N));
  if (name === 'dft') {
    const stop = { numIts: 8 };
    return right({
      factorConstraints: Array.from({ length: n }, (_, i) => supp(levelSupport(n, i, i + 1, false))),
      residualConstraints: Array.from({ length: n }, (_, i) => supp(i === n - 1 ? permutationSupport(n) : levelSupport(n, i + 1, n, true))),
      local: stop,
      global: stop,
      updateOrder: 'R2L',
    });
  }
  const stop = { numIts: 30 };
  const simple = name === 'hadamard_simple';
  return right({
    factorConstraints: Array.from({ length: n - 1 }, () => (simple ? skperm(2) : splincol(2))),
    residualConstraints: Array.from({ length: n - 1 }, (_, i) => (simple ? identityConstraint : splincol(N / 2 ** (i + 1)))),
    local: stop,
    global: stop,
    updateOrder: 'R2L',
  });
}
