/**
 * The four built-in backends. tfjs-node and tfjs-node-gpu are optional peer dependencies
 * loaded by dynamic import (they download libtensorflow at install time, so they are not
 * installed by default); wasm is the embedded default; cpu is always there.
 */
import * as tf from '@tensorflow/tfjs';
import { platform } from '#platform';
import { registerBackendProvider, type BackendProvider } from './registry.js';
import { loadWasmBackend, wasmFailure, wasmInfo } from './wasm.js';

/** Imports a module whose name TypeScript must not resolve at build time (optional peers). */
async function importOptional(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

function nodeBindingProvider(name: string, pkg: string, priority: number): BackendProvider {
  return {
    name,
    priority,
    install: `npm install ${pkg}@^4.22.0 (it downloads libtensorflow at install time${name === 'tensorflow-gpu' ? ' and needs CUDA' : ''})`,
    async load() {
      if (platform.nodeBindingsUnavailable) throw new Error(platform.nodeBindingsUnavailable);
      await importOptional(pkg);
      if (!tf.findBackendFactory(name)) throw new Error(`${pkg} loaded but did not register the '${name}' backend`);
    },
    async info() {
      return { simd: true, threads: platform.cpuCount() };
    },
  };
}

const cpuProvider: BackendProvider = {
  name: 'cpu',
  priority: 100,
  install: 'it ships with @tensorflow/tfjs',
  async load() {
    if (!tf.findBackendFactory('cpu')) throw new Error('@tensorflow/tfjs did not register the cpu backend');
  },
  async info() {
    return { simd: false, threads: 1 };
  },
};

const wasmProvider: BackendProvider = {
  name: 'wasm',
  priority: 200,
  install: 'npm install @tensorflow/tfjs-backend-wasm@^4.22.0',
  load: loadWasmBackend,
  info: async () => wasmInfo(),
  lastFailure: wasmFailure,
  describeRunning: wasmInfo,
};

/** Registers the built-in providers; idempotent. */
export function registerBuiltinBackends(): void {
  registerBackendProvider(nodeBindingProvider('tensorflow-gpu', '@tensorflow/tfjs-node-gpu', 400));
  registerBackendProvider(nodeBindingProvider('tensorflow', '@tensorflow/tfjs-node', 300));
  registerBackendProvider(wasmProvider);
  registerBackendProvider(cpuProvider);
}
