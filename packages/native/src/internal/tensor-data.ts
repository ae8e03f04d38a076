/**
 * Zero-copy access to float32 tensor data on the cpu and wasm backends (tfjs 4.22 internals, so
 * the version is pinned and tested). cpu keeps a TypedArray per tensor; wasm keeps everything in
 * the Emscripten heap, where an output must be allocated before any view is taken: allocation
 * may grow the heap, which detaches every earlier view of it.
 */
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';

export type BackendKind = 'cpu' | 'wasm';

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number | null } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/** An output tensor being filled: `views()` gives the inputs' and the output's data, valid until the next allocation. */
export interface OutputFrame {
  readonly info: TensorInfo;
  /** Float32 views of `inputs` (in order) then of the output; undefined when an input is not plain float32 data. */
  views(inputs: readonly TensorInfo[]): Float32Array[] | undefined;
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

function cpuView(backend: CpuBackendLike, t: TensorInfo): Float32Array | undefined {
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Float32Array && values.length === size(t.shape) ? values : undefined;
}

function wasmView(backend: WasmBackendLike, t: TensorInfo): Float32Array | undefined {
  const offset = backend.dataIdMap.get(t.dataId)?.memoryOffset;
  if (offset == null) return undefined;
  return new Float32Array(backend.wasm.HEAPU8.buffer, offset, size(t.shape));
}

/** True when every tensor is float32 (the only dtype the native kernels handle). */
export function allFloat32(tensors: ReadonlyArray<TensorInfo | undefined>): boolean {
  return tensors.every((t) => t === undefined || t.dtype === 'float32');
}

/** Allocates a float32 output of `shape` on `backend`; see {@link OutputFrame}. */
export function allocateOutput(kind: BackendKind, backend: KernelBackend, shape: number[]): OutputFrame {
  if (kind === 'cpu') {
    const cpu = backend as unknown as CpuBackendLike;
    const values = new Float32Array(size(shape));
    let info: TensorInfo | undefined;
    return {
      // The cpu backend takes ownership of `values`; the tensor is created once it is filled, on first access.
      get info() {
        return (info ??= cpu.makeTensorInfo(shape, 'float32', values));
      },
      views(inputs) {
        const views = inputs.map((t) => cpuView(cpu, t));
        return views.every((v) => v !== undefined) ? [...(views as Float32Array[]), values] : undefined;
      },
    };
  }
  const wasm = backend as unknown as WasmBackendLike;
  const info = wasm.makeOutput(shape, 'float32');
  return {
    info,
    views(inputs) {
      const views = [...inputs, info].map((t) => wasmView(wasm, t));
      return views.every((v) => v !== undefined) ? (views as Float32Array[]) : undefined;
    },
  };
}

/** Views of the inputs only (for checks that need data before an output exists); wasm views die at the next allocation. */
export function inputViews(kind: BackendKind, backend: KernelBackend, inputs: readonly TensorInfo[]): Float32Array[] | undefined {
  const views = inputs.map((t) =>
    kind === 'cpu' ? cpuView(backend as unknown as CpuBackendLike, t) : wasmView(backend as unknown as WasmBackendLike, t),
  );
  return views.every((v) => v !== undefined) ? (views as Float32Array[]) : undefined;
}

/** Releases an output that will not be returned (after a fallback decision). */
export function releaseOutput(kind: BackendKind, backend: KernelBackend, frame: OutputFrame): void {
  if (kind === 'wasm') backend.disposeData(frame.info.dataId, true);
}
