/**
 * S₁⋯S_J·x inside the memory of the WebAssembly SIMD kernels: the block is copied in once, every
 * butterfly factor runs the four-lane kernel, the other factors run the JavaScript kernels on
 * views of the same memory, and the result is copied out once. Batch rows are padded to a
 * multiple of four floats (the padding columns are zero and stay independent of the others).
 * Nothing is allocated per apply except the returned arrays.
 */
import { applyFactor } from './apply-factor.js';
import { pairPlan } from './butterfly-kernel.js';
import type { Block, CsrFactor, Factor } from './factor.js';
import { simdModuleBytes } from './simd-module.js';

interface Kernels {
  readonly memory: WebAssembly.Memory;
  readonly real: (pairs: number, count: number, coefs: number, x: number, y: number, stride: number) => void;
  readonly complex: (pairs: number, count: number, coefs: number, xr: number, xi: number, yr: number, yi: number, stride: number) => void;
}

let kernels: Kernels | null | undefined;

/** The kernels, or null where WebAssembly SIMD is unavailable (the caller then stays in JavaScript). */
export function simdKernels(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    const bytes = simdModuleBytes();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
      kernels = exports as unknown as Kernels;
    }
  } catch {
    kernels = null;
  }
  return kernels;
}

/** A butterfly factor's pairs [i0, i1, j0, j1] and coefficients in the kernels' layout (cached per factor). */
interface Packed {
  readonly pairs: Int32Array;
  readonly coefs: Float32Array;
}
const packedCache = new WeakMap<CsrFactor, Packed>();

function packed(f: CsrFactor, complex: boolean): Packed | null {
  const plan = pairPlan(f);
  if (plan === null) return null;
  const hit = packedCache.get(f);
  if (hit !== undefined && hit.coefs.length === (complex ? 2 : 1) * plan.length) return hit;
  const per = complex ? 8 : 4;
  const coefs = new Float32Array((plan.length / 4) * per);
  for (let q = 0, c = 0; q < plan.length; q += 4, c += per) {
    const entries = [2 * plan[q], 2 * plan[q] + 1, 2 * plan[q + 1], 2 * plan[q + 1] + 1];
    entries.forEach((p, e) => {
      if (!complex) coefs[c + e] = f.re[p];
      else {
        coefs[c + 2 * e] = f.re[p];
        coefs[c + 2 * e + 1] = f.im === null ? 0 : f.im[p];
      }
    });
  }
  const result = { pairs: plan, coefs };
  packedCache.set(f, result);
  return result;
}

/** Byte layout of one apply: the packed factors (kept resident between applies of the same chain), then two ping-pong regions. */
interface Layout {
  readonly factorOffsets: (readonly [number, number, number] | null)[]; // [pairs, coefs, count] per factor
  readonly regions: readonly number[];
  readonly planeBytes: number;
  readonly end: number;
}

let resident: { factors: readonly Factor[]; complex: boolean; layout: Layout } | null = null;

const align16 = (n: number) => Math.ceil(n / 16) * 16;

function layoutFor(factors: readonly Factor[], complex: boolean, maxDim: number, stride: number): Layout {
  let offset = 0;
  const factorOffsets = factors.map((f) => {
    const p = f.format === 'csr' ? packed(f, complex) : null;
    if (p === null) return null;
    const at = [offset, offset + p.pairs.byteLength, p.pairs.length / 4] as const;
    offset = align16(offset + p.pairs.byteLength + p.coefs.byteLength);
    return at;
  });
  const planeBytes = maxDim * stride * 4;
  const regionBytes = planeBytes * (complex ? 2 : 1);
  const regions = [0, 1].map((r) => offset + r * regionBytes);
  return { factorOffsets, regions, planeBytes, end: offset + 2 * regionBytes };
}

function ensureMemory(k: Kernels, bytes: number): void {
  const missing = bytes - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
}

/** Copies the chain's packed factors into memory unless the same chain is already there. */
function prepare(k: Kernels, factors: readonly Factor[], complex: boolean, maxDim: number, stride: number): Layout {
  const layout = layoutFor(factors, complex, maxDim, stride);
  ensureMemory(k, layout.end);
  if (resident?.factors === factors && resident.complex === complex) return layout;
  factors.forEach((f, j) => {
    const at = layout.factorOffsets[j];
    if (at === null || f.format !== 'csr') return;
    const p = packed(f, complex)!;
    new Int32Array(k.memory.buffer, at[0], p.pairs.length).set(p.pairs);
    new Float32Array(k.memory.buffer, at[1], p.coefs.length).set(p.coefs);
  });
  resident = { factors, complex, layout };
  return layout;
}

/** A block view over region r of the memory. */
function regionBlock(k: Kernels, layout: Layout, r: number, rows: number, stride: number, complex: boolean): Block {
  const at = layout.regions[r];
  const re = new Float32Array(k.memory.buffer, at, rows * stride);
  const im = complex ? new Float32Array(k.memory.buffer, at + layout.planeBytes, rows * stride) : null;
  return { rows, batch: stride, re, im };
}

function copyIn(x: Block, into: Block): void {
  const parts: [Float32Array, Float32Array | null][] = [
    [into.re, x.re],
    ...(into.im === null ? [] : [[into.im, x.im] as [Float32Array, Float32Array | null]]),
  ];
  for (const [dst, src] of parts) {
    if (src === null) dst.fill(0);
    else if (into.batch === x.batch) dst.set(src);
    else {
      dst.fill(0);
      for (let i = 0; i < x.rows; i++) dst.set(src.subarray(i * x.batch, (i + 1) * x.batch), i * into.batch);
    }
  }
}

function copyOut(y: Block, batch: number): Block {
  const part = (d: Float32Array): Float32Array => {
    if (y.batch === batch) return d.slice(0, y.rows * batch);
    const out = new Float32Array(y.rows * batch);
    for (let i = 0; i < y.rows; i++) out.set(d.subarray(i * y.batch, i * y.batch + batch), i * batch);
    return out;
  };
  return { rows: y.rows, batch, re: part(y.re), im: y.im === null ? null : part(y.im) };
}

/** S₁⋯S_J·x with the SIMD kernels; the chain must contain at least one butterfly factor to be worth it. */
export function applyChainSimd(k: Kernels, factors: readonly Factor[], x: Block): Block {
  const complex = x.im !== null || factors.some((f) => f.im !== null);
  const stride = Math.ceil(x.batch / 4) * 4;
  const maxDim = Math.max(x.rows, ...factors.map((f) => f.rows));
  const layout = prepare(k, factors, complex, maxDim, stride);
  let r = 0;
  let y = regionBlock(k, layout, r, x.rows, stride, complex);
  copyIn(x, y);
  for (let j = factors.length - 1; j >= 0; j--) {
    const f = factors[j];
    const next = 1 - r;
    const out = regionBlock(k, layout, next, f.rows, stride, complex);
    const at = layout.factorOffsets[j];
    const [xo, yo, s] = [layout.regions[r], layout.regions[next], stride * 4];
    if (at === null) applyFactor(f, y, { re: out.re, im: out.im });
    else if (complex) k.complex(at[0], at[2], at[1], xo, xo + layout.planeBytes, yo, yo + layout.planeBytes, s);
    else k.real(at[0], at[2], at[1], xo, yo, s);
    y = out;
    r = next;
  }
  return copyOut(y, x.batch);
}
