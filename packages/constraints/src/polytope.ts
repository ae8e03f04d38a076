// Subpath entry `@sparsekit/constraints/polytope`.
export * from './sets/polytope.js';
