import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { backendInfo, backendProviders, registerBackendProvider, useBackend, BACKEND_ENV_VAR } from '../index.js';

const undo: Array<() => void> = [];
afterEach(() => {
  while (undo.length) undo.pop()!();
  delete process.env[BACKEND_ENV_VAR];
});

/** A provider that registers a cpu clone under `name`, or fails to load when `installed` is false. */
function fakeProvider(name: string, priority: number, installed: boolean, brokenBy?: string) {
  return {
    name,
    priority,
    install: `npm install fake-${name}`,
    async load() {
      if (!installed) throw Object.assign(new Error(`Cannot find package 'fake-${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
      if (brokenBy) throw new Error(brokenBy);
      if (!tf.findBackendFactory(name)) tf.registerBackend(name, tf.findBackendFactory('cpu')!);
    },
    async info() {
      return { simd: false, threads: 7 };
    },
  };
}

describe('backend selection', () => {
  it('orders built-ins tensorflow-gpu > tensorflow > wasm > cpu', () => {
    expect(backendProviders().map((p) => p.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });

  it('selects cpu and wasm explicitly and reports their info', async () => {
    const cpu = await useBackend('cpu');
    expect(E.isRight(cpu) && cpu.right).toMatchObject({ name: 'cpu', simd: false, threads: 1 });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await useBackend('wasm');
    expect(E.isRight(wasm) && wasm.right.name).toBe('wasm');
    expect(backendInfo()).toMatchObject({ name: 'wasm', simd: true, threads: 1 });
  });

  it('explains how to install tfjs-node when it is named but missing, without switching backend', async () => {
    await useBackend('cpu');
    const result = await useBackend('tensorflow');
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left.code).toBe('backend_unavailable');
      expect(result.left.message).toContain('npm install @tensorflow/tfjs-node');
    }
    const gpu = await useBackend('tensorflow-gpu');
    expect(E.isLeft(gpu) && gpu.left.message).toContain('@tensorflow/tfjs-node-gpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it("'auto' skips what is not installed and takes the best of the rest", async () => {
    const auto = await useBackend('auto');
    expect(E.isRight(auto) && auto.right.name).toBe('wasm');
    undo.push(registerBackendProvider(fakeProvider('tensorflow', 300, true)));
    const withFake = await useBackend('auto');
    expect(E.isRight(withFake) && withFake.right).toEqual({ name: 'tensorflow', simd: false, threads: 7 });
    undo.push(registerBackendProvider(fakeProvider('tensorflow-gpu', 400, true)));
    const withGpu = await useBackend();
    expect(E.isRight(withGpu) && withGpu.right.name).toBe('tensorflow-gpu');
  });

  it('lets third parties register a backend with their own priority', async () => {
    undo.push(registerBackendProvider(fakeProvider('third-party', 250, true)));
    expect(backendProviders().map((p) => p.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'third-party', 'wasm', 'cpu']);
    const auto = await useBackend('auto');
    expect(E.isRight(auto) && auto.right.name).toBe('third-party');
  });

  it('reads SPARSEKIT_BACKEND and rejects unknown names as a Left naming the variable', async () => {
    process.env[BACKEND_ENV_VAR] = 'cpu';
    const fromEnv = await useBackend();
    expect(E.isRight(fromEnv) && fromEnv.right.name).toBe('cpu');
    process.env[BACKEND_ENV_VAR] = 'quantum';
    const bad = await useBackend();
    expect(E.isLeft(bad) && bad.left.message).toMatch(/^SPARSEKIT_BACKEND: expected one of 'auto', .*'cpu', got "quantum"/);
    const badArg = await useBackend('quantum');
    expect(E.isLeft(badArg) && badArg.left.argument).toBe('name');
  });

  it('advises an install only when the module is missing, and reports other load failures as themselves', async () => {
    undo.push(registerBackendProvider(fakeProvider('absent', 10, false)));
    const absent = await useBackend('absent');
    expect(E.isLeft(absent) && absent.left.message).toMatch(
      /^name: expected an installed backend, got "absent"\. It is not installed .*npm install fake-absent$/,
    );
    undo.push(registerBackendProvider(fakeProvider('broken', 10, true, 'could not fetch kernel.bin')));
    const broken = await useBackend('broken');
    expect(E.isLeft(broken) && broken.left.message).toBe(
      'name: expected a backend that loads here, got "broken". Loading failed: could not fetch kernel.bin',
    );
  });

  it('rejects malformed options with a SparsekitError naming the option, never advising an install', async () => {
    await expect(useBackend('wasm', { threads: 0 })).rejects.toThrow(/^threads: expected an integer in \[1, 8\] or 'auto', got 0$/);
    await expect(useBackend('cpu', { threads: 'all' as never })).rejects.toMatchObject({ argument: 'threads', code: 'invalid_argument' });
    await expect(useBackend('wasm', { thread: 2, simd: true } as never)).rejects.toThrow(
      /^options: expected only the keys threads, wasmPaths, native, blasThreads; unknown: thread, simd, got \["thread", "simd"\]$/,
    );
    await expect(useBackend('auto', null as never)).rejects.toThrow(/^options: expected an object/);
    const noSlash = useBackend('wasm', { wasmPaths: 'assets/wasm' });
    await expect(noSlash).rejects.toThrow(/^wasmPaths: expected a folder URL or path ending in '\/'/);
    const partial = { 'tfjs-backend-wasm.wasm': 'a.wasm' } as never;
    await expect(useBackend('wasm', { wasmPaths: partial })).rejects.toThrow(/^wasmPaths: expected .*exactly/);
  });

  it('keeps wasm where it was first loaded from, and describes a wasm backend started by tf.setBackend', async () => {
    expect(E.isRight(await useBackend('wasm'))).toBe(true);
    const moved = await useBackend('wasm', { wasmPaths: '/elsewhere/' });
    expect(E.isLeft(moved) && moved.left.argument).toBe('wasmPaths');
    await useBackend('cpu');
    await tf.setBackend('wasm');
    expect(backendInfo()).toEqual({ name: 'wasm', simd: true, threads: 1 });
  });

  it('rejects malformed providers with a SparsekitError', () => {
    expect(() => registerBackendProvider({ ...fakeProvider('', 1, true) })).toThrow(/provider.name/);
    expect(() => registerBackendProvider({ ...fakeProvider('x', 1.5, true) })).toThrow(/provider.priority: expected an integer/);
  });
});
