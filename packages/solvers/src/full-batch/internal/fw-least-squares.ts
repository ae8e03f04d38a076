/**
 * Vanilla Frank-Wolfe for a declared least-squares f(x) = ‖Xx − y‖²/(2n) over a whole-tensor
 * L1 ball of radius R, keeping the residual r = Xx − y instead of re-evaluating f.
 *
 * Every vertex is ±R·e_i, so with x and r held in float64 on the host an iteration is one
 * device product g = Xᵀr/n (one kernel, one read) and O(n + p) host work: the vertex, the gap
 * ⟨g, x⟩ + R·|g_i|, ‖d‖² and Xd = s_i·X_i − (r + y) (one column of X), f(x + γd) =
 * f + γ⟨g, d⟩ + γ²‖Xd‖²/(2n) exactly for every trial step, and the updates x += γd, r += γ·Xd.
 * The generic kernel spends ~40 kernels on the same iteration (f and ∇f from the problem,
 * the LMO, the gap); here f is also exact in float64, where the generic path sums in float32.
 *
 * It is used only when the problem's own `valueAndGrad` agrees with the declared X and y at x0
 * (so a spread loss with an overridden gradient keeps the generic path).
 */
import * as tf from '@tensorflow/tfjs';
import type { HasLmo, LeastSquaresStructure } from '../../types.js';
import type { SolverKernel, StepOutcome } from '../../core/iterate.js';
import type { RunContext } from '../../core/solve-full-batch.js';
import { F32_SLACK, type FwStepRule } from './fw-step-size.js';

const MAX_BACKTRACK = 100;

/** Host copies of the data: Xᵀ row-major (row i = column i of X) and y, in float64 where used. */
interface HostData {
  readonly X: tf.Tensor2D;
  readonly Xt: Float32Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly p: number;
}

/** The L1 radius when `constraint` is a whole-tensor L1 ball (its `normBall()` says so). */
function l1Radius(constraint: HasLmo): number | undefined {
  const nb = (constraint as { normBall?: () => { norm: unknown; radius: unknown; perSlice: boolean } }).normBall;
  if (typeof nb !== 'function') return undefined;
  const ball = nb.call(constraint);
  return ball.norm === 1 && !ball.perSlice && typeof ball.radius === 'number' ? ball.radius : undefined;
}

function hostData(ls: LeastSquaresStructure): HostData {
  const [n, p] = ls.X.shape;
  const t = ls.X.transpose();
  const Xt = Float32Array.from(t.dataSync());
  t.dispose();
  return { X: ls.X, Xt, y: Float64Array.from(ls.y.dataSync()), n, p };
}

/**
 * Below this many entries of X, g = Xᵀr/n is a float64 loop on the host: a tfjs product costs
 * ~50–100 µs of dispatch, upload and read per call, the loop ~1 ns per entry.
 */
const HOST_PRODUCT_MAX = 100_000;

/** g = Xᵀr/n, into `g`: a host loop over the rows of Xᵀ, or one product on the device and one read. */
function gradient(data: HostData, r: Float64Array, g: Float64Array): Float64Array {
  const { n, p, Xt } = data;
  if (n * p <= HOST_PRODUCT_MAX) {
    for (let j = 0, o = 0; j < p; j++, o += n) {
      let a0 = 0;
      let a1 = 0;
      let k = 0;
      for (; k + 1 < n; k += 2) {
        a0 += Xt[o + k] * r[k];
        a1 += Xt[o + k + 1] * r[k + 1];
      }
      if (k < n) a0 += Xt[o + k] * r[k];
      g[j] = (a0 + a1) / n;
    }
    return g;
  }
  const rt = tf.tensor2d(Float32Array.from(r), [1, n]);
  const gt = tf.matMul(rt, data.X);
  const out = gt.dataSync();
  tf.dispose([rt, gt]);
  for (let j = 0; j < p; j++) g[j] = out[j] / n;
  return g;
}

/** The FW quantities at x: f, the vertex index and sign, gap, ‖d‖², Xd and ‖Xd‖²/n. */
interface Probe {
  readonly f: number;
  readonly i: number;
  readonly si: number;
  readonly gap: number;
  readonly dNorm2: number;
  readonly Xd: Float64Array;
  readonly q: number;
  readonly finite: boolean;
}

function probe(data: HostData, R: number, x: Float64Array, r: Float64Array, g: Float64Array, Xd: Float64Array): Probe {
  const { n, p, Xt, y } = data;
  let f = 0;
  for (let k = 0; k < n; k++) f += r[k] * r[k];
  f /= 2 * n;
  let i = 0;
  let best = -1;
  let gx = 0;
  let xx = 0;
  let finite = Number.isFinite(f);
  for (let j = 0; j < p; j++) {
    const a = Math.abs(g[j]);
    if (a > best) [best, i] = [a, j];
    gx += g[j] * x[j];
    xx += x[j] * x[j];
    finite &&= Number.isFinite(g[j]);
  }
  // −R·sign(g_i)·e_i; a zero gradient gives −R·e_0 like the set's own LMO
  const si = g[i] < 0 ? R : -R;
  let q = 0;
  for (let k = 0, o = i * n; k < n; k++) {
    const v = si * Xt[o + k] - (r[k] + y[k]);
    Xd[k] = v;
    q += v * v;
  }
  const gap = gx - si * g[i];
  return { f, i, si, gap, dNorm2: xx - 2 * si * x[i] + R * R, Xd, q: q / n, finite };
}

interface StepChoice {
  readonly gamma: number;
  readonly failed: boolean;
}

/** The step rules of the generic kernel, with f(x + γd) evaluated exactly from the residual. */
function chooseStep(rule: FwStepRule, at: Probe, t: number, fPrev: number, L: { value: number }): StepChoice {
  if (!(at.gap > 0) || !(at.dNorm2 > 0)) return { gamma: 0, failed: false };
  if (rule === 'sublinear') return { gamma: Math.min(2 / (t + 2), 1), failed: false };
  if (rule === 'demyanov-rubinov') return { gamma: Math.min(at.gap / (L.value * at.dNorm2), 1), failed: false };
  if (Number.isFinite(fPrev)) {
    const decrease = fPrev - at.f;
    const tmp = at.gap ** 2 / (2 * decrease * at.dNorm2);
    L.value = Math.max(decrease > 0 ? Math.min(tmp, L.value) : L.value, 0.9 * L.value);
  }
  for (let attempt = 0; attempt < MAX_BACKTRACK; attempt++) {
    const gamma = Math.min(at.gap / (L.value * at.dNorm2), 1);
    const change = -gamma * at.gap + 0.5 * gamma * gamma * at.q;
    const rhs = -gamma * at.gap + 0.5 * gamma * gamma * L.value * at.dNorm2;
    if (change <= rhs + F32_SLACK * Math.abs(at.f)) return { gamma, failed: false };
    L.value *= 2;
  }
  return { gamma: 0, failed: true };
}

/** Whether the problem's own f and ∇f at x0 are the declared least squares (float32 agreement). */
function agrees(start: RunContext['start'], at: Probe, g: Float64Array): boolean {
  const f0 = start.values[0];
  if (!(Math.abs(f0 - at.f) <= 1e-4 * Math.max(Math.abs(at.f), 1e-30) + 1e-30)) return false;
  const g0 = start.grad.dataSync();
  let scale = 0;
  let err = 0;
  for (let j = 0; j < g.length; j++) {
    scale = Math.max(scale, Math.abs(g[j]));
    err = Math.max(err, Math.abs(g0[j] - g[j]));
  }
  return err <= 1e-3 * scale + 1e-30;
}

/**
 * The least-squares L1-ball kernel, or undefined when the problem or the set do not qualify
 * (then the generic vanilla kernel runs). Takes ownership of the start only when it qualifies.
 */
export function leastSquaresL1FwKernel(
  ls: LeastSquaresStructure | undefined,
  constraint: HasLmo,
  ctx: RunContext,
  setup: { rule: FwStepRule; lipschitz: Float64Array },
): SolverKernel | undefined {
  const { start, layout } = ctx;
  const R = l1Radius(constraint);
  if (ls === undefined || R === undefined || layout.batched || ls.X.rank !== 2 || ls.X.shape[1] !== start.x.size) return undefined;
  if (ls.y.rank !== 1 || ls.y.shape[0] !== ls.X.shape[0] || ls.X.dtype !== 'float32') return undefined;
  const data = hostData(ls);
  const x = Float64Array.from(start.x.dataSync());
  const r = new Float64Array(data.n);
  const Xx = tf.tidy(() => tf.matMul(ls.X, start.x.reshape([data.p, 1])).dataSync());
  for (let k = 0; k < data.n; k++) r[k] = Xx[k] - data.y[k];
  const g = gradient(data, r, new Float64Array(data.p));
  const at = probe(data, R, x, r, g, new Float64Array(data.n));
  if (!agrees(start, at, g)) return undefined;
  const shape = start.x.shape;
  tf.dispose([start.x, start.grad]);
  return lsKernel(data, R, { x, r, at, shape, counts: ctx.evaluator.counts, ...setup });
}

interface KernelState {
  x: Float64Array;
  r: Float64Array;
  at: Probe;
  readonly shape: number[];
  readonly counts: { nfev: number; ngev: number };
  readonly rule: FwStepRule;
  readonly lipschitz: Float64Array;
}

function lsKernel(data: HostData, R: number, s: KernelState): SolverKernel {
  let { x, r } = s;
  let xNext: Float64Array = new Float64Array(data.p);
  let rNext: Float64Array = new Float64Array(data.n);
  let XdNext: Float64Array = new Float64Array(data.n);
  const g = new Float64Array(data.p);
  const { counts } = s;
  const funs = Float64Array.of(s.at.f);
  const certificates = Float64Array.of(s.at.gap);
  const steps = new Float64Array(1);
  const L = { value: s.lipschitz[0] };
  let fPrev = NaN;
  let xTensor: tf.Tensor | undefined;
  const upload = () => tf.tensor(Float32Array.from(x), s.shape);
  return {
    get x() {
      xTensor ??= upload();
      return xTensor;
    },
    funs,
    certificates,
    steps,
    step(_active, iteration): StepOutcome {
      const at = s.at;
      const { gamma, failed } = chooseStep(s.rule, at, iteration, fPrev, L);
      // the next point goes to spare buffers: a non-finite one leaves the last finite iterate
      for (let j = 0; j < data.p; j++) xNext[j] = x[j] * (1 - gamma);
      xNext[at.i] += gamma * at.si;
      for (let k = 0; k < data.n; k++) rNext[k] = r[k] + gamma * at.Xd[k];
      counts.nfev++;
      counts.ngev++;
      const next = probe(data, R, xNext, rNext, gradient(data, rNext, g), XdNext);
      if (!next.finite) return { kind: 'nonfinite', message: `f(x + γd) = ${next.f}` };
      [x, xNext, r, rNext] = [xNext, x, rNext, r];
      XdNext = at.Xd;
      xTensor?.dispose();
      xTensor = undefined;
      fPrev = at.f;
      steps[0] = gamma;
      s.at = next;
      funs[0] = next.f;
      certificates[0] = next.gap;
      if (failed) return { kind: 'linesearch_failed', message: 'no sufficient decrease after 100 backtracking steps' };
      return { kind: 'ok' };
    },
    release() {
      const out = xTensor ?? upload();
      xTensor = undefined;
      return out;
    },
  };
}
