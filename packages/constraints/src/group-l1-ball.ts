// Subpath entry `@sparsekit/constraints/group-l1-ball`.
export * from './sets/group-l1-ball.js';
