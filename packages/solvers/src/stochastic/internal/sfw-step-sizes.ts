/**
 * Step sizes of the finite-sum SFW variants (copt `step_size_sfw`; t counts iterations from 0,
 * m = n/B): SAG and SAGA γ = 2/(t+2); MHK γ = 2/(t+8), ρ = γ^(2/3); LF
 * γ = 2(2m+t)/((t+1)(4m+t)), ρ = 2m/(2m+t+1). ρ is the averaging weight of the dual memory.
 */
export type SfwVariant = 'sag' | 'saga' | 'mhk' | 'lf';

export function sfwStepSizes(variant: SfwVariant, t: number, m: number): { gamma: number; rho: number } {
  switch (variant) {
    case 'sag':
    case 'saga':
      return { gamma: 2 / (t + 2), rho: 1 };
    case 'mhk': {
      const gamma = 2 / (t + 8);
      return { gamma, rho: gamma ** (2 / 3) };
    }
    case 'lf':
      return { gamma: (2 * (2 * m + t)) / ((t + 1) * (4 * m + t)), rho: (2 * m) / (2 * m + t + 1) };
  }
}
