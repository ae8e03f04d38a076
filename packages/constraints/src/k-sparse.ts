// Subpath entry `@sparsekit/constraints/k-sparse`.
export * from './sets/k-sparse.js';
