/**
 * From argv and an optional config file to a validated BenchConfig. File and flag problems are
 * validated together, so one invocation reports every mistake.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as A from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import * as NEA from 'fp-ts/lib/NonEmptyArray.js';
import { resolveConfig, validateConfig, type BenchConfig, type PartialConfig } from '../config.js';

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, unknown>>;
}

/** Splits argv into the command, positionals and flags; unknown flags are kept for validation. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    options: {
      suite: { type: 'string' },
      size: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      repetitions: { type: 'string' },
      seed: { type: 'string' },
      config: { type: 'string' },
      include: { type: 'string', multiple: true },
      plugin: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { command: positionals[0], positionals: positionals.slice(1), flags: values };
}

export interface LoadedOptions {
  readonly config: BenchConfig;
  /** Directory that relative plugin paths resolve against (the config file's, else the cwd). */
  readonly baseDir: string;
}

type V<T> = E.Either<NEA.NonEmptyArray<string>, T>;
const validation = E.getApplicativeValidation(NEA.getSemigroup<string>());

/** Reads `--config` (if any), validates it and the flags, and merges flags over the file. */
export function loadOptions(flags: Readonly<Record<string, unknown>>, cwd: string, knownSuites: readonly string[]): V<LoadedOptions> {
  const { config: configFlag, help: _help, plugin, ...rest } = flags;
  const cliLayer: Record<string, unknown> = { ...rest, ...(plugin !== undefined ? { plugins: plugin } : {}) };
  const configPath = typeof configFlag === 'string' ? resolve(cwd, configFlag) : undefined;
  const fileRaw: V<unknown> =
    configFlag === undefined
      ? E.right({})
      : configPath === undefined
        ? E.left(['--config: expected a file path'])
        : readJson(configPath, configFlag as string);
  const fileLayer = E.chain((raw: unknown) => validateConfig(raw, String(configFlag ?? 'config'), knownSuites))(fileRaw);
  const flagLayer = validateConfig(cliLayer, '--', knownSuites);
  const baseDir = configPath ? dirname(configPath) : cwd;
  return E.map(({ file, cli }: { file: PartialConfig; cli: PartialConfig }) => ({
    config: resolveConfig(absolutePlugins(file, baseDir), absolutePlugins(cli, cwd)),
    baseDir,
  }))(A.sequenceS(validation)({ file: fileLayer, cli: flagLayer }));
}

function readJson(path: string, shown: string): V<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    return E.left([`${shown}: cannot read the config file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`]);
  }
  try {
    return E.right(JSON.parse(text));
  } catch (cause) {
    return E.left([`${shown}: not valid JSON (${(cause as Error).message})`]);
  }
}

/** Plugin paths are relative to the layer they came from: the config file's folder or the cwd. */
function absolutePlugins(layer: PartialConfig, baseDir: string): PartialConfig {
  if (!layer.plugins) return layer;
  const plugins = layer.plugins.map((p) => (p.startsWith('.') ? resolve(baseDir, p) : p));
  return { ...layer, plugins };
}
