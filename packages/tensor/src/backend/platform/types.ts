/**
 * What the backend loaders need from the platform they run on. Two implementations, picked by
 * the package's `#platform` import through export conditions: `node.ts` under the "node"
 * condition, `browser.ts` otherwise (so a browser bundle never sees `node:` modules).
 */
import type { KernelBackend } from '@tensorflow/tfjs';

/** A tfjs backend factory as `tf.registerBackend` takes it. */
export type BackendFactory = () => KernelBackend | Promise<KernelBackend>;

/** The parts of `@tensorflow/tfjs-backend-wasm` the platform code touches. */
export interface WasmModuleLike {
  readonly version_wasm: string;
  getThreadsCount(): number;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** Logical cores available to this process or page. */
  cpuCount(): number;
  /** Where the .wasm binaries are when the user passes no `wasmPaths`; undefined leaves tfjs's own default. */
  defaultWasmPaths(): Promise<string | undefined>;
  /**
   * Prepares tfjs to start wasm with `threads` threads and returns the factory to register in
   * place of tfjs's own. Throws a SparsekitError naming `threads` when this platform cannot.
   */
  wasmFactory(wasm: WasmModuleLike, original: BackendFactory, threads: number): Promise<BackendFactory>;
  /** Why the tfjs-node backends cannot load here, or undefined where they can. */
  readonly nodeBindingsUnavailable: string | undefined;
}
