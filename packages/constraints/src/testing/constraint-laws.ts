/**
 * The constraint law suite, for our own constraints and for third-party plugins.
 */
import fc from 'fast-check';
import { it } from 'vitest';
import { describeBackends } from '@sparsekit/tensor/testing';
import type { Constraint } from '../types.js';
import type { Any } from './capabilities.js';
import type { LawContext } from './context.js';
import { prepareInputs } from './context.js';
import { eachSlice } from '../each-slice.js';
import { setSpecOf } from '../internal/set-spec.js';
import { penaltySpecOf } from '../internal/penalty-spec.js';
import { faustEachSlice } from '../faust/internal/projector.js';
import { batchedOps, pointwiseOps, type Ops } from './ops.js';
import { lawInput, type LawInput } from './inputs.js';
import { lmoLaw, supportLaw } from './laws-lmo.js';
import { moreauPenaltyLaw, proxLaw } from './laws-prox.js';
import { batchedLaw, leakLaw, nonfiniteLaw } from './laws-robust.js';
import { feasibilityLaw, idempotenceLaw, nonexpansiveLaw, shapeLaw, variationalLaw } from './laws-sets.js';
import type { ConstraintLawsOptions, LawName } from './options.js';
import { lawApplies, lawSkipReason } from './applicability.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each law's property has its own tuple type
type LawProperty = fc.IRawProperty<any>;

const allLaws: readonly LawName[] = [
  'shape',
  'feasibility',
  'idempotence',
  'nonexpansive',
  'variational',
  'lmo',
  'prox',
  'moreau',
  'nonfinite',
  'leaks',
  'batched',
];

function defaultRuns(): number {
  const env = typeof process !== 'undefined' ? Number(process.env.SPARSEKIT_LAW_RUNS) : NaN;
  return Number.isInteger(env) && env > 0 ? env : 1000;
}

/** The property of one law over batches of generated inputs. */
function lawProperty(law: LawName, ctx: LawContext, batch: number): LawProperty {
  const input = fc.array(lawInput(ctx.shape, ctx.options.scale ?? 3), { minLength: batch, maxLength: batch });
  const step = fc.constantFrom(...ctx.steps);
  const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
  const prep = (i: LawInput[]) => prepareInputs(ctx, i);
  const others = fc.array(input, { minLength: 2, maxLength: 2 }).map(([a, b]) => (c: LawContext) => {
    const [pa, pb] = [prepareInputs(c, a), prepareInputs(c, b)];
    return pa.map((p, i) => [p, pb[i]]);
  });
  const props: Record<LawName, () => LawProperty> = {
    shape: () => fc.property(input, step, (x, s) => shapeLaw(ctx, prep(x), s)),
    feasibility: () => fc.property(input, step, (x, s) => feasibilityLaw(ctx, prep(x), s)),
    idempotence: () => fc.property(input, step, (x, s) => idempotenceLaw(ctx, prep(x), s)),
    nonexpansive: () => fc.property(input, input, step, (x, y, s) => nonexpansiveLaw(ctx, prep(x), prep(y), s)),
    variational: () => fc.property(input, others, seed, (x, o, sd) => variationalLaw(ctx, prep(x), o(ctx), sd)),
    lmo: () => fc.property(input, others, seed, (g, o, sd) => lmoLaw(ctx, prep(g), o(ctx), sd)),
    prox: () => fc.property(input, step, (x, s) => proxLaw(ctx, prep(x), s)),
    moreau: () =>
      fc.property(input, step, (x, s) => {
        supportLaw(ctx, prep(x));
        moreauPenaltyLaw(ctx, prep(x), s);
      }),
    nonfinite: () =>
      fc.property(input, fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity), step, (x, i, bad, s) =>
        nonfiniteLaw(ctx, prep(x), i, bad, s),
      ),
    leaks: () => fc.property(input, step, (x, s) => leakLaw(ctx, prep(x), s)),
    batched: () => fc.property(input, step, (xs, s) => batchedLaw(ctx, prep(xs), s)),
  };
  return props[law]();
}

/** Natively batched constraints (this package's sets, penalties, FAμST projectors) are checked through one eachSlice call per batch. */
function opsFor(c: Any, options: ConstraintLawsOptions<Constraint>): { ops: Ops; batch: number } {
  const native = setSpecOf(c) !== undefined || penaltySpecOf(c) !== undefined || faustEachSlice(c) !== undefined;
  if (native && options.vectorize !== false) return { ops: batchedOps(eachSlice(c) as Any), batch: 25 };
  return { ops: pointwiseOps(c), batch: 5 };
}

/**
 * Checks one law on one input shape, synchronously: throws (with a counterexample) when the
 * constraint breaks it. {@link constraintLaws} declares one test per call of this.
 *
 * @example
 * ```ts
 * import { checkConstraintLaw } from '@sparsekit/constraints/testing';
 * import { l2Ball } from '@sparsekit/constraints';
 * checkConstraintLaw('idempotence', l2Ball(1), [4], { numRuns: 100 });
 * ```
 */
export function checkConstraintLaw<C extends Constraint>(
  law: LawName,
  c: C,
  shape: readonly number[],
  options: ConstraintLawsOptions<C> = {},
): void {
  const opts = options as ConstraintLawsOptions<Constraint>;
  const { ops, batch } = opsFor(c as Any, opts);
  const ctx: LawContext = {
    c: c as Any,
    ops,
    shape,
    rtol: options.rtol ?? 1e-5,
    atol: options.atol ?? 1e-5,
    convex: options.convex ?? true,
    steps: options.steps ?? [0.1, 1, 3],
    options: opts,
  };
  if (!lawApplies(law, c as Any, opts)) return;
  const numRuns = options.numRuns ?? defaultRuns();
  fc.assert(lawProperty(law, ctx, batch), { numRuns: Math.ceil(numRuns / batch), seed: options.seed ?? 42, endOnFailure: true });
}

/**
 * Declares the constraint laws as vitest tests, once per backend, shape and law: projections
 * land in the set, are idempotent and firmly non-expansive and satisfy the variational
 * inequality; the LMO beats feasible points and brute force; prox beats a numerical minimizer;
 * Moreau identities; NaN/Infinity inputs throw SparsekitError; no leaks; shapes preserved;
 * batched equals looped. Inputs (fast-check, seeded; 1,000 cases per law by default) are
 * signed, tied, zero, all-equal, already-feasible, tiny and huge. Capabilities the constraint
 * lacks are reported as skipped. `make` is called inside each test, after the backend is selected.
 *
 * @example
 * ```ts
 * // my-ball.test.ts
 * import { constraintLaws } from '@sparsekit/constraints/testing';
 * import { l2Ball } from '@sparsekit/constraints';
 * constraintLaws('l2Ball(2)', () => l2Ball(2), { shapes: [[4], [2, 3]] });
 * ```
 */
export function constraintLaws<C extends Constraint>(name: string, make: () => C, options: ConstraintLawsOptions<C> = {}): void {
  const backends = options.backends ?? ['cpu', 'wasm'];
  const shapes = options.shapes ?? [[5]];
  const skip = new Set(options.skip ?? []);
  describeBackends(backends, `${name} laws`, () => {
    for (const shape of shapes) {
      for (const law of allLaws.filter((l) => !skip.has(l))) {
        it(`${law} [${shape.join('x')}]`, (test) => {
          const c = make();
          if (!lawApplies(law, c as unknown as Any, options as ConstraintLawsOptions<Constraint>)) test.skip(lawSkipReason(law));
          checkConstraintLaw(law, c, shape, options);
        });
      }
    }
  });
}
