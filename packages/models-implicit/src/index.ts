// Public API of @sparsekit/models-implicit; this file only re-exports.
export {};
