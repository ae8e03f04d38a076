/**
 * Which laws can say anything about a constraint. A law whose capabilities are missing (an LMO
 * law for a set without LMO, the convex-only laws for nonconvex sets, the prox-minimizer law
 * for sets) would pass whatever the code does; the suite reports it as skipped instead of
 * generating its 1,000 cases.
 */
import type { Constraint } from '../types.js';
import type { Any } from './capabilities.js';
import { hasIsFeasible, hasLmo, hasProject, hasProx, hasValue } from './capabilities.js';
import type { ConstraintLawsOptions, LawName } from './options.js';

/** True when `law` checks something for constraint `c` under `options`. */
export function lawApplies(law: LawName, c: Any, options: ConstraintLawsOptions<Constraint>): boolean {
  const convex = options.convex ?? true;
  const isSet = hasIsFeasible(c);
  switch (law) {
    case 'feasibility':
      return isSet && (hasProject(c) || hasProx(c) || hasLmo(c));
    case 'idempotence':
      return hasProject(c);
    case 'nonexpansive':
      return convex && ((isSet && hasProject(c)) || hasProx(c));
    case 'variational':
      return isSet && hasProject(c);
    case 'lmo':
      return hasLmo(c);
    case 'prox':
      return !isSet && hasProx(c) && (options.valueF64 !== undefined || hasValue(c));
    case 'moreau':
      return (convex && hasLmo(c) && hasProject(c)) || (hasProx(c) && options.conjugate !== undefined);
    default:
      return true; // shape, nonfinite, leaks, batched: every constraint
  }
}

/** Why `law` does not apply (shown for the skipped test): the capability or option it needs. */
export function lawSkipReason(law: LawName): string {
  const needs: Partial<Record<LawName, string>> = {
    feasibility: 'a set (isFeasible) with project, prox or lmo',
    idempotence: 'project',
    nonexpansive: 'a convex set with project, or a convex prox',
    variational: 'a set (isFeasible) with project',
    lmo: 'lmo',
    prox: 'a penalty (no isFeasible) with prox and value (or the valueF64 option)',
    moreau: 'a convex set with both lmo and project, or prox with the conjugate option',
  };
  return `the ${law} law does not apply: it needs ${needs[law] ?? 'nothing more'}, which this constraint lacks`;
}
