/**
 * Vanilla Frank-Wolfe with the iteration's bookkeeping on the host, for unbatched problems on
 * host-memory backends (cpu, wasm) whose constraint offers `lmoHost` (HasHostLmo).
 *
 * There a small problem's time is the dispatch of tensor ops, not arithmetic: the tensor kernel
 * spends ~24 kernels per iteration beyond f and ∇f (the LMO's reshapes, argMax and one-hot, the
 * direction, ⟨∇f, d⟩, ‖d‖², the update). Here f and ∇f are read together once (one concat, one
 * read), and the vertex, d = s − x, the gap, ‖d‖² and x + γd are float64 loops over p numbers;
 * the next iterate is uploaded (no kernel) for the next evaluation of f. The iterate keeps
 * float32 values, the ones f is evaluated at, so the gap is measured at the point evaluated.
 */
import * as tf from '@tensorflow/tfjs';
import type { HasLmo } from '../../types.js';
import type { Evaluator } from '../../core/evaluator.js';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import type { RunContext } from '../../core/solve-full-batch.js';
import { fwStepWith, lineSearchOutcome, type FwStepRule } from './fw-step-size.js';

/** Backends whose tensors live in host memory: a read is a copy, an upload is no kernel. */
const HOST_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

interface HostMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array | null;
}

/** The HasHostLmo capability of @sparsekit/constraints, read structurally. */
type HostLmo = (grad: HostMatrix) => HostMatrix;

/** The iterate on both sides, f and ∇f there, the FW direction and its two inner products. */
interface HostPoint {
  readonly x: tf.Tensor;
  readonly xs: Float32Array;
  readonly values: Float64Array;
  readonly d: Float64Array;
  readonly gd: number;
  readonly dNorm2: number;
}

function hostLmoOf(constraint: HasLmo): HostLmo | undefined {
  const m = (constraint as { lmoHost?: unknown }).lmoHost;
  return typeof m === 'function' ? (g) => (m as HostLmo).call(constraint, g) : undefined;
}

/** rows × cols of a shape: a vector is 1 × n, a tensor of higher rank keeps its first axis. */
function matrixShape(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]];
  return [shape[0], shape.slice(1).reduce((a, b) => a * b, 1)];
}

/** d = LMO(g) − x, ⟨g, d⟩ and ‖d‖² in float64. A non-finite g gives NaN through the LMO. */
function directionAt(lmo: HostLmo, dims: [number, number], x: tf.Tensor, xs: Float32Array, f: number, g: Float32Array): HostPoint {
  const s = lmo({ rows: dims[0], cols: dims[1], re: Float64Array.from(g), im: null }).re;
  const d = new Float64Array(xs.length);
  let gd = 0;
  let dNorm2 = 0;
  for (let j = 0; j < d.length; j++) {
    const v = s[j] - xs[j];
    d[j] = v;
    gd += g[j] * v;
    dNorm2 += v * v;
  }
  return { x, xs, values: Float64Array.of(f), d, gd, dNorm2 };
}

/** Whether lmoHost gives the tensor LMO's vertex at `grad` (float32 agreement). */
function agrees(lmo: HostLmo, constraint: HasLmo, dims: [number, number], grad: tf.Tensor, g: Float32Array): boolean {
  const device = constraint.lmo(grad);
  const s = device.dataSync();
  device.dispose();
  const host = lmo({ rows: dims[0], cols: dims[1], re: Float64Array.from(g), im: null }).re;
  if (host.length !== s.length) return false;
  let scale = 0;
  let err = 0;
  for (let j = 0; j < s.length; j++) {
    scale = Math.max(scale, Math.abs(host[j]));
    err = Math.max(err, Math.abs(host[j] - s[j]));
  }
  return err <= 1e-5 * scale;
}

/**
 * The host kernel, or undefined when the backend, the problem or the set do not qualify (then the
 * tensor kernel runs). It also checks once, at x0, that `lmoHost` gives the same vertex as `lmo`
 * (a spread copy of a set with an overridden `lmo` keeps the tensor path). Takes ownership of the
 * start only when it qualifies.
 */
export function hostFwKernel(
  constraint: HasLmo,
  ctx: RunContext,
  setup: { rule: FwStepRule; lipschitz: Float64Array },
): SolverKernel | undefined {
  const { start, layout } = ctx;
  const lmo = hostLmoOf(constraint);
  if (!lmo || layout.batched || !HOST_BACKENDS.has(tf.getBackend()) || start.x.dtype !== 'float32') return undefined;
  const g = start.grad.dataSync() as Float32Array;
  if (!g.every(Number.isFinite)) return undefined;
  const dims = matrixShape(start.x.shape);
  if (!agrees(lmo, constraint, dims, start.grad, g)) return undefined;
  const at = directionAt(lmo, dims, start.x, Float32Array.from(start.x.dataSync()), start.values[0], g);
  start.grad.dispose();
  return hostKernel(ctx.evaluator, lmo, dims, at, setup);
}

function hostKernel(
  evaluator: Evaluator,
  lmo: HostLmo,
  dims: [number, number],
  first: HostPoint,
  setup: { rule: FwStepRule; lipschitz: Float64Array },
): SolverKernel {
  let at = first;
  const shape = first.x.shape;
  const gap = Float64Array.of(-at.gd);
  const fPrev = Float64Array.of(NaN);
  const steps = new Float64Array(1);
  const gammaMax = Float64Array.of(1);
  const probe = (gamma: Float64Array): HostPoint => {
    const xs = new Float32Array(at.xs.length);
    for (let j = 0; j < xs.length; j++) xs[j] = at.xs[j] + gamma[0] * at.d[j];
    const x = tf.tensor(xs, shape);
    let e: { value: number; grad: Float32Array };
    try {
      e = evaluator.valueAndGradData(x);
    } catch (err) {
      x.dispose();
      throw err;
    }
    return directionAt(lmo, dims, x, xs, e.value, e.grad);
  };
  return {
    get x() {
      return at.x;
    },
    get funs() {
      return at.values;
    },
    certificates: gap,
    steps,
    step(active, iteration): StepOutcome {
      const rules = { rule: setup.rule, iteration, f: at.values, fPrev, gap, dNorm2: Float64Array.of(at.dNorm2), gammaMax, active };
      const out = fwStepWith(probe, (p) => p.x.dispose(), 1, { ...rules, lipschitz: setup.lipschitz });
      if (out.nonfinite) {
        out.point.x.dispose();
        return { kind: 'nonfinite', message: `f(x + γd) = ${out.point.values[0]}` };
      }
      if (active[0]) fPrev[0] = at.values[0];
      at.x.dispose();
      at = out.point;
      gap[0] = -at.gd;
      steps.set(out.gamma);
      if (out.failed[0] === 1) return lineSearchOutcome(out);
      return { kind: 'ok' };
    },
    release() {
      return at.x;
    },
  };
}
