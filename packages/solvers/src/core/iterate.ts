/**
 * The one iteration loop every full-batch solver runs: iteration and
 * time budgets, per-example convergence masks, the callback, the opt-in trace, the final
 * status and the hand-over of the last iterate. Solvers only supply a {@link SolverKernel}.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { requireInteger, requireNonNegative, SparsekitError } from '@sparsekit/tensor';
import { isDataError } from './data-error.js';
import type { IterationState, LoopOptions, OptimizeResult, SolveResult, SolveStatus, Trace } from '../types.js';

/** What one step reports; failures end the run (the kernel keeps its best iterate). */
export type StepOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'nonfinite' | 'linesearch_failed'; readonly message: string; readonly failed?: Uint8Array }
  /** The examples in `failed` (all, unbatched) cannot decrease f measurably in float32: done. */
  | { readonly kind: 'stalled'; readonly message: string; readonly failed?: Uint8Array };

/**
 * A solver's state machine. The kernel owns its tensors; `x`, `funs` and `certificates`
 * describe the current iterate (certificates are measured at it, or at the step that led to
 * it for prox-type solvers).
 */
export interface SolverKernel {
  readonly x: tf.Tensor;
  readonly funs: Float64Array;
  readonly certificates: Float64Array;
  /** Step taken at the last iteration, per example. */
  readonly steps: Float64Array;
  /** Advances the examples with `active[b] = 1`; the others must keep x unchanged. */
  step(active: Uint8Array, iteration: number): StepOutcome;
  /** Returns the final iterate (a tensor the caller owns) and disposes everything else. */
  release(): tf.Tensor;
}

/** Counters shared with the evaluator. */
export interface Counts {
  nfev: number;
  ngev: number;
}

/** Reads and validates the loop options (programming errors throw). */
export function loopSettings(options: LoopOptions<never> | undefined, defaults: { maxIter?: number; tol?: number } = {}) {
  const maxIter = options?.maxIter ?? defaults.maxIter ?? 1000;
  const tol = options?.tol ?? defaults.tol ?? 1e-6;
  requireInteger('maxIter', maxIter, 0);
  requireNonNegative('tol', tol);
  const timeLimitMs = options?.timeLimitMs ?? Infinity;
  if (typeof timeLimitMs !== 'number' || Number.isNaN(timeLimitMs) || timeLimitMs < 0) {
    throw new SparsekitError({ argument: 'timeLimitMs', value: timeLimitMs, expected: 'a number >= 0 (Infinity for no limit)' });
  }
  return { maxIter, tol, timeLimitMs, trace: options?.trace === true };
}

/** The message of each status, shared by every solver loop (full-batch, PALM). */
export const MESSAGES: Record<SolveStatus, string> = {
  converged: 'certificate below tol',
  maxiter: 'maximum number of iterations reached',
  callback: 'stopped by the callback',
  nonfinite: 'non-finite objective or certificate; kept the last finite iterate',
  linesearch_failed: 'line search failed; kept the best iterate',
  timeout: 'time limit reached',
};

const sum = (v: Float64Array): number => v.reduce((a, b) => a + b, 0);
const max = (v: Float64Array): number => v.reduce((a, b) => Math.max(a, b), -Infinity);

/**
 * Runs `kernel` to completion. `makeKernel` may fail with a Left (e.g. f(x0) is not finite).
 * Converged examples (certificate ≤ tol) are frozen: they are never passed as active again.
 * In a batched run, a line-search failure that names its examples (`failed`) freezes only
 * those (typically one that reached float32 resolution) and the others go on; the run then
 * ends with status 'linesearch_failed' once nothing is left to do.
 */
export function iterate(
  run: { options: LoopOptions | undefined; defaults?: { maxIter?: number; tol?: number }; counts: Counts; batched: boolean },
  makeKernel: () => E.Either<SparsekitError, SolverKernel>,
): SolveResult {
  const { options, counts } = run;
  const settings = loopSettings(options as LoopOptions<never> | undefined, run.defaults);
  const start = performance.now();
  let made: E.Either<SparsekitError, SolverKernel>;
  try {
    made = makeKernel();
  } catch (e) {
    if (isDataError(e)) return E.left(e);
    throw e;
  }
  if (E.isLeft(made)) return made;
  const kernel = made.right;
  const trace: Trace | undefined = settings.trace ? { fun: [], certificate: [], step: [], elapsedMs: [] } : undefined;
  const frozen = new Uint8Array(kernel.funs.length);
  let nit = 0;
  let status: SolveStatus = 'maxiter';
  let detail = '';
  let failedAny = false;
  let stalled = '';
  try {
    for (;;) {
      const active = new Uint8Array(frozen.length);
      let anyActive = false;
      for (let b = 0; b < frozen.length; b++) {
        if (!frozen[b] && kernel.certificates[b] <= settings.tol) frozen[b] = 1;
        active[b] = frozen[b] ? 0 : 1;
        anyActive ||= active[b] === 1;
      }
      if (!anyActive) {
        status = failedAny ? 'linesearch_failed' : 'converged';
        break;
      }
      if (nit >= settings.maxIter) {
        status = 'maxiter';
        break;
      }
      if (performance.now() - start >= settings.timeLimitMs) {
        status = 'timeout';
        break;
      }
      const outcome = kernel.step(active, nit);
      nit++;
      if (outcome.kind === 'stalled') {
        frozen.forEach((_, b) => {
          if (!run.batched || !outcome.failed || outcome.failed[b]) frozen[b] = 1;
        });
        stalled = outcome.message;
      } else if (outcome.kind === 'linesearch_failed' && run.batched && outcome.failed) {
        outcome.failed.forEach((f, b) => {
          if (f) {
            frozen[b] = 1;
            failedAny = true;
          }
        });
        detail = outcome.message;
      } else if (outcome.kind !== 'ok') {
        status = outcome.kind;
        detail = outcome.message;
        break;
      }
      const elapsedMs = performance.now() - start;
      const stepMean = meanOver(kernel.steps, active);
      if (trace) record(trace, kernel, stepMean, elapsedMs);
      if (options?.callback) {
        const state: IterationState = {
          nit,
          x: kernel.x,
          fun: sum(kernel.funs),
          certificate: max(kernel.certificates),
          step: stepMean,
          elapsedMs,
          funs: kernel.funs,
          certificates: kernel.certificates,
        };
        if (options.callback(state) === 'stop') {
          status = 'callback';
          break;
        }
      }
    }
  } catch (e) {
    tf.dispose(kernel.release());
    if (isDataError(e)) return E.left(e);
    throw e;
  }
  if (status === 'converged' && stalled) detail = stalled;
  return E.right(finish(kernel, { status, detail, nit, counts, tol: settings.tol, batched: run.batched, trace }));
}

/** A converged run with a detail stopped at float32 resolution, not at tol: say so first. */
function messageOf(status: SolveStatus, detail: string): string {
  if (status === 'converged' && detail) return `stalled at float32 resolution (converged to working precision): ${detail}`;
  return detail ? `${MESSAGES[status]}: ${detail}` : MESSAGES[status];
}

function meanOver(steps: Float64Array, active: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let b = 0; b < steps.length; b++)
    if (active[b]) {
      s += steps[b];
      n++;
    }
  return n === 0 ? 0 : s / n;
}

function record(trace: Trace, kernel: SolverKernel, step: number, elapsedMs: number): void {
  trace.fun.push(sum(kernel.funs));
  trace.certificate.push(max(kernel.certificates));
  trace.step.push(step);
  trace.elapsedMs.push(elapsedMs);
}

function finish(
  kernel: SolverKernel,
  end: { status: SolveStatus; detail: string; nit: number; counts: Counts; tol: number; batched: boolean; trace?: Trace },
): OptimizeResult {
  const funs = Array.from(kernel.funs);
  const certificates = Array.from(kernel.certificates);
  const x = kernel.release();
  const { status, detail } = end;
  return {
    x,
    fun: funs.reduce((a, b) => a + b, 0),
    certificate: certificates.reduce((a, b) => Math.max(a, b), -Infinity),
    success: status === 'converged',
    status,
    message: messageOf(status, detail),
    nit: end.nit,
    nfev: end.counts.nfev,
    ngev: end.counts.ngev,
    ...(end.trace ? { trace: end.trace } : {}),
    ...(end.batched ? { batch: { fun: funs, certificate: certificates, converged: certificates.map((c) => c <= end.tol) } } : {}),
  };
}
