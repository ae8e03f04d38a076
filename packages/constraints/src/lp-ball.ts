// Subpath entry `@sparsekit/constraints/lp-ball`.
export * from './sets/lp-ball.js';
