/** Scripts the consumer runs, written as a user would write them against the installed packages. */

/** ESM: loads every public entry, selects wasm, solves a 2×2 Lasso whose solution is known in closed form. */
export function esmSmoke(entries: string[]): string {
  return `import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { lasso } from '@sparsekit/solvers/sparse-glm';
const loaded = {};
for (const entry of ${JSON.stringify(entries)}) loaded[entry] = Object.keys(await import(entry)).length;
const backend = await useBackendOrThrow('wasm');
const result = lasso({ X: tf.tensor2d([[1, 0], [0, 1]]), y: tf.tensor1d([1, 0.1]), lambda: 0.1 });
const lassoOut = E.isRight(result)
  ? { status: result.right.status, x: Array.from(result.right.x.dataSync()) }
  : { left: result.left.message };
console.log(JSON.stringify({ loaded, backend, lasso: lassoOut }));
`;
}

/** CommonJS: what the READMEs tell CommonJS users to do (a dynamic import()), and require(esm) where Node has it. */
export const CJS_SMOKE = `const viaRequire = (() => {
  try { return typeof require('@sparsekit/tensor').useBackend; } catch (error) { return error.code ?? String(error); }
})();
(async () => {
  const { useBackendOrThrow } = await import('@sparsekit/tensor');
  const { l1Ball } = await import('@sparsekit/constraints');
  const tf = await import('@tensorflow/tfjs');
  const info = await useBackendOrThrow('cpu');
  const projected = l1Ball(1).project(tf.tensor1d([3, 1]));
  console.log(JSON.stringify({ backend: info.name, projected: Array.from(projected.dataSync()), viaRequire }));
})().catch((error) => { console.error(error); process.exitCode = 1; });
`;
