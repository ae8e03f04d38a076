/**
 * `metadata.json`: what is needed to interpret and reproduce a run (commit, backend, machine,
 * seed, options). Written when the run starts and rewritten with its final status.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendInfo } from '@sparsekit/tensor';

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
  const run = (args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
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
  return { cpuCount: list.length, cpuModel: list[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
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
