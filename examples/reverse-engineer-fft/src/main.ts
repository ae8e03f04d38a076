/** Recovers DFT-1024 and Hadamard-1024, prints error, RCG and apply speedup, writes SVGs of the supports. */
import { writeFileSync } from 'node:fs';
import { useBackendOrThrow } from '@sparsekit/tensor';
import { recover } from './reverse-engineer.js';
import { supportsSvg } from './supports-svg.js';

await useBackendOrThrow((process.env.SPARSEKIT_BACKEND as 'wasm' | 'cpu' | undefined) ?? 'wasm');
const N = Number(process.env.N ?? 1024);
for (const name of ['dft', 'hadamard'] as const) {
  const r = recover(name, N);
  console.log(
    `${name}-${N}: rel. error ${r.relError.toExponential(2)}, ${r.faust.numFactors()} factors, nnz ${r.faust.nnzSum()}, ` +
      `RCG ${r.rcg.toFixed(1)}, factorized in ${(r.factorizeMs / 1000).toFixed(2)} s; ` +
      `apply to 128 vectors ${r.applyMs.toFixed(1)} ms vs dense ${r.denseMs.toFixed(1)} ms (speedup ${(r.denseMs / r.applyMs).toFixed(
        2,
      )}×)`,
  );
  const file = `${name}-${N}-supports.svg`;
  writeFileSync(file, supportsSvg(r.faust, `${name}-${N}: supports of the ${r.faust.numFactors()} recovered factors (64×64 cells each)`));
  console.log(`  wrote ${file}`);
}
