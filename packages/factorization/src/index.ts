// Public API of @sparsekit/factorization; this file only re-exports.
export {};
