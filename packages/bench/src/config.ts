/**
 * Bench configuration (a JSON file and/or CLI flags), validated with fp-ts's applicative
 * validation so that every problem is reported at once, not just the first.
 */
import * as A from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import * as NEA from 'fp-ts/lib/NonEmptyArray.js';
import { describeValue } from '@sparsekit/tensor';
import type { SuiteSize } from './types.js';

/** A validated configuration; every field has its default filled in. */
export interface BenchConfig {
  /** 'quick', 'full', or suite names; a size word selects every built-in suite, 'none' none (config plugins only). */
  readonly suites: readonly string[];
  readonly size: SuiteSize;
  readonly backend: string;
  readonly out: string;
  readonly timeoutSeconds: number;
  readonly repetitions: number;
  readonly seed: number;
  /** Wildcard patterns over `plugin/dataset/problem/solver` labels; empty keeps all. */
  readonly include: readonly string[];
  /** Module specifiers of third-party plugin packages (relative paths: from the config file). */
  readonly plugins: readonly string[];
}

/** A configuration layer before defaults (what one source, file or CLI, provided). */
export type PartialConfig = { -readonly [K in keyof BenchConfig]?: BenchConfig[K] };

/**
 * Defaults of the main job: quick suite on wasm, results under ./bench-results.
 *
 * @example
 * ```ts
 * import { DEFAULT_CONFIG } from '@sparsekit/bench';
 * DEFAULT_CONFIG.backend; // => 'wasm'
 * ```
 */
export const DEFAULT_CONFIG: BenchConfig = {
  suites: ['quick'],
  size: 'quick',
  backend: 'wasm',
  out: 'bench-results',
  timeoutSeconds: 60,
  repetitions: 1,
  seed: 0,
  include: [],
  plugins: [],
};

/** A validated value, or every problem found (one readable message each). */
export type Validated<T> = E.Either<NEA.NonEmptyArray<string>, T>;
const validation = E.getApplicativeValidation(NEA.getSemigroup<string>());
const fail = <T>(message: string): Validated<T> => E.left([message]);

/** Field decoders by their key in the JSON file / the CLI (`--timeout` is key `timeout`). */
const KEYS = ['suite', 'size', 'backend', 'out', 'timeout', 'repetitions', 'seed', 'include', 'plugins'] as const;

/**
 * Validates one configuration layer. `source` prefixes messages ("bench.json: timeout: ..."); the
 * source `'--'` means command-line flags ("--timeout: ..."). `knownSuites` are the accepted suite names besides 'quick' and 'full'.
 * Numbers may be numeric strings (CLI flags arrive as strings).
 *
 * @example
 * ```ts
 * import { validateConfig } from '@sparsekit/bench';
 * const result = validateConfig({ timeout: -1, seed: 'x' }, 'bench.json', ['tensor']);
 * result._tag === 'Left' && result.left.length; // 2: both problems are listed
 * ```
 */
export function validateConfig(raw: unknown, source: string, knownSuites: readonly string[]): Validated<PartialConfig> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(`${source}: expected a JSON object, got ${describeValue(raw)}`);
  }
  const r = raw as Record<string, unknown>;
  const cli = source === '--';
  // Flags are named as typed (`--plugin` is repeatable and fills `plugins`).
  const at = (key: string): string => (cli ? `--${key === 'plugins' ? 'plugin' : key}` : `${source}: ${key}`);
  const unknown = Object.keys(r).filter((k) => !(KEYS as readonly string[]).includes(k));
  const unknownMessage = cli
    ? `unknown flag${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `--${k}`).join(', ')}`
    : `${source}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${KEYS.join(', ')})`;
  const fields = A.sequenceS(validation)({
    unknownKeys: unknown.length === 0 ? E.right(undefined) : fail<undefined>(unknownMessage),
    suites: optional(r.suite, (v) => suiteList(v, at('suite'), knownSuites)),
    size: optional(r.size, (v) =>
      v === 'quick' || v === 'full' ? E.right(v as SuiteSize) : fail(`${at('size')}: expected 'quick' or 'full', got ${describeValue(v)}`),
    ),
    backend: optional(r.backend, (v) => nonEmptyString(v, at('backend'))),
    out: optional(r.out, (v) => nonEmptyString(v, at('out'))),
    timeoutSeconds: optional(r.timeout, (v) => numberIn(v, at('timeout'), 'a number of seconds > 0', (n) => n > 0 && Number.isFinite(n))),
    repetitions: optional(r.repetitions, (v) => numberIn(v, at('repetitions'), 'an integer >= 1', (n) => Number.isInteger(n) && n >= 1)),
    seed: optional(r.seed, (v) => numberIn(v, at('seed'), 'an integer >= 0', (n) => Number.isInteger(n) && n >= 0)),
    include: optional(r.include, (v) => stringList(v, at('include'))),
    plugins: optional(r.plugins, (v) => stringList(v, at('plugins'))),
  });
  return E.map(({ unknownKeys: _, ...f }: Record<string, unknown>) => dropUndefined(f) as PartialConfig)(fields);
}

/**
 * Merges layers over the defaults (later layers win) and derives the size from the suite
 * words: `--suite full` means every suite at full size unless `size` says otherwise.
 *
 * @example
 * ```ts
 * import { resolveConfig } from '@sparsekit/bench';
 * resolveConfig({ timeoutSeconds: 10 }, { suites: ['full'] }).size; // => 'full'
 * ```
 */
export function resolveConfig(...layers: PartialConfig[]): BenchConfig {
  const merged: PartialConfig = Object.assign({}, ...layers);
  const suites = merged.suites ?? DEFAULT_CONFIG.suites;
  const impliedSize: SuiteSize = suites.includes('full') ? 'full' : 'quick';
  return { ...DEFAULT_CONFIG, ...merged, suites, size: merged.size ?? impliedSize };
}

function optional<T>(value: unknown, decode: (v: unknown) => Validated<T>): Validated<T | undefined> {
  return value === undefined ? E.right(undefined) : decode(value);
}

function suiteList(v: unknown, at: string, known: readonly string[]): Validated<string[]> {
  const names = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) {
    return fail(`${at}: expected 'quick', 'full', 'none', a suite name or a list of them, got ${describeValue(v)}`);
  }
  const valid = ['quick', 'full', 'none', ...known];
  const bad = (names as string[]).filter((n) => !valid.includes(n));
  return bad.length === 0
    ? E.right(names as string[])
    : fail(`${at}: unknown suite ${bad.map((b) => `"${b}"`).join(', ')} (known: ${valid.join(', ')})`);
}

function nonEmptyString(v: unknown, at: string): Validated<string> {
  return typeof v === 'string' && v.trim() !== '' ? E.right(v) : fail(`${at}: expected a non-empty string, got ${describeValue(v)}`);
}

function numberIn(v: unknown, at: string, expected: string, ok: (n: number) => boolean): Validated<number> {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && ok(n) ? E.right(n) : fail(`${at}: expected ${expected}, got ${describeValue(v)}`);
}

function stringList(v: unknown, at: string): Validated<string[]> {
  if (!Array.isArray(v)) return fail(`${at}: expected an array of strings, got ${describeValue(v)}`);
  const bad = v.map((x, i) => [x, i] as const).filter(([x]) => typeof x !== 'string' || x.trim() === '');
  return bad.length === 0
    ? E.right(v as string[])
    : fail(`${at}: expected non-empty strings, got ${bad.map(([x, i]) => `[${i}] ${describeValue(x)}`).join(', ')}`);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
