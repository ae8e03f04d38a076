/**
 * The scipy.optimize-style front door: `minimize(problem, { method, ...options })`, where
 * `method` is a built-in name or any {@link Solver} object, so third-party solvers plug in.
 */
import { SparsekitError } from '@sparsekit/tensor';
import type { Constraint, HasLmo, LoopOptions, Problem, SolveResult } from './types.js';
import type { Proximable } from '@sparsekit/constraints';
import { frankWolfe, type FrankWolfeOptions } from './full-batch/frank-wolfe.js';
import { pgdMadry, type PgdMadryOptions } from './full-batch/pgd-madry.js';
import { proximalGradient, type ProximalGradientOptions } from './full-batch/proximal-gradient.js';
import { threeOperatorSplitting, type ThreeOperatorSplittingOptions } from './full-batch/three-operator-splitting.js';

/** A pluggable solver: a name and a function from problem and options to a result. */
export interface Solver<C extends Constraint = Constraint, O extends LoopOptions = LoopOptions> {
  readonly name: string;
  solve(problem: Problem<C>, options: O): SolveResult;
}

/** Built-in methods and the options each accepts. */
export interface BuiltinMethods {
  'frank-wolfe': FrankWolfeOptions;
  'proximal-gradient': ProximalGradientOptions;
  'pgd-madry': PgdMadryOptions;
  'three-operator-splitting': ThreeOperatorSplittingOptions;
}

type AnyProblem = Problem<never>;
const builtins: { [K in keyof BuiltinMethods]: (p: AnyProblem, o: BuiltinMethods[K]) => SolveResult } = {
  'frank-wolfe': (p, o) => frankWolfe(p, o),
  'proximal-gradient': (p, o) => proximalGradient(p, o),
  'pgd-madry': (p, o) => pgdMadry(p, o),
  'three-operator-splitting': (p, o) => threeOperatorSplitting(p, o),
};

/**
 * Solves `problem` with a named method or a solver object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import * as E from 'fp-ts/lib/Either.js';
 * import { minimize } from '@sparsekit/solvers';
 * const nonNegative = { name: 'NonNegative', params: {}, project: (x: tf.Tensor) => tf.relu(x) };
 * const r = minimize({ objective: (x) => x.add(1).square().sum(), constraint: nonNegative, x0: tf.ones([2]) }, { method: 'proximal-gradient' });
 * if (E.isRight(r)) r.right.x.arraySync(); // => [0, 0]
 * ```
 */
export function minimize<C extends Constraint & HasLmo>(
  problem: Problem<C>,
  options: { method: 'frank-wolfe' } & FrankWolfeOptions,
): SolveResult;
export function minimize<C extends Constraint & Proximable>(
  problem: Problem<C>,
  options: { method: 'proximal-gradient' } & ProximalGradientOptions,
): SolveResult;
export function minimize<C extends Constraint & HasLmo & Proximable>(
  problem: Problem<C>,
  options: { method: 'pgd-madry' } & PgdMadryOptions,
): SolveResult;
export function minimize<C extends Constraint & Proximable>(
  problem: Problem<C>,
  options: { method: 'three-operator-splitting' } & ThreeOperatorSplittingOptions,
): SolveResult;
export function minimize<C extends Constraint, O extends LoopOptions>(
  problem: Problem<C>,
  options: { method: Solver<C, O> } & O,
): SolveResult;
export function minimize(problem: Problem, options: { method: string | Solver } & LoopOptions): SolveResult {
  const { method, ...rest } = options;
  if (typeof method === 'object' && method !== null && typeof method.solve === 'function') return method.solve(problem, rest);
  if (typeof method === 'string' && Object.hasOwn(builtins, method)) {
    return (builtins[method as keyof BuiltinMethods] as (p: Problem, o: LoopOptions) => SolveResult)(problem, rest);
  }
  throw new SparsekitError({
    argument: 'method',
    value: method,
    expected: `one of ${Object.keys(builtins).join(', ')}, or a Solver object`,
  });
}
