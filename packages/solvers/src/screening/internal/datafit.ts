/**
 * Separable data-fit terms F(z) = (1/n) Σ ℓ(z_i, y_i) of the L1 working-set solvers, in float64
 * plain JS, with what the duality gaps need: F, ∇F, the diagonal of ∇²F, the dual objective
 * −F*(c·∇F(z)) at a rescaled gradient, and the strong concavity α of the dual (F is (1/α)-smooth,
 * so F* is α-strongly convex), which sets the radius of the gap-safe sphere √(2·gap/α).
 */

/** A float64 data fit bound to its targets y (length n). */
export interface Datafit {
  readonly name: 'squared' | 'logistic';
  value(z: Float64Array): number;
  /** ∇F(z)_i = ℓ'(z_i, y_i)/n into `out`. */
  gradient(z: Float64Array, out: Float64Array): Float64Array;
  /** ∂²F/∂z_i² = ℓ''(z_i, y_i)/n into `out`. */
  hessianDiagonal(z: Float64Array, out: Float64Array): Float64Array;
  /** −F*(c·∇F(z)), the dual objective at u = −c·∇F(z) for c ∈ [0, 1]. */
  dual(z: Float64Array, c: number): number;
  /** Strong concavity of the dual: n (squared), 4n (logistic). */
  readonly alpha: number;
}

/** ½(z − y)²/n: ∇F = (z − y)/n, F*(v) = vᵀy + (n/2)‖v‖². */
export function squaredDatafit(y: Float64Array): Datafit {
  const n = y.length;
  return {
    name: 'squared',
    alpha: n,
    value(z) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (z[i] - y[i]) ** 2;
      return s / (2 * n);
    },
    gradient(z, out) {
      for (let i = 0; i < n; i++) out[i] = (z[i] - y[i]) / n;
      return out;
    },
    hessianDiagonal: (_z, out) => out.fill(1 / n),
    dual(z, c) {
      // −F*(v) at v = c·∇F(z) = c(z − y)/n
      let vy = 0;
      let vv = 0;
      for (let i = 0; i < n; i++) {
        const v = (c * (z[i] - y[i])) / n;
        vy += v * y[i];
        vv += v * v;
      }
      return -vy - (n / 2) * vv;
    },
  };
}

/** log(1 + e^t) without overflow. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** 1/(1 + e^{−t}) without overflow. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/**
 * (1/n) Σ log(1 + exp(−y_i z_i)), labels ±1. With h(t) = log(1 + e^{−t}), h*(s) =
 * (−s)log(−s) + (1+s)log(1+s) on [−1, 0], and y_i·n·c·∇F_i = −c·σ(−y_i z_i) ∈ [−1, 0].
 */
export function logisticDatafit(y: Float64Array): Datafit {
  const n = y.length;
  return {
    name: 'logistic',
    alpha: 4 * n,
    value(z) {
      let s = 0;
      for (let i = 0; i < n; i++) s += softplus(-y[i] * z[i]);
      return s / n;
    },
    gradient(z, out) {
      for (let i = 0; i < n; i++) out[i] = (-y[i] * sigmoid(-y[i] * z[i])) / n;
      return out;
    },
    hessianDiagonal(z, out) {
      for (let i = 0; i < n; i++) {
        const s = sigmoid(y[i] * z[i]);
        out[i] = (s * (1 - s)) / n;
      }
      return out;
    },
    dual(z, c) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const a = c * sigmoid(-y[i] * z[i]); // = −s_i ∈ [0, 1]
        s += xlogx(a) + xlogx(1 - a);
      }
      return -s / n;
    },
  };
}
