/**
 * Small-sample correction factors of the LTS scale (Pison, Van Aelst & Willems, Metrika 2002): the
 * consistency-corrected scale is still biased low for small n, by a factor 1/f(n) that their
 * simulations fit as f(n) = 1 − e^a / n^b at coverage α = 0.5 and 0.875, interpolated linearly in α.
 * For p ≥ 2 slopes, (a, b) follow from two fitted curves in p (coefficients c₁ p^c₂ at the reference
 * sizes n = 3p² and 5p²). The constants are the ones robustbase 0.95 tabulates for `ltsReg`
 * (`LTScnp2`, `LTScnp2.rew`), so the scales agree with it.
 */
import { normalPdf, normalQuantile } from '../../internal/normal.js';

/** f(n) = 1 − e^a / n^b at α = 0.5 and α = 0.875. */
type Pair = readonly [a500: number, b500: number, a875: number, b875: number];

/** Fitted (c₁, c₂) at n = 3p² then 5p², for α = 0.5 and α = 0.875 (p ≥ 2 slopes). */
interface Curves {
  readonly at500: readonly [number, number, number, number];
  readonly at875: readonly [number, number, number, number];
}

interface Table {
  readonly location: Pair;
  readonly oneSlope: { readonly intercept: Pair; readonly through0: Pair };
  readonly slopes: { readonly intercept: Curves; readonly through0: Curves };
  /** f is a variance ratio for the location case: the factor uses its square root there only. */
  readonly sqrtLocation: boolean;
}

const RAW: Table = {
  location: [0.262024211897096, 0.604756680630497, -0.351584646688712, 1.01646567502486],
  oneSlope: {
    intercept: [0.630869217886906, 0.650789250442946, 0.565065391014791, 1.03044199012509],
    through0: [-0.0181777452315321, 0.697629772271099, -0.310122738776431, 1.06241615923172],
  },
  slopes: {
    intercept: {
      at500: [-0.746945886714663, 0.56264937192689, -0.535478048924724, 0.543323462033445],
      at875: [-0.458580153984614, 1.12236071104403, -0.267178168108996, 1.1022478781154],
    },
    through0: {
      at500: [-0.487338281979106, 0.405511279418594, -0.340762058011, 0.37972360544988],
      at875: [-0.251778730491252, 0.883966931611758, -0.146660023184295, 0.86292940340761],
    },
  },
  sqrtLocation: true,
};

const REWEIGHTED: Table = {
  location: [1.11098143415027, 1.5182890270453, -0.66046776772861, 0.88939595831888],
  oneSlope: {
    intercept: [1.58609654199605, 1.46340162526468, 0.391653958727332, 1.03167487483316],
    through0: [0.6329852387657, 1.40361879788014, -0.642240988645469, 0.926325452943084],
  },
  slopes: {
    intercept: {
      at500: [-0.773365715932083, 2.02013996406346, -0.337571678986723, 2.02037467454833],
      at875: [-0.474174840843602, 1.39681715704956, -0.276640353112907, 1.42543242287677],
    },
    through0: {
      at500: [-0.417574780492848, 1.83958876341367, -0.175753709374146, 1.8313809497999],
      at875: [-0.267522855927958, 1.17559984533974, -0.161200683014406, 1.21675019853961],
    },
  },
  sqrtLocation: true,
};

/** (a, b) of f(n) = 1 − e^a/n^b for p slopes from the two curves c₁ p^c₂ at n = 3p² and 5p². */
function fromCurves(c: readonly [number, number, number, number], p: number): [number, number] {
  // log(−c₁ / p^c₂) = a − b·log(k p²) for k = 3 and 5: two equations in (a, b).
  const y1 = Math.log(-c[0] / p ** c[1]);
  const y2 = Math.log(-c[2] / p ** c[3]);
  const l1 = Math.log(3 * p * p);
  const l2 = Math.log(5 * p * p);
  const b = (y1 - y2) / (l2 - l1);
  return [y1 + b * l1, b];
}

function factor(t: Table, p: number, intercept: boolean, n: number, alpha: number): number {
  const slopes = intercept ? p - 1 : p;
  let pair: Pair;
  if (slopes === 0) pair = t.location;
  else if (slopes === 1) pair = intercept ? t.oneSlope.intercept : t.oneSlope.through0;
  else {
    const curves = intercept ? t.slopes.intercept : t.slopes.through0;
    pair = [...fromCurves(curves.at500, slopes), ...fromCurves(curves.at875, slopes)] as const;
  }
  const f500 = 1 - Math.exp(pair[0]) / n ** pair[1];
  const f875 = 1 - Math.exp(pair[2]) / n ** pair[3];
  const f = alpha <= 0.875 ? f500 + ((f875 - f500) / 0.375) * (alpha - 0.5) : f875 + ((1 - f875) / 0.125) * (alpha - 0.875);
  return 1 / (slopes === 0 && t.sqrtLocation ? Math.sqrt(f) : f);
}

/** Small-sample factor of the raw LTS scale; p counts the intercept column, α ∈ [0.5, 1] the coverage. */
export function rawCorrection(p: number, intercept: boolean, n: number, alpha: number): number {
  return factor(RAW, p, intercept, n, alpha);
}

/** Small-sample factor of the reweighted LTS scale. */
export function reweightedCorrection(p: number, intercept: boolean, n: number, alpha: number): number {
  return factor(REWEIGHTED, p, intercept, n, alpha);
}

/**
 * Consistency factor of the scale of the h smallest of n squared normal residuals: the variance of a
 * standard normal truncated to its central h/n fraction is 1 − (2n/h)·q·φ(q), q = Φ⁻¹((h + n)/(2n)).
 */
export function trimmedConsistency(h: number, n: number): number {
  const q = normalQuantile((h + n) / (2 * n));
  return 1 / Math.sqrt(1 - ((2 * n) / h) * q * normalPdf(q));
}
