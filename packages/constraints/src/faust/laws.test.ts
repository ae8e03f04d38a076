/**
 * The package law suite on the FAμST projectors. These sets are nonconvex (supports, spheres),
 * so the suite runs with `convex: false`: feasibility, idempotence, prox = projection, shape,
 * non-finite input, leaks, and the nearest-point law ‖x − P(x)‖ ≤ ‖x − z‖ against feasible z.
 * The variational inequality ⟨x − P(x), z − P(x)⟩ ≤ 0 and firm non-expansiveness only hold for
 * convex sets, so they run only for the linear ones (circ, toeplitz, hankel, supp, blockdiag,
 * constant without `normalized`/`pos`). splincol is not a nearest-point map (union of supports,
 * as in pyfaust) and `pos` on circ/toeplitz/hankel follows pyfaust's order (zero negatives, then
 * average), which is not a projection either: both skip the nearest-point law. Matrices only,
 * so the batched (eachSlice) law is skipped.
 */
import { constraintLaws } from '../testing.js';
import type { LawName } from '../testing.js';
import { blockdiag, circ, constant, hankel, normcol, normlin, skperm, sp, spcol, splin, splincol, supp, toeplitz } from '../faust.js';

// Each law × shape × backend runs this many seeded cases (the suite's 1,000 default, scaled
// down for the 40 projector configurations here; SPARSEKIT_LAW_RUNS overrides).
const numRuns = Number(process.env.SPARSEKIT_LAW_RUNS) || 150;
const nonconvex = { convex: false, numRuns, skip: ['batched'] as LawName[] };
const notNearest = { convex: false, numRuns, skip: ['batched', 'variational'] as LawName[] };
const linear = { convex: true, numRuns, skip: ['batched'] as LawName[] };

const S = [[1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1]];

for (const f of [{ normalized: false }, { normalized: true, pos: true }]) {
  const tag = JSON.stringify(f);
  constraintLaws(`sp(3) ${tag}`, () => sp(3, f), { ...nonconvex, shapes: [[3, 4]] });
  constraintLaws(`splin(2) ${tag}`, () => splin(2, f), { ...nonconvex, shapes: [[3, 4]] });
  constraintLaws(`spcol(2) ${tag}`, () => spcol(2, f), { ...nonconvex, shapes: [[3, 4]] });
  constraintLaws(`splincol(2) ${tag}`, () => splincol(2, f), { ...notNearest, shapes: [[3, 4]] });
  constraintLaws(`skperm(2) ${tag}`, () => skperm(2, f), { ...nonconvex, shapes: [[4, 4]] });
  constraintLaws(`normcol(2) ${tag}`, () => normcol(2, f), { ...nonconvex, shapes: [[3, 4]] });
  constraintLaws(`normlin(2) ${tag}`, () => normlin(2, f), { ...nonconvex, shapes: [[3, 4]] });
}

constraintLaws('supp(S) linear', () => supp(S, { normalized: false }), { ...linear, shapes: [[3, 4]] });
constraintLaws('supp(S) normalized', () => supp(S), { ...nonconvex, shapes: [[3, 4]] });
constraintLaws('blockdiag linear', () => blockdiag([[1, 2], [2, 2]], { normalized: false }), { ...linear, shapes: [[3, 4]] });
constraintLaws('blockdiag normalized pos', () => blockdiag([[1, 2], [2, 2]], { pos: true }), { ...nonconvex, shapes: [[3, 4]] });
constraintLaws('constant(C)', () => constant([[1, -2], [0, 3]]), { ...linear, shapes: [[2, 2]] });
constraintLaws('circ linear', () => circ({ normalized: false }), { ...linear, shapes: [[4, 4]] });
constraintLaws('circ normalized', () => circ(), { ...nonconvex, shapes: [[4, 4]] });
constraintLaws('toeplitz linear', () => toeplitz({ normalized: false }), { ...linear, shapes: [[3, 4]] });
constraintLaws('toeplitz normalized', () => toeplitz(), { ...nonconvex, shapes: [[3, 4]] });
constraintLaws('hankel linear', () => hankel({ normalized: false }), { ...linear, shapes: [[4, 3]] });
constraintLaws('hankel pos (pyfaust order)', () => hankel({ pos: true }), { ...notNearest, shapes: [[4, 3]] });
