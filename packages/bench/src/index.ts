// Public API of @sparsekit/bench; this file only re-exports.
export {};
