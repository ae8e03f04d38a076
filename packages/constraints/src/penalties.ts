// Subpath entry `@sparsekit/constraints/penalties`.
export * from './penalties/index.js';
