// @sparsekit/native: BLAS-backed tfjs kernels (matmul, convolutions and their gradients) for the cpu and wasm backends in Node.
export { DEFAULT_ADDON_PATH, loadAddon, nativeEnabledByEnv, NATIVE_ENV_VAR, type AddonLoad, type NativeAddon } from './addon.js';
export {
  installNativeKernels,
  NATIVE_BACKENDS,
  NATIVE_KERNELS,
  nativeKernelStatus,
  restoreStockKernels,
  setNativeThreads,
  type NativeKernelOptions,
  type NativeKernelStatus,
} from './install.js';
export type { BackendKind } from './internal/tensor-data.js';
