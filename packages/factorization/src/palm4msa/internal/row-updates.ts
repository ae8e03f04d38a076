/**
 * C[dst] += v·B[src] over whole rows, for a list of (dst, src, v): the one loop behind the host
 * engine's products (A·B over the nonzeros of A, Aᵀ·B over the nonzeros of A). Large lists run in
 * a WebAssembly SIMD kernel (two float64 lanes, assembled from opcodes at load time), small ones
 * and runtimes without SIMD in plain JavaScript. Rows are padded to an even length in the
 * kernel's memory; the result is the same float64 arithmetic in the same order either way.
 */
import { I32, V128, funcBody, name, op, section } from '../../faust/internal/wasm-assembler.js';

/** The list: dst[t], src[t] row indices and val[t] factors. */
export interface RowUpdates {
  readonly dst: Int32Array;
  readonly src: Int32Array;
  readonly val: Float64Array;
  readonly count: number;
}

function kernelBody(): number[] {
  // params: 0 list, 1 count, 2 rowBytes; i32 locals 3 end, 4 dst, 5 src, 6 k; v128 local 7 v.
  const inner = [
    ...op.i32(0),
    ...op.set(6),
    ...op.loop,
    ...[...op.get(4), ...op.get(6), ...op.add],
    ...[...op.get(4), ...op.get(6), ...op.add, ...op.v128Load],
    ...[...op.get(7), ...op.get(5), ...op.get(6), ...op.add, ...op.v128Load, ...op.dmul],
    ...op.dadd,
    ...op.v128Store,
    ...[...op.get(6), ...op.i32(16), ...op.add, ...op.tee(6), ...op.get(2), ...op.ltU, ...op.brIf(0)],
    ...op.end,
  ];
  const code = [
    ...[...op.get(0), ...op.get(1), ...op.i32(4), ...op.shl, ...op.add, ...op.set(3)],
    ...op.block,
    ...op.loop,
    ...[...op.get(0), ...op.get(3), ...op.geU, ...op.brIf(1)],
    ...[...op.get(0), ...op.loadI32(0), ...op.set(4)],
    ...[...op.get(0), ...op.loadI32(4), ...op.set(5)],
    ...[...op.get(0), ...op.loadF64(8), ...op.splat64, ...op.set(7)],
    ...inner,
    ...[...op.get(0), ...op.i32(16), ...op.add, ...op.set(0)],
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return funcBody(
    [
      [4, I32],
      [1, V128],
    ],
    code,
  );
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 3, I32, I32, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('rows'), 0, 0]),
    ...section(10, [1, ...kernelBody()]),
  ]);
}

interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly rows: (list: number, count: number, rowBytes: number) => void;
}

let kernel: Kernel | null | undefined;

function simdKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Kernel;
    }
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Below this many multiply-adds the copies in and out of the kernel's memory cost more than they save. */
const MIN_WORK = 1 << 15;

function inJavaScript(u: RowUpdates, b: Float64Array, n: number, c: Float64Array): void {
  const { dst, src, val } = u;
  for (let t = 0; t < u.count; t++) {
    const v = val[t];
    const co = dst[t] * n;
    const bo = src[t] * n;
    for (let j = 0; j < n; j++) c[co + j] += v * b[bo + j];
  }
}

function inWasm(k: Kernel, u: RowUpdates, b: Float64Array, bRows: number, n: number, c: Float64Array, cRows: number): void {
  const stride = n + (n % 2); // doubles per padded row
  const rowBytes = stride * 8;
  const listBytes = u.count * 16;
  const [bAt, cAt] = [listBytes, listBytes + bRows * rowBytes];
  const need = cAt + cRows * rowBytes;
  if (need > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  const buf = k.memory.buffer;
  const ints = new Int32Array(buf, 0, u.count * 4);
  const dbl = new Float64Array(buf, 0, u.count * 2);
  for (let t = 0; t < u.count; t++) {
    ints[4 * t] = cAt + u.dst[t] * rowBytes;
    ints[4 * t + 1] = bAt + u.src[t] * rowBytes;
    dbl[2 * t + 1] = u.val[t];
  }
  const bv = new Float64Array(buf, bAt, bRows * stride);
  const cv = new Float64Array(buf, cAt, cRows * stride);
  cv.fill(0);
  if (stride === n) bv.set(b);
  else for (let i = 0; i < bRows; i++) bv.set(b.subarray(i * n, (i + 1) * n), i * stride);
  k.rows(0, u.count, rowBytes);
  if (stride === n) c.set(cv);
  else for (let i = 0; i < cRows; i++) c.set(cv.subarray(i * stride, i * stride + n), i * n);
}

/** C (cRows × n, zero on entry) += the row updates of B (bRows × n). */
export function applyRowUpdates(u: RowUpdates, b: Float64Array, bRows: number, n: number, c: Float64Array, cRows: number): void {
  const k = u.count * n >= MIN_WORK ? simdKernel() : null;
  if (k === null) inJavaScript(u, b, n, c);
  else inWasm(k, u, b, bRows, n, c, cRows);
}
