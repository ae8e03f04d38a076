// Every penalty of the package (subpath `@sparsekit/constraints/penalties`).
export { l1 } from './l1.js';
export { elasticNet } from './elastic-net.js';
export { l0 } from './l0.js';
export { groupL1 } from './group-l1.js';
export { nuclearNorm } from './nuclear-norm.js';
export { proxConjugate, conjugate, moreauEnvelope } from './moreau.js';
