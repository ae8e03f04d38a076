/**
 * S₁⋯S_J·x, right to left: in WebAssembly SIMD memory when the chain has butterfly factors and the
 * runtime offers SIMD (every current browser and Node), otherwise in plain JavaScript loops.
 */
import { applyChainJs } from './apply-factor.js';
import { pairPlan } from './butterfly-kernel.js';
import type { Block, Factor } from './factor.js';
import { applyChainSimd, simdKernels } from './simd-chain.js';

export function applyChain(factors: readonly Factor[], x: Block): Block {
  const k = simdKernels();
  const worthIt = factors.some((f) => f.format === 'csr' && pairPlan(f) !== null);
  return k !== null && worthIt ? applyChainSimd(k, factors, x) : applyChainJs(factors, x);
}
