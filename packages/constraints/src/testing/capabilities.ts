/** Run-time capability detection for the law suite (the types are compile-time only). */
import type { Constraint, HasIsFeasible, HasLmo, HasProject, HasProx, HasValue } from '../types.js';

export type Any = Constraint & Partial<HasLmo & HasProject & HasProx & HasValue & HasIsFeasible>;

export const hasLmo = (c: Any): c is Any & HasLmo => typeof c.lmo === 'function';
export const hasProject = (c: Any): c is Any & HasProject => typeof c.project === 'function';
export const hasProx = (c: Any): c is Any & HasProx => typeof c.prox === 'function';
export const hasValue = (c: Any): c is Any & HasValue => typeof c.value === 'function';
export const hasIsFeasible = (c: Any): c is Any & HasIsFeasible => typeof c.isFeasible === 'function';

/** A set (indicator) rather than a penalty: it can test membership. */
export const isSet = hasIsFeasible;
