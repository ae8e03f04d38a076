// Public API of @sparsekit/robust-stats; this file only re-exports.
export {};
