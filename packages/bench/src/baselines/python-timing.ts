/** A timing adapter backed by a shipped Python script that times its own calls. */
import type { BenchSolver, Curves, Params, SolverContext } from '../types.js';
import { pythonHas, runPythonScript } from './python.js';

/** The answer of a timing script. */
export interface PythonTimingAnswer {
  readonly samples_ms: readonly number[];
  readonly check?: number;
  readonly library?: string;
  /** Per-sample scores of the last call (e.g. outlier scores), for `curves`. */
  readonly scores?: readonly number[];
}

export interface PythonTimingOptions<S> {
  readonly name: string;
  readonly modules: readonly string[];
  readonly script: string;
  readonly problems?: readonly string[];
  readonly params?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  /** The JSON request for one run (sizes, op, samples). */
  request(spec: S, ctx: SolverContext): Record<string, unknown>;
  /** Curves drawn from the answer (e.g. an ROC curve of its `scores`), attached to the last sample. */
  curves?(spec: S, answer: PythonTimingAnswer): Curves | undefined;
}

/**
 * A baseline solver running `script`; each sample it timed becomes one reported sample, so
 * Python start-up and data generation are not counted.
 */
export function pythonTimingSolver<S>(o: PythonTimingOptions<S>): BenchSolver<S> {
  return {
    name: o.name,
    baseline: true,
    external: true,
    ...(o.problems ? { problems: o.problems } : {}),
    ...(o.params ? { params: o.params } : {}),
    available: () => pythonHas(o.modules),
    run: async (spec, ctx) => {
      const answer = await runPythonScript<PythonTimingAnswer>(
        o.script,
        { seed: ctx.seed, ...o.request(spec, ctx) },
        ctx.timeLimitMs * 2 + 30_000,
      );
      const curves = o.curves?.(spec, answer);
      const last = answer.samples_ms.length - 1;
      answer.samples_ms.forEach((ms, i) =>
        ctx.report({ iteration: i + 1, timeMs: ms, objective: answer.check, ...(i === last && curves ? { curves } : {}) }),
      );
    },
  };
}

/** Convenience for requests: the solver's own parameters plus fixed fields. */
export function withParams(params: Params, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...params, ...fields };
}
