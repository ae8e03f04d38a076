// Subpath entry `@sparsekit/constraints/box`.
export * from './sets/box.js';
