// Subpath entry `@sparsekit/constraints/linf-ball`.
export * from './sets/linf-ball.js';
