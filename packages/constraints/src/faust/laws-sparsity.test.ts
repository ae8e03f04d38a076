/**
 * The package law suite on the FAμST sparsity and norm projectors (the support and structured
 * ones are in laws-structured.test.ts; two files so that vitest's workers share the work). These
 * sets are nonconvex (supports, spheres), so the suite runs with `convex: false`: feasibility, idempotence, prox = projection, shape,
 * non-finite input, leaks, and the nearest-point law ‖x − P(x)‖ ≤ ‖x − z‖ against feasible z.
 * The variational inequality ⟨x − P(x), z − P(x)⟩ ≤ 0 and firm non-expansiveness only hold for
 * convex sets, so they run only for the linear ones (circ, toeplitz, hankel, supp, blockdiag,
 * constant without `normalized`/`pos`). splincol is not a nearest-point map (union of supports,
 * as in pyfaust) and `pos` on circ/toeplitz/hankel follows pyfaust's order (zero negatives, then
 * average), which is not a projection either: both skip the nearest-point law. The batched law
 * checks the vectorized eachSlice variant against one projection per matrix.
 */
import { constraintLaws } from '../testing.js';
import type { LawName } from '../testing.js';
import { normcol, normlin, skperm, sp, spcol, splin, splincol } from '../faust.js';

// The suite's default of 1,000 seeded cases per law (SPARSEKIT_LAW_RUNS overrides), checked in
// batches of 25 through the projectors' vectorized eachSlice variant.
const nonconvex = { convex: false };
const notNearest = { convex: false, skip: ['variational'] as LawName[] };

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
