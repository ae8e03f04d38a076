// Public API of @sparsekit/solvers; this file only re-exports.
export {};
