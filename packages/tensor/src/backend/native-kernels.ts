/**
 * BLAS-backed kernels for the cpu and wasm backends from the optional `@sparsekit/native` addon
 * (Node only). It is imported dynamically by a name bundlers do not resolve, so browser bundles
 * never see it; when it is absent, unbuilt or turned off, the stock tfjs kernels stay and the
 * reason is reported in `backendInfo().nativeReason`.
 */
import type { BackendInfo, BackendLoadOptions } from './registry.js';
import { setHostKernels, type HostKernels } from './host-kernels.js';

/** Environment variable: `0`, `false`, `off` or `no` keep the stock kernels. */
export const NATIVE_ENV_VAR = 'SPARSEKIT_NATIVE';

/** The part of `@sparsekit/native` used here (kept structural so tensor does not depend on its types). */
interface NativeModule {
  installNativeKernels(options: { backends: readonly string[]; threads?: number }): {
    available: boolean;
    reason?: string;
    blas?: string;
    threads?: number;
    kernels: Readonly<Record<string, readonly string[]>>;
  };
  restoreStockKernels(backends: readonly string[]): void;
  loadAddon(): { ok: true; addon: Partial<HostKernels> } | { ok: false; reason: string };
}

const PATCHABLE = ['cpu', 'wasm'];
let nativeModule: Promise<NativeModule | string> | undefined;

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

function loadNativeModule(): Promise<NativeModule | string> {
  const specifier = '@sparsekit/native';
  return (nativeModule ??= import(/* @vite-ignore */ specifier).then(
    (m: NativeModule) => m,
    (error: Error) => `@sparsekit/native is not installed (${error.message.split('\n')[0]})`,
  ));
}

function disabledByEnv(): string | undefined {
  const value = isNode ? process.env[NATIVE_ENV_VAR]?.trim().toLowerCase() : undefined;
  return value !== undefined && ['0', 'false', 'off', 'no'].includes(value) ? `${NATIVE_ENV_VAR}=${value}` : undefined;
}

type NativeFields = Pick<BackendInfo, 'native' | 'blas' | 'nativeReason'>;

/**
 * Installs (or, with `native: false` / SPARSEKIT_NATIVE=0, removes) the native kernels for
 * `backend` and says which kernels are native. Never fails: problems become `nativeReason`.
 * Internal: called by useBackend once the backend is active.
 */
export async function applyNativeKernels(backend: string, options: BackendLoadOptions): Promise<NativeFields> {
  if (!PATCHABLE.includes(backend)) return {};
  const off = options.native === false ? 'native: false' : disabledByEnv();
  if (!isNode) return { native: [], nativeReason: 'native kernels need Node' };
  if (off) {
    // Only undo what an earlier call installed; never import the addon just to remove nothing.
    const loaded = nativeModule ? await nativeModule : undefined;
    if (loaded && typeof loaded !== 'string') loaded.restoreStockKernels([backend]);
    setHostKernels(undefined);
    return { native: [], nativeReason: `turned off (${off})` };
  }
  const loaded = await loadNativeModule();
  if (typeof loaded === 'string') return { native: [], nativeReason: loaded };
  const status = loaded.installNativeKernels({
    backends: [backend],
    ...(options.blasThreads !== undefined ? { threads: options.blasThreads } : {}),
  });
  if (!status.available) return { native: [], nativeReason: status.reason };
  const load = loaded.loadAddon();
  setHostKernels(load.ok ? load.addon : undefined);
  return { native: [...(status.kernels[backend] ?? [])], blas: `${status.blas}, ${status.threads} thread(s)` };
}
