// Subpath entry `@sparsekit/constraints/simplex`.
export * from './sets/simplex.js';
