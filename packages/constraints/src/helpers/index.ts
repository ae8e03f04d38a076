export { forParameters, type ParameterConstraints } from './for-parameters.js';
export { scaled } from './scaled.js';
export { makeFeasible, makeVariablesFeasible } from './make-feasible.js';
export { randomPoint, type RandomPointOptions } from './random-point.js';
