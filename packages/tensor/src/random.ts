// Subpath entry `@sparsekit/tensor/random`: seeded, backend-independent random numbers.
export { createRng, type Rng, type NormalOptions, type UniformOptions, type ChoiceOptions } from './random/create-rng.js';
