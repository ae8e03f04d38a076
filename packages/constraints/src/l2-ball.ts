// Subpath entry `@sparsekit/constraints/l2-ball`.
export * from './sets/l2-ball.js';
