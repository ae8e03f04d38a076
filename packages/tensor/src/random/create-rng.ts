/**
 * Seeded random numbers generated in float64 JavaScript (xoroshiro128+ from pure-rand), then
 * uploaded: the same seed gives bit-identical tensors on every backend, which tfjs's own
 * `tf.randomNormal(seed)` does not promise (each backend has its own generator).
 *
 * The seed is expanded into the 128-bit state by SplitMix64, as xoroshiro's authors recommend:
 * a raw small seed leaves the state nearly all zero bits, and the first draws are then far from
 * random (a first uniform ≈ 1 for every seed, a first normal pair of 0 and a 7σ outlier).
 */
import * as tf from '@tensorflow/tfjs';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { SparsekitError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { sampleWithoutReplacement, weightedSampler } from './choice.js';

/** Options of {@link Rng.normal}. */
export interface NormalOptions {
  readonly mean?: number;
  readonly std?: number;
}

/** Options of {@link Rng.uniform}: values in [low, high). */
export interface UniformOptions {
  readonly low?: number;
  readonly high?: number;
}

/** Options of {@link Rng.choice}. */
export interface ChoiceOptions {
  /** Sample with replacement (default true, like numpy). */
  readonly replace?: boolean;
  /** Probabilities of each index (non-negative, normalised internally); uniform when omitted. */
  readonly p?: ArrayLike<number>;
}

/**
 * A seeded generator. Methods ending in `Array` return float64 / integer JS arrays; the others
 * return tensors (float32, or int32 for indices). Every call advances the generator.
 */
export interface Rng {
  readonly seed: number;
  /** Standard normal (or N(mean, std²)) samples, Box–Muller in float64. */
  normalArray(size: number, options?: NormalOptions): Float64Array;
  normal(shape: readonly number[], options?: NormalOptions): tf.Tensor;
  /** Uniform samples in [low, high) with 53 random bits each. */
  uniformArray(size: number, options?: UniformOptions): Float64Array;
  uniform(shape: readonly number[], options?: UniformOptions): tf.Tensor;
  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutationArray(n: number): number[];
  permutation(n: number): tf.Tensor1D;
  /** `size` indices drawn from 0..n-1, uniformly or with probabilities `p`. */
  choiceArray(n: number, size: number, options?: ChoiceOptions): number[];
  choice(n: number, size: number, options?: ChoiceOptions): tf.Tensor1D;
  /** An independent generator (this one jumps 2^64 steps ahead, the child keeps the old stream). */
  fork(): Rng;
}

/**
 * Creates a seeded random generator whose results do not depend on the tfjs backend.
 *
 * @param seed - an integer in [0, 2^32 − 1].
 * @example
 * ```ts
 * import { createRng } from '@sparsekit/tensor';
 * const rng = createRng(42);
 * const x = rng.normal([3, 2]);           // float32 tensor, N(0, 1)
 * const idx = rng.permutationArray(5);    // e.g. [3, 0, 4, 1, 2]
 * x.dispose();
 * ```
 */
export function createRng(seed: number): Rng {
  requireInteger('seed', seed, 0, 2 ** 32 - 1);
  return new SeededRng(xoroshiro128plusFromState(splitMix64State(seed)), seed);
}

const MASK64 = (1n << 64n) - 1n;

/** Two SplitMix64 outputs as pure-rand's xoroshiro128+ state [s0 high, s0 low, s1 high, s1 low]. */
function splitMix64State(seed: number): number[] {
  let x = BigInt(seed);
  const next = (): bigint => {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
  const words = (v: bigint) => [Number(BigInt.asIntN(32, v >> 32n)), Number(BigInt.asIntN(32, v))];
  // SplitMix64 is a bijection of its counter, so two consecutive outputs are never both zero.
  return [...words(next()), ...words(next())];
}

class SeededRng implements Rng {
  constructor(
    private readonly gen: JumpableRandomGenerator,
    readonly seed: number,
  ) {}

  normalArray(size: number, options: NormalOptions = {}): Float64Array {
    requireInteger('size', size, 0);
    const { mean, std } = normalParams(options);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i += 2) {
      // Box–Muller on (0, 1] × [0, 1): 1 − u keeps log away from 0.
      const radius = Math.sqrt(-2 * Math.log(1 - uniformFloat64(this.gen)));
      const angle = 2 * Math.PI * uniformFloat64(this.gen);
      out[i] = mean + std * radius * Math.cos(angle);
      if (i + 1 < size) out[i + 1] = mean + std * radius * Math.sin(angle);
    }
    return out;
  }

  normal(shape: readonly number[], options?: NormalOptions): tf.Tensor {
    return tf.tensor(Float32Array.from(this.normalArray(shapeSize(shape), options)), [...shape], 'float32');
  }

  uniformArray(size: number, options: UniformOptions = {}): Float64Array {
    requireInteger('size', size, 0);
    const { low, high } = uniformParams(options);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + (high - low) * uniformFloat64(this.gen);
    return out;
  }

  uniform(shape: readonly number[], options?: UniformOptions): tf.Tensor {
    return tf.tensor(Float32Array.from(this.uniformArray(shapeSize(shape), options)), [...shape], 'float32');
  }

  permutationArray(n: number): number[] {
    requireInteger('n', n, 0);
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(this.gen, 0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  permutation(n: number): tf.Tensor1D {
    return tf.tensor1d(this.permutationArray(n), 'int32');
  }

  choiceArray(n: number, size: number, options: ChoiceOptions = {}): number[] {
    requireInteger('n', n, 1);
    requireInteger('size', size, 0);
    const replace = options.replace ?? true;
    if (!replace && size > n) {
      throw new SparsekitError({ argument: 'size', value: size, expected: `at most n = ${n} when replace is false` });
    }
    const draw01 = () => uniformFloat64(this.gen);
    if (options.p !== undefined) {
      const sampler = weightedSampler(options.p, n);
      return replace ? Array.from({ length: size }, () => sampler.draw(draw01())) : sampleWithoutReplacement(options.p, size, draw01);
    }
    if (replace) return Array.from({ length: size }, () => uniformInt(this.gen, 0, n - 1));
    return partialShuffle(n, size, (hi) => uniformInt(this.gen, 0, hi));
  }

  choice(n: number, size: number, options?: ChoiceOptions): tf.Tensor1D {
    return tf.tensor1d(this.choiceArray(n, size, options), 'int32');
  }

  fork(): Rng {
    const child = this.gen.clone();
    this.gen.jump();
    return new SeededRng(child, this.seed);
  }
}

/** First `size` entries of a Fisher–Yates shuffle of 0..n-1, in O(size) draws. */
function partialShuffle(n: number, size: number, drawUpTo: (hi: number) => number): number[] {
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    const j = i + drawUpTo(n - 1 - i);
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(atJ);
  }
  return out;
}

function shapeSize(shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new SparsekitError({ argument: 'shape', value: shape, expected: 'an array of non-negative integers' });
  shape.forEach((d, i) => requireInteger(`shape[${i}]`, d, 0));
  return shape.reduce((a, b) => a * b, 1);
}

function normalParams(options: NormalOptions): { mean: number; std: number } {
  const mean = options.mean ?? 0;
  const std = options.std ?? 1;
  if (!Number.isFinite(mean)) throw new SparsekitError({ argument: 'mean', value: mean, expected: 'a finite number' });
  if (!Number.isFinite(std) || std < 0) throw new SparsekitError({ argument: 'std', value: std, expected: 'a finite number >= 0' });
  return { mean, std };
}

function uniformParams(options: UniformOptions): { low: number; high: number } {
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    throw new SparsekitError({ argument: 'high', value: high, expected: `a finite number > low (${low})` });
  }
  return { low, high };
}
