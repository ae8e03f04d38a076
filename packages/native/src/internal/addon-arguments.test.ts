import { describe, expect, it } from 'vitest';
import { loadAddon } from '../addon.js';
import { skipWithoutAddon } from './compare.test-helpers.js';

/** The addon's entry points as untyped functions, to call them with wrong arguments. */
function entryPoints(): Record<string, (...args: unknown[]) => unknown> {
  const load = loadAddon();
  if (!load.ok) throw new Error(load.reason);
  return load.addon as unknown as Record<string, (...args: unknown[]) => unknown>;
}

describe('addon argument checks (a wrong call is a JavaScript error, never a kernel run)', () => {
  skipWithoutAddon();

  it('names the entry point and the argument count it expects', () => {
    const addon = entryPoints();
    const counts: [string, number][] = [
      ['gemm', 11],
      ['epilogue', 9],
      ['conv2d', 4],
      ['conv2dBackpropInput', 4],
      ['conv2dBackpropFilter', 4],
      ['depthwise', 4],
      ['depthwiseBackpropInput', 4],
      ['depthwiseBackpropFilter', 4],
      ['l1BallRows', 5],
      ['simplexRows', 5],
      ['transposeTimes', 5],
      ['firstPass', 6],
      ['gatherColumns', 5],
      ['adam', 8],
    ];
    for (const [name, n] of counts) {
      expect(() => addon[name](), name).toThrow(`${name}: expected ${n} arguments`);
      expect(() => addon[name](...Array.from({ length: n + 1 }, () => 0)), name).toThrow(`${name}: expected ${n} arguments`);
    }
    expect(() => addon.setThreads()).toThrow('setThreads: expected 1 argument');
  });

  it('rejects arrays of the wrong element type and arrays too short for the geometry', () => {
    const addon = entryPoints();
    const f = (n: number) => new Float32Array(n);
    // batch, in h/w/c, out h/w/c, filter h/w, stride h/w, dilation h/w, padding top/left: a 1×1 conv on 4×4×1.
    const geometry = new Int32Array([1, 4, 4, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(() => addon.conv2d(f(16), f(1), new Int32Array(16), geometry)).toThrow('conv: expected (Float32Array');
    expect(() => addon.conv2d(f(16), f(1), f(15), geometry)).toThrow('conv2d: array too short');
    expect(() => addon.gemm(false, false, 2, 2, 2, f(4), f(4), f(3), null, null, 1)).toThrow('gemm: c too short');
    expect(() => addon.gemm(false, false, 2, 2, 2, f(4), new Int32Array(4), f(4), null, null, 1)).toThrow(
      'gemm: a, b, c must be Float32Arrays',
    );
  });

  it('host kernels reject wrong element types, short arrays and out-of-range columns', () => {
    const addon = entryPoints();
    const f = (n: number) => new Float32Array(n);
    const d = (n: number) => new Float64Array(n);
    expect(() => addon.l1BallRows(f(6), f(6), 2, 3, f(2))).toThrow('l1BallRows: expected (Float32Array');
    expect(() => addon.l1BallRows(f(6), f(5), 2, 3, d(2))).toThrow('l1BallRows: array too short');
    expect(() => addon.simplexRows(f(6), f(6), 2, 3, d(1))).toThrow('simplexRows: array too short');
    expect(() => addon.l1BallRows(f(6), f(6), -1, 3, d(2))).toThrow('l1BallRows: rows and cols must be integers >= 0');
    expect(() => addon.transposeTimes(f(5), 2, 3, d(2), d(3))).toThrow('transposeTimes: expected a Float32Array X');
    expect(() => addon.transposeTimes(f(6), 2, 3, d(2), d(2))).toThrow('transposeTimes: v and out must be Float64Arrays');
    expect(() => addon.firstPass(f(6), 2, 3, d(2), d(3), f(3))).toThrow('firstPass: v, g and norm2 must be Float64Arrays');
    expect(() => addon.gatherColumns(f(6), 2, 3, new Int32Array([0, 3]), d(4))).toThrow('gatherColumns: column index out of range');
    expect(() => addon.gatherColumns(f(6), 2, 3, new Int32Array([0, 2]), d(3))).toThrow('gatherColumns: expected an Int32Array');
  });

  it('adam rejects wrong types, unequal lengths and outputs that partly overlap the other arrays', () => {
    const addon = entryPoints();
    const heap = new Float32Array(40);
    const at = (offset: number, n = 5) => heap.subarray(offset, offset + n);
    const k = new Float32Array(8);
    const inputs = [at(0), at(5), at(10), at(15)];
    expect(() => addon.adam(...inputs, at(20), at(25), new Int32Array(5), k)).toThrow('adam: expected seven Float32Arrays');
    expect(() => addon.adam(...inputs, at(20), at(25), at(30), new Float32Array(7))).toThrow('adam: constants must be');
    expect(() => addon.adam(...inputs, at(20), at(25), at(30, 4), k)).toThrow('adam: x, m, v, g and the outputs must have the same length');
    // vectorized on the promise that outputs alias nothing: a shifted or shared output is refused
    expect(() => addon.adam(...inputs, at(2), at(25), at(30), k)).toThrow('adam: the outputs must be the inputs or overlap no other array');
    expect(() => addon.adam(...inputs, at(20), at(20), at(30), k)).toThrow('adam: the outputs must be the inputs');
    expect(() => addon.adam(...inputs, at(20), at(25), at(15), k)).toThrow('adam: the outputs must be the inputs');
    expect(() => addon.adam(...inputs, at(0), at(25), at(30), k)).toThrow('adam: the outputs must be the inputs'); // partly in place
    expect(() => addon.adam(at(0), at(3), at(10), at(15), at(0), at(3), at(10), k)).toThrow('adam: the outputs must be the inputs');
    expect(() => addon.adam(...inputs, at(20), at(25), at(30), k)).not.toThrow();
    expect(() => addon.adam(...inputs, at(0), at(5), at(10), k)).not.toThrow(); // in place
  });
});
