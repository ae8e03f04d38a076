// Law suite on the FAμST support and structured projectors (supp, blockdiag, constant, circ,
// toeplitz, hankel); see laws-sparsity.test.ts for what the laws are and why some are skipped.
// Two files so that vitest's workers share the 1,000-case runs.
import { constraintLaws } from '../testing.js';
import type { LawName } from '../testing.js';
import { blockdiag, circ, constant, hankel, supp, toeplitz } from '../faust.js';

// The suite's default of 1,000 seeded cases per law (SPARSEKIT_LAW_RUNS overrides), checked in
// batches of 25 through the projectors' vectorized eachSlice variant.
const nonconvex = { convex: false };
const notNearest = { convex: false, skip: ['variational'] as LawName[] };
const linear = { convex: true };

const S = [
  [1, 0, 1, 0],
  [0, 1, 1, 0],
  [1, 0, 0, 1],
];

constraintLaws('supp(S) linear', () => supp(S, { normalized: false }), { ...linear, shapes: [[3, 4]] });
constraintLaws('supp(S) normalized', () => supp(S), { ...nonconvex, shapes: [[3, 4]] });
constraintLaws(
  'blockdiag linear',
  () =>
    blockdiag(
      [
        [1, 2],
        [2, 2],
      ],
      { normalized: false },
    ),
  { ...linear, shapes: [[3, 4]] },
);
constraintLaws(
  'blockdiag normalized pos',
  () =>
    blockdiag(
      [
        [1, 2],
        [2, 2],
      ],
      { pos: true },
    ),
  { ...nonconvex, shapes: [[3, 4]] },
);
constraintLaws(
  'constant(C)',
  () =>
    constant([
      [1, -2],
      [0, 3],
    ]),
  { ...linear, shapes: [[2, 2]] },
);
constraintLaws('circ linear', () => circ({ normalized: false }), { ...linear, shapes: [[4, 4]] });
constraintLaws('circ normalized', () => circ(), { ...nonconvex, shapes: [[4, 4]] });
constraintLaws('toeplitz linear', () => toeplitz({ normalized: false }), { ...linear, shapes: [[3, 4]] });
constraintLaws('toeplitz normalized', () => toeplitz(), { ...nonconvex, shapes: [[3, 4]] });
constraintLaws('hankel linear', () => hankel({ normalized: false }), { ...linear, shapes: [[4, 3]] });
constraintLaws('hankel pos (pyfaust order)', () => hankel({ pos: true }), { ...notNearest, shapes: [[4, 3]] });
