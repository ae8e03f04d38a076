/**
 * Saving and loading Fausts as JSON (pyfaust saves .mat files; JSON is what a browser and a
 * Node service can both read). Float32 values survive the round trip exactly: a float32 widened
 * to a double prints with enough digits to come back to the same float32.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { SparsekitError } from '@sparsekit/tensor';
import { Faust } from './faust.js';
import { toCsr, toDenseFactor, type CsrFactor } from './internal/factor.js';

/** Version of the JSON layout written by {@link saveFaust}. */
export const FAUST_JSON_VERSION = 1;

/** One factor in CSR form: row pointers, column indices, values (and imaginary parts). */
export interface FaustJsonFactor {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: number[];
  readonly indices: number[];
  readonly re: number[];
  readonly im?: number[];
  /** Storage the factor had (restored on load). */
  readonly storage: 'dense' | 'csr';
}

/** The saved form of a Faust. */
export interface FaustJson {
  readonly format: 'sparsekit-faust';
  readonly version: number;
  readonly shape: [number, number];
  readonly factors: FaustJsonFactor[];
}

/**
 * The JSON-ready form of a Faust (`JSON.stringify` it to save).
 *
 * @example
 * ```ts
 * import { dft, saveFaust } from '@sparsekit/factorization';
 * const text = JSON.stringify(saveFaust(dft(8)));
 * ```
 */
export function saveFaust(F: Faust): FaustJson {
  if (!(F instanceof Faust)) throw new SparsekitError({ argument: 'F', value: F, expected: 'a Faust' });
  const factors = F.internalFactors().map((f): FaustJsonFactor => {
    const c = toCsr(f);
    return {
      rows: c.rows,
      cols: c.cols,
      indptr: Array.from(c.indptr),
      indices: Array.from(c.indices),
      re: Array.from(c.re),
      ...(c.im === null ? {} : { im: Array.from(c.im) }),
      storage: f.format,
    };
  });
  return { format: 'sparsekit-faust', version: FAUST_JSON_VERSION, shape: [F.shape[0], F.shape[1]], factors };
}

const isIntArray = (v: unknown, n: number | null): v is number[] =>
  Array.isArray(v) && (n === null || v.length === n) && v.every((x) => Number.isInteger(x));
const isNumArray = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => Number.isFinite(x));

function factorProblems(f: Partial<FaustJsonFactor>, at: string): string[] {
  if (typeof f !== 'object' || f === null) return [`${at}: not an object`];
  const problems: string[] = [];
  if (!Number.isInteger(f.rows) || f.rows! < 1 || !Number.isInteger(f.cols) || f.cols! < 1)
    return [`${at}: rows and cols must be integers >= 1`];
  if (!isIntArray(f.indptr, f.rows! + 1) || f.indptr[0] !== 0 || f.indptr.some((v, i) => i > 0 && v < f.indptr![i - 1])) {
    return [`${at}.indptr: expected ${f.rows! + 1} non-decreasing integers from 0`];
  }
  const count = f.indptr[f.rows!];
  if (!isIntArray(f.indices, count) || f.indices.some((j) => j < 0 || j >= f.cols!))
    problems.push(`${at}.indices: expected ${count} column indices in [0, ${f.cols! - 1}]`);
  if (!isNumArray(f.re, count)) problems.push(`${at}.re: expected ${count} finite numbers`);
  if (f.im !== undefined && !isNumArray(f.im, count)) problems.push(`${at}.im: expected ${count} finite numbers`);
  if (f.storage !== 'dense' && f.storage !== 'csr') problems.push(`${at}.storage: expected 'dense' or 'csr'`);
  return problems;
}

function problemsOf(j: Partial<FaustJson>): string[] {
  if (typeof j !== 'object' || j === null) return ['not an object'];
  if (j.format !== 'sparsekit-faust') return [`format: expected 'sparsekit-faust', got ${JSON.stringify(j.format)}`];
  if (j.version !== FAUST_JSON_VERSION)
    return [`version: expected ${FAUST_JSON_VERSION} (this library reads version ${FAUST_JSON_VERSION}), got ${j.version}`];
  if (!Array.isArray(j.factors) || j.factors.length === 0) return ['factors: expected a non-empty array'];
  const problems = j.factors.flatMap((f, i) => factorProblems(f, `factors[${i}]`));
  if (problems.length > 0) return problems;
  j.factors.forEach((f, i) => {
    if (i > 0 && f.rows !== j.factors![i - 1].cols) problems.push(`factors[${i}].rows: expected ${j.factors![i - 1].cols}`);
  });
  const last = j.factors[j.factors.length - 1];
  if (!Array.isArray(j.shape) || j.shape[0] !== j.factors[0].rows || j.shape[1] !== last.cols)
    problems.push('shape: does not match the factors');
  return problems;
}

/**
 * Reads a Faust saved by {@link saveFaust} (the object or its JSON text). Every problem found
 * in the input is reported in one `Left` error.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { dft, loadFaust, saveFaust } from '@sparsekit/factorization';
 * const back = loadFaust(JSON.stringify(saveFaust(dft(8))));
 * if (isRight(back)) back.right.shape; // [8, 8]
 * ```
 */
export function loadFaust(input: string | FaustJson): Either<SparsekitError, Faust> {
  let j: unknown = input;
  if (typeof input === 'string') {
    try {
      j = JSON.parse(input);
    } catch (e) {
      return left(new SparsekitError({ argument: 'input', value: input, expected: `valid JSON (${(e as Error).message})` }));
    }
  }
  const problems = problemsOf(j as Partial<FaustJson>);
  if (problems.length > 0)
    return left(
      new SparsekitError({
        argument: 'input',
        value: 'a Faust JSON document',
        expected: `a valid sparsekit Faust: ${problems.join('; ')}`,
      }),
    );
  const factors = (j as FaustJson).factors.map(
    (f): CsrFactor => ({
      format: 'csr',
      rows: f.rows,
      cols: f.cols,
      indptr: Int32Array.from(f.indptr),
      indices: Int32Array.from(f.indices),
      re: Float32Array.from(f.re),
      im: f.im === undefined ? null : Float32Array.from(f.im),
    }),
  );
  return right(Faust.fromInternal(factors.map((f, i) => ((j as FaustJson).factors[i].storage === 'dense' ? toDenseFactor(f) : f))));
}
