/**
 * `metadata.json`: what is needed to interpret and reproduce a run (commit, backend, machine,
 * seed, options). Written when the run starts and rewritten with its final status.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendInfo } from '@sparsekit/tensor';
import type { PeerInfo } from '../baselines/python.js';

/**
 * File name of the metadata inside a results directory.
 *
 * @example
 * ```ts
 * import { METADATA_FILE } from '@sparsekit/bench';
 * METADATA_FILE; // => 'metadata.json'
 * ```
 */
export const METADATA_FILE = 'metadata.json';

export interface RunMetadata {
  readonly status: 'running' | 'complete' | 'interrupted';
  readonly date: string;
  readonly finishedAt?: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  readonly backend: string;
  readonly backendInfo: BackendInfo;
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly seed: number;
  readonly suites: readonly string[];
  readonly size: string;
  readonly timeoutSeconds: number;
  readonly repetitions: number;
  readonly plugins: readonly string[];
  readonly argv: readonly string[];
  /** Process id and host of the bench process while it runs (to tell a killed run from a live one). */
  readonly pid?: number;
  readonly host?: string;
  /** How the status was settled when it was not the run itself (e.g. after a kill). */
  readonly note?: string;
  /** The Python peers' interpreter, library versions, thread counts and BLAS (absent in old runs). */
  readonly peers?: PeerInfo;
}

/**
 * `git rev-parse HEAD` of the checkout the bench code lives in (falling back to `cwd`), or
 * null without git or outside a repository (an installed package).
 *
 * @example
 * ```ts
 * import { gitCommit } from '@sparsekit/bench';
 * gitCommit().commit; // e.g. '0e43b26…' or null
 * ```
 */
export function gitCommit(cwd?: string): { commit: string | null; dirty: boolean | null } {
  for (const dir of cwd ? [cwd] : [fileURLToPath(new URL('.', import.meta.url)), process.cwd()]) {
    const found = gitCommitIn(dir);
    if (found.commit) return found;
  }
  return { commit: null, dirty: null };
}

function gitCommitIn(cwd: string): { commit: string | null; dirty: boolean | null } {
  const run = (args: string[]): string =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  try {
    const commit = run(['rev-parse', 'HEAD']);
    let dirty: boolean | null = null;
    try {
      dirty = run(['status', '--porcelain', '--untracked-files=no']).length > 0;
    } catch {
      dirty = null;
    }
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

/**
 * Machine facts for the metadata file.
 *
 * @example
 * ```ts
 * import { machineInfo } from '@sparsekit/bench';
 * machineInfo().cpuCount; // e.g. 2
 * ```
 */
export function machineInfo(): Pick<RunMetadata, 'cpuCount' | 'cpuModel' | 'node' | 'platform'> {
  const list = cpus();
  return {
    cpuCount: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/**
 * Writes metadata atomically (temp file + rename) so a crash never leaves half a file.
 *
 * @example
 * ```ts
 * import { writeMetadata, readMetadata, gitCommit, machineInfo } from '@sparsekit/bench';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
 * const dir = mkdtempSync(join(tmpdir(), 'meta-'));
 * const git = gitCommit();
 * writeMetadata(dir, { status: 'running', date: new Date().toISOString(), gitCommit: git.commit, gitDirty: git.dirty,
 *   backend: 'cpu', backendInfo: { name: 'cpu', simd: false, threads: 1 }, ...machineInfo(), seed: 0,
 *   suites: ['tensor'], size: 'quick', timeoutSeconds: 60, repetitions: 1, plugins: [], argv: [] });
 * readMetadata(dir)?.status; // => 'running'
 * ```
 */
export function writeMetadata(dir: string, metadata: RunMetadata): void {
  const file = join(dir, METADATA_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(metadata, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * Reads `metadata.json` of a results directory, or undefined if missing or unreadable.
 *
 * @example
 * ```ts
 * import { readMetadata } from '@sparsekit/bench';
 * readMetadata('/nonexistent'); // undefined
 * ```
 */
export function readMetadata(dir: string): RunMetadata | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, METADATA_FILE), 'utf8')) as RunMetadata;
  } catch {
    return undefined;
  }
}

/**
 * A run whose metadata still says `running` although its process is gone (SIGKILL, a second
 * Ctrl-C, a crash) is marked `interrupted`, finished at the last write of its results file, with
 * a note on how many rows were found. A run that is still alive on this host is left alone.
 * Returns the metadata as it now stands.
 *
 * @example
 * ```ts
 * import { settleStaleMetadata } from '@sparsekit/bench';
 * settleStaleMetadata('/nonexistent', 0); // undefined
 * ```
 */
export function settleStaleMetadata(dir: string, rowsFound: number): RunMetadata | undefined {
  const m = readMetadata(dir);
  if (m?.status !== 'running' || ownerAlive(m)) return m;
  const results = join(dir, 'results.jsonl');
  const last = existsSync(results) ? statSync(results).mtime.toISOString() : m.date;
  const settled: RunMetadata = {
    ...m,
    status: 'interrupted',
    finishedAt: last,
    note:
      `the bench process ended without finishing (killed or crashed); ${rowsFound} record${rowsFound === 1 ? '' : 's'} ` +
      'found in results.jsonl',
  };
  writeMetadata(dir, settled);
  return settled;
}

/** Whether the process that wrote `m` still runs (only knowable on the same host). */
function ownerAlive(m: RunMetadata): boolean {
  if (m.pid === undefined || m.host !== hostname()) return false;
  try {
    process.kill(m.pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}
