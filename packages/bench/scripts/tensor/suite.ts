/**
 * The tensor benchmark for one backend configuration, run in its own process (tfjs initialises
 * wasm once per process, so 1-thread and 2-thread wasm cannot share one).
 */
import { useBackend } from '@sparsekit/tensor';
import {
  measureDispatch,
  measureElementwise,
  measureMatMul,
  type DispatchResult,
  type ElementwiseOp,
  type ElementwiseResult,
  type MatMulResult,
} from '../../src/kernels/tensor-kernels.js';

/** A backend configuration: 'cpu', 'wasm' or 'wasm' with a thread count. */
export interface SuiteConfig {
  readonly label: string;
  readonly backend: 'cpu' | 'wasm';
  readonly threads?: number;
  readonly sizes: readonly number[];
  readonly elementwiseSizes: readonly number[];
}

export interface SuiteResult {
  readonly label: string;
  readonly available: boolean;
  readonly info?: { name: string; simd: boolean; threads: number };
  readonly matmul: MatMulResult[];
  readonly elementwise: ElementwiseResult[];
  readonly dispatch: DispatchResult[];
  readonly notes: string[];
}

/** A case predicted to take longer than this per repetition is skipped (and said so). */
const MAX_REP_MS = 12_000;
/** Timed repetitions share about this much time (between 1 and 5 reps). */
const REP_BUDGET_MS = 6_000;
/** No warm-up run when one repetition is predicted to take longer than this. */
const WARMUP_LIMIT_MS = 2_000;

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

function runMatMul(config: SuiteConfig, kind: 'real' | 'complex', notes: string[]): MatMulResult[] {
  const out: MatMulResult[] = [];
  let predictedMs: number | undefined;
  for (const n of config.sizes) {
    if (predictedMs !== undefined && predictedMs > MAX_REP_MS) {
      notes.push(
        `${kind} matmul n=${n} skipped: about ${(predictedMs / 1000).toFixed(0)} s per repetition predicted from n/2 (limit ${MAX_REP_MS / 1000} s)`,
      );
      predictedMs *= 8;
      continue;
    }
    const warmup = predictedMs === undefined || predictedMs < WARMUP_LIMIT_MS ? 1 : 0;
    const reps = predictedMs === undefined ? 5 : Math.max(1, Math.min(5, Math.floor(REP_BUDGET_MS / predictedMs)));
    if (reps < 3 || warmup === 0)
      notes.push(`${kind} matmul n=${n}: ${reps} repetition(s), ${warmup ? 'with' : 'no'} warm-up (slow on this backend)`);
    const result = measureMatMul(n, { kind, warmup, reps });
    progress(`${config.label}: ${kind} matmul ${n}: ${result.gflops.toFixed(2)} GFLOP/s`);
    out.push(result);
    // Cost grows as n³: the next size (2n) takes about 8× as long.
    predictedMs = result.medianMs * (config.sizes[config.sizes.indexOf(n) + 1] / n) ** 3;
  }
  return out;
}

/** Runs the whole suite on one backend configuration. */
export async function runSuite(config: SuiteConfig): Promise<SuiteResult> {
  const selected = await useBackend(config.backend, config.threads === undefined ? {} : { threads: config.threads });
  if (selected._tag === 'Left') {
    return { label: config.label, available: false, matmul: [], elementwise: [], dispatch: [], notes: [selected.left.message] };
  }
  const notes: string[] = [];
  const matmul = [...runMatMul(config, 'real', notes), ...runMatMul(config, 'complex', notes)];
  const elementwise: ElementwiseResult[] = [];
  for (const size of config.elementwiseSizes) {
    for (const op of ['add', 'relu', 'exp', 'sum'] as ElementwiseOp[]) {
      elementwise.push(measureElementwise(op, size, { warmup: 1, reps: size >= 5e6 ? 3 : 5 }));
    }
    progress(`${config.label}: elementwise at ${size.toExponential(0)} done`);
  }
  const dispatch = [measureDispatch('chained', { ops: 5_000, reps: 5 }), measureDispatch('synced', { ops: 5_000, reps: 5 })];
  return { label: config.label, available: true, info: selected.right, matmul, elementwise, dispatch, notes };
}
