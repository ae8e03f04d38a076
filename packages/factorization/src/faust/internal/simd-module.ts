/**
 * The WebAssembly SIMD butterfly kernels, assembled from their opcodes at load time. Writing the
 * bytes here (rather than shipping a compiled .wasm file) keeps the package one plain ES module
 * that every bundler handles and needs no build step or toolchain; the module is a few hundred
 * bytes, small enough for a synchronous compile on a browser's main thread.
 *
 * Both kernels walk a list of row pairs (i0, i1, j0, j1) that share their two columns and write
 * y[i0] = a00·x[j0] + a01·x[j1] and y[i1] = a10·x[j0] + a11·x[j1] over a contiguous batch row,
 * four float32 lanes at a time. Rows are `stride` bytes apart (a positive multiple of 16).
 *
 * - `real(pairs, count, coefs, x, y, stride)`: coefs hold [a00, a01, a10, a11] per pair.
 * - `complex(pairs, count, coefs, xRe, xIm, yRe, yIm, stride)`: coefs hold the real and
 *   imaginary parts interleaved, [a00r, a00i, a01r, a01i, a10r, a10i, a11r, a11i] per pair.
 */

import { I32, V128, funcBody, name, op, section, uleb } from './wasm-assembler.js';

/** base + load(pairs + offset)·stride into a local: the byte address of a pair's row. */
function rowAddress(pairs: number, offset: number, base: number, stride: number, into: number): number[] {
  return [...op.get(base), ...op.get(pairs), ...op.loadI32(offset), ...op.get(stride), ...op.mul, ...op.add, ...op.set(into)];
}

/** coefs[offset] broadcast to the four lanes of a v128 local. */
function splatCoef(coefs: number, offset: number, into: number): number[] {
  return [...op.get(coefs), ...op.loadF32(offset), ...op.splat, ...op.set(into)];
}

/** v128.load(base + k [+ delta]). */
function loadAt(base: number, k: number, delta?: number): number[] {
  return [...op.get(base), ...op.get(k), ...op.add, ...(delta === undefined ? [] : [...op.get(delta), ...op.add]), ...op.v128Load];
}

/** The outer loop over pairs: `perPair` (row addresses, coefficients, inner loop), then advance. */
function pairLoop(pairs: number, count: number, coefs: number, end: number, coefBytes: number, perPair: number[]): number[] {
  return [
    ...op.get(pairs),
    ...op.get(count),
    ...op.i32(4),
    ...op.shl,
    ...op.add,
    ...op.set(end),
    ...op.block,
    ...op.loop,
    ...op.get(pairs),
    ...op.get(end),
    ...op.geU,
    ...op.brIf(1),
    ...perPair,
    ...[...op.get(pairs), ...op.i32(16), ...op.add, ...op.set(pairs)],
    ...[...op.get(coefs), ...op.i32(coefBytes), ...op.add, ...op.set(coefs)],
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** The inner loop over the batch: k from 0 by 16 bytes while k < stride. */
function batchLoop(k: number, stride: number, body: number[]): number[] {
  return [
    ...op.i32(0),
    ...op.set(k),
    ...op.loop,
    ...body,
    ...[...op.get(k), ...op.i32(16), ...op.add, ...op.tee(k), ...op.get(stride), ...op.ltU, ...op.brIf(0)],
    ...op.end,
  ];
}

/** a·u + b·v with a, b, u, v v128 locals. */
const combine = (a: number, u: number, b: number, v: number): number[] => [
  ...[...op.get(a), ...op.get(u), ...op.fmul],
  ...[...op.get(b), ...op.get(v), ...op.fmul],
  ...op.fadd,
];

function realBody(): number[] {
  // params: 0 pairs, 1 count, 2 coefs, 3 x, 4 y, 5 stride; i32 locals 6 end, 7 y0, 8 y1, 9 u, 10 v, 11 k;
  // v128 locals 12–15 coefficients, 16 x[j0] lanes, 17 x[j1] lanes.
  const inner = batchLoop(11, 5, [
    ...loadAt(9, 11),
    ...op.set(16),
    ...loadAt(10, 11),
    ...op.set(17),
    ...[...op.get(7), ...op.get(11), ...op.add, ...combine(12, 16, 13, 17), ...op.v128Store],
    ...[...op.get(8), ...op.get(11), ...op.add, ...combine(14, 16, 15, 17), ...op.v128Store],
  ]);
  const perPair = [
    ...rowAddress(0, 0, 4, 5, 7),
    ...rowAddress(0, 4, 4, 5, 8),
    ...rowAddress(0, 8, 3, 5, 9),
    ...rowAddress(0, 12, 3, 5, 10),
    ...[0, 1, 2, 3].flatMap((c) => splatCoef(2, 4 * c, 12 + c)),
    ...inner,
  ];
  return funcBody(
    [
      [6, I32],
      [6, V128],
    ],
    pairLoop(0, 1, 2, 6, 16, perPair),
  );
}

/** (c_r·u_r − c_i·u_i) + (d_r·v_r − d_i·v_i) and its imaginary counterpart. */
function complexPart(c: number, u: [number, number], v: [number, number], imaginary: boolean): number[] {
  const [ur, ui] = u;
  const [vr, vi] = v;
  if (!imaginary) {
    const half = (cr: number, xr: number, xi: number) => [
      ...op.get(cr),
      ...op.get(xr),
      ...op.fmul,
      ...op.get(cr + 1),
      ...op.get(xi),
      ...op.fmul,
      ...op.fsub,
    ];
    return [...half(c, ur, ui), ...half(c + 2, vr, vi), ...op.fadd];
  }
  const half = (cr: number, xr: number, xi: number) => [
    ...op.get(cr),
    ...op.get(xi),
    ...op.fmul,
    ...op.get(cr + 1),
    ...op.get(xr),
    ...op.fmul,
    ...op.fadd,
  ];
  return [...half(c, ur, ui), ...half(c + 2, vr, vi), ...op.fadd];
}

function complexBody(): number[] {
  // params: 0 pairs, 1 count, 2 coefs, 3 xRe, 4 xIm, 5 yRe, 6 yIm, 7 stride;
  // i32 locals 8 end, 9 y0, 10 y1, 11 u, 12 v, 13 k, 14 xIm − xRe, 15 yIm − yRe;
  // v128 locals 16–23 coefficients (re, im interleaved), 24 u_r, 25 u_i, 26 v_r, 27 v_i.
  const u: [number, number] = [24, 25];
  const v: [number, number] = [26, 27];
  const store = (row: number, delta: number | null, c: number, imaginary: boolean) => [
    ...[...op.get(row), ...op.get(13), ...op.add, ...(delta === null ? [] : [...op.get(delta), ...op.add])],
    ...complexPart(c, u, v, imaginary),
    ...op.v128Store,
  ];
  const inner = batchLoop(13, 7, [
    ...[...loadAt(11, 13), ...op.set(24), ...loadAt(11, 13, 14), ...op.set(25)],
    ...[...loadAt(12, 13), ...op.set(26), ...loadAt(12, 13, 14), ...op.set(27)],
    ...[...store(9, null, 16, false), ...store(9, 15, 16, true), ...store(10, null, 20, false), ...store(10, 15, 20, true)],
  ]);
  const perPair = [
    ...rowAddress(0, 0, 5, 7, 9),
    ...rowAddress(0, 4, 5, 7, 10),
    ...rowAddress(0, 8, 3, 7, 11),
    ...rowAddress(0, 12, 3, 7, 12),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((c) => splatCoef(2, 4 * c, 16 + c)),
    ...inner,
  ];
  const deltas = [...op.get(4), ...op.get(3), 0x6b, ...op.set(14), ...op.get(6), ...op.get(5), 0x6b, ...op.set(15)];
  return funcBody(
    [
      [8, I32],
      [12, V128],
    ],
    [...deltas, ...pairLoop(0, 1, 2, 8, 32, perPair)],
  );
}

/** The module's bytes: two function types, two kernels, one exported growable memory. */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  const funcType = (params: number) => [0x60, ...uleb(params), ...Array<number>(params).fill(I32), 0];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [2, ...funcType(6), ...funcType(8)]),
    ...section(3, [2, 0, 1]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [3, ...name('memory'), 2, 0, ...name('real'), 0, 0, ...name('complex'), 0, 1]),
    ...section(10, [2, ...realBody(), ...complexBody()]),
  ];
  return new Uint8Array(bytes);
}
