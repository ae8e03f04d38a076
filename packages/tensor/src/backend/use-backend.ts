/**
 * Backend selection: `useBackend(name)` / `SPARSEKIT_BACKEND`. A backend named explicitly but
 * unavailable is a Left that says how to install it, never a silent fallback; 'auto' takes the
 * best provider that loads, in registry priority order.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { SparsekitError } from '../errors.js';
import { registerBuiltinBackends } from './builtin.js';
import { loadFailure } from './load-failure.js';
import { checkLoadOptions } from './load-options.js';
import { applyNativeKernels } from './native-kernels.js';
import { warmUpWasmThreads } from './wasm.js';
import { backendProviders, findBackendProvider, type BackendInfo, type BackendLoadOptions, type BackendProvider } from './registry.js';

/** Names accepted by {@link useBackend}; third-party providers add their own. */
export type BackendName = 'auto' | 'cpu' | 'wasm' | 'tensorflow' | 'tensorflow-gpu' | (string & {});

/** Environment variable read when {@link useBackend} is called without a name. */
export const BACKEND_ENV_VAR = 'SPARSEKIT_BACKEND';

registerBuiltinBackends();

let current: BackendInfo | undefined;

/**
 * Selects and initialises a tfjs backend. Without `name`, reads `SPARSEKIT_BACKEND`
 * (default 'auto'). Returns the active backend's info, or a Left naming what is missing or why
 * it failed to load. Malformed options (unknown keys, a bad `threads` or `wasmPaths`) are
 * programming errors: the promise rejects with a SparsekitError naming the option.
 *
 * In a browser, serve the .wasm files of `@tensorflow/tfjs-backend-wasm` (its `dist/*.wasm`)
 * and pass their folder: `useBackend('wasm', { wasmPaths: '/assets/tfjs-wasm/' })`.
 *
 * @example
 * ```ts
 * import { useBackend } from '@sparsekit/tensor';
 * const result = await useBackend('cpu');
 * if (result._tag === 'Right') console.log(result.right.name); // => 'cpu'
 * ```
 */
export async function useBackend(name?: BackendName, options: BackendLoadOptions = {}): Promise<E.Either<SparsekitError, BackendInfo>> {
  const checked = checkLoadOptions(options);
  const requested = name ?? readEnvBackend();
  if (requested === 'auto') return useAuto(checked);
  const provider = findBackendProvider(requested);
  if (!provider) {
    return E.left(
      new SparsekitError({
        argument: name === undefined ? BACKEND_ENV_VAR : 'name',
        value: requested,
        code: 'backend_unavailable',
        expected: `one of ${['auto', ...backendProviders().map((p) => p.name)].map((n) => `'${n}'`).join(', ')}`,
      }),
    );
  }
  return activate(provider, checked);
}

/**
 * Like {@link useBackend} but throws the SparsekitError; for scripts and test setup.
 *
 * @example
 * ```ts
 * import { useBackendOrThrow } from '@sparsekit/tensor';
 * await useBackendOrThrow('cpu');
 * ```
 */
export async function useBackendOrThrow(name?: BackendName, options: BackendLoadOptions = {}): Promise<BackendInfo> {
  const result = await useBackend(name, options);
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

/**
 * Name, SIMD and thread count of the backend selected by {@link useBackend}; if none was
 * selected through sparsekit, describes tfjs's current backend.
 *
 * @example
 * ```ts
 * import { backendInfo } from '@sparsekit/tensor';
 * backendInfo().name; // e.g. 'wasm'
 * ```
 */
export function backendInfo(): BackendInfo {
  const active = tf.getBackend();
  if (current && current.name === active) return current;
  return { name: active, ...(findBackendProvider(active)?.describeRunning?.() ?? { simd: false, threads: 1 }) };
}

function readEnvBackend(): string {
  const value = typeof process !== 'undefined' ? process.env[BACKEND_ENV_VAR] : undefined;
  return value === undefined || value.trim() === '' ? 'auto' : value.trim();
}

async function useAuto(options: BackendLoadOptions): Promise<E.Either<SparsekitError, BackendInfo>> {
  const failures: string[] = [];
  for (const provider of backendProviders()) {
    const result = await activate(provider, options);
    if (E.isRight(result)) return result;
    failures.push(`${provider.name}: ${result.left.message}`);
  }
  return E.left(
    new SparsekitError({
      argument: 'name',
      value: 'auto',
      code: 'backend_unavailable',
      expected: `at least one loadable backend (${failures.join('; ')})`,
    }),
  );
}

async function activate(provider: BackendProvider, options: BackendLoadOptions): Promise<E.Either<SparsekitError, BackendInfo>> {
  try {
    await provider.load(options);
    const ok = await tf.setBackend(provider.name);
    if (!ok) throw provider.lastFailure?.() ?? new Error(`tf.setBackend('${provider.name}') failed to initialise`);
    await tf.ready();
    // before the native kernels replace MatMul: the warm-up must run on wasm's own threaded kernels
    warmUpWasmThreads();
    current = { name: provider.name, ...(await provider.info()), ...(await applyNativeKernels(provider.name, options)) };
    return E.right(current);
  } catch (cause) {
    return E.left(loadFailure(provider, cause));
  }
}
