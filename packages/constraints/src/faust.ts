// FAμST projectors (pyfaust `pyfaust.proj`): `@sparsekit/constraints/faust`. Re-exports only.
export type { FaustFlags, FaustProjector } from './faust/faust-projector.js';
export { sp } from './faust/sp.js';
export { splin } from './faust/splin.js';
export { spcol } from './faust/spcol.js';
export { splincol } from './faust/splincol.js';
export { skperm } from './faust/skperm.js';
export type { SparsityParams } from './faust/internal/sparsity-projector.js';
export { supp, type SuppParams } from './faust/supp.js';
export { constant, type ConstantParams } from './faust/constant.js';
export { blockdiag, type BlockdiagParams } from './faust/blockdiag.js';
export { normcol, type NormSliceParams } from './faust/normcol.js';
export { normlin } from './faust/normlin.js';
export { circ } from './faust/circ.js';
export { toeplitz } from './faust/toeplitz.js';
export { hankel } from './faust/hankel.js';
export type { StructureParams } from './faust/internal/structured.js';
