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
function fakeProvider(name: string, priority: number, installed: boolean) {
  return {
    name, priority, install: `npm install fake-${name}`,
    async load() {
      if (!installed) throw new Error(`Cannot find package 'fake-${name}'`);
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

  it('rejects malformed providers with a SparsekitError', () => {
    expect(() => registerBackendProvider({ ...fakeProvider('', 1, true) })).toThrow(/provider.name/);
    expect(() => registerBackendProvider({ ...fakeProvider('x', 1.5, true) })).toThrow(/provider.priority: expected an integer/);
  });
});
