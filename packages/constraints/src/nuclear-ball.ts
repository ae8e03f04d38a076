// Subpath entry `@sparsekit/constraints/nuclear-ball`.
export * from './sets/nuclear-ball.js';
