// Public API of @sparsekit/constraints; this file only re-exports.
export {};
