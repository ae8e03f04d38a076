// Public API of @sparsekit/models-l0; this file only re-exports.
export { HardConcrete, type HardConcreteOptions, type TestGateRule } from './hard-concrete.js';
