// Subpath entry `@sparsekit/constraints/row-l1-ball`.
export * from './sets/row-l1-ball.js';
