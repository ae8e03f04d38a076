/**
 * Peer baselines in Python: small scripts shipped in this package (`python/`), run with the
 * system interpreter when it has the needed modules. Missing Python or modules make the
 * baseline "not available"; they never fail a run.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendInfo } from '@sparsekit/tensor';

/** Interpreter: `SPARSEKIT_PYTHON` if set (the variable every sparsekit script reads), else the Debian system Python. */
export function pythonPath(): string {
  const override = process.env.SPARSEKIT_PYTHON;
  return override && override.trim() !== '' ? override.trim() : '/usr/bin/python3';
}

/** Absolute path of a shipped script (works from src/ and from dist/). */
export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`../../python/${name}`, import.meta.url));
}

/**
 * Threads the Python peers may use: `SPARSEKIT_PEER_THREADS` if set, else the thread count of
 * the active tfjs backend, so that both sides of a ratio run with the same number of threads.
 */
export function peerThreads(): number {
  const fromEnv = Number(process.env.SPARSEKIT_PEER_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, backendInfo().threads);
}

/**
 * The optional peers directory (built by `scripts/build-peers.sh`): `SPARSEKIT_PEERS_DIR` if
 * set, else the package's `peers/` folder when it exists; undefined when there is none.
 */
export function peersDir(): string | undefined {
  const fromEnv = process.env.SPARSEKIT_PEERS_DIR;
  if (fromEnv && fromEnv.trim() !== '') return fromEnv.trim();
  const local = fileURLToPath(new URL('../../peers', import.meta.url));
  return existsSync(local) ? local : undefined;
}

/**
 * The environment of every peer process: BLAS/OpenMP pools pinned to `peerThreads()`, and the
 * peers directory's `python/` folder ahead of PYTHONPATH (skglm, celer built from source).
 */
export function peerEnv(): NodeJS.ProcessEnv {
  const n = String(peerThreads());
  const dir = peersDir();
  const paths = dir
    ? { SPARSEKIT_PEERS_DIR: dir, PYTHONPATH: [join(dir, 'python'), process.env.PYTHONPATH].filter(Boolean).join(':') }
    : {};
  return { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, SPARSEKIT_PEER_THREADS: n, ...paths };
}

/**
 * `true` when an optional peer built from source (`scripts/build-peers.sh`) is importable with
 * `modules`, else "peer not installed: …": never a failure, the run records it and goes on.
 */
export function peerInstalled(peer: string, modules: readonly string[]): true | string {
  const has = pythonHas(modules);
  if (has === true) return true;
  return `peer not installed: ${peer} (build it into SPARSEKIT_PEERS_DIR with scripts/build-peers.sh; ${has})`;
}

const moduleCache = new Map<string, true | string>();

/**
 * `true` when the interpreter imports every module, else the reason, starting with
 * "baseline not available".
 */
export function pythonHas(modules: readonly string[]): true | string {
  const python = pythonPath();
  const key = `${python}\0${modules.join(',')}`;
  const cached = moduleCache.get(key);
  if (cached !== undefined) return cached;
  const code = modules.map((m) => `import ${m}`).join('; ');
  const probe = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 60_000, env: peerEnv() });
  let result: true | string = true;
  if (probe.error)
    result = `baseline not available: ${python} cannot be run (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  else if (probe.status !== 0) {
    const missing = /No module named '([^']+)'/.exec(probe.stderr)?.[1];
    result = `baseline not available: ${python} lacks ${missing ?? modules.join(', ')} (see the bench README)`;
  }
  moduleCache.set(key, result);
  return result;
}

/**
 * Runs a shipped script with a JSON request on stdin and parses its JSON answer.
 * Rejects with the script's stderr on failure or after `timeoutMs` (0: no limit).
 */
export function runPythonScript<T>(script: string, request: unknown, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const options = { encoding: 'utf8' as const, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: peerEnv() };
    const child = execFile(pythonPath(), [scriptPath(script)], options, (error, stdout, stderr) => {
      if (error) {
        const lastLine = stderr.trim().split('\n').pop() ?? '';
        reject(new Error(`${script} failed: ${lastLine || error.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`${script} printed no JSON answer`));
      }
    });
    child.stdin?.end(JSON.stringify(request));
  });
}

/** Versions, thread counts and BLAS of the Python peers (see `python/peer_info.py`). */
export interface PeerInfo {
  readonly python?: string;
  readonly executable?: string;
  readonly versions?: Readonly<Record<string, string | null>>;
  readonly env?: Readonly<Record<string, string | null>>;
  readonly blas?: readonly Readonly<Record<string, string | number | null>>[] | null;
  readonly torch_threads?: number | null;
  /** The threads the bench pinned the peers to. */
  readonly threads: number;
  /** Why nothing else is known (no interpreter, script failure). */
  readonly error?: string;
}

/** Asks the interpreter, with the peers' environment, what it runs with; never throws. */
export function peerInfo(): PeerInfo {
  const threads = peerThreads();
  const probe = spawnSync(pythonPath(), [scriptPath('peer_info.py')], { encoding: 'utf8', timeout: 60_000, env: peerEnv() });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`);
    return { threads, error: `${pythonPath()}: ${why}` };
  }
  try {
    return { ...(JSON.parse(probe.stdout) as Omit<PeerInfo, 'threads'>), threads };
  } catch {
    return { threads, error: 'peer_info.py printed no JSON' };
  }
}
