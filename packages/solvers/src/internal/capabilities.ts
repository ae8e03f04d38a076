/**
 * Structural mirror of the constraint capability interfaces of DESIGN.md (defined for real in
 * `@sparsekit/constraints` src/types.ts). TypeScript is structural, so every constraint of
 * `@sparsekit/constraints` satisfies these unchanged; the mirror keeps the solvers building
 * from project references before the constraints package has emitted its declarations.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';

export interface Constraint {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}
export interface HasLmo {
  lmo(grad: Tensor): Tensor;
}
export interface HasProject {
  project(x: Tensor): Tensor;
}
export interface HasProx {
  prox(x: Tensor, step: number): Tensor;
}
export interface HasValue {
  value(x: Tensor): Scalar;
}
