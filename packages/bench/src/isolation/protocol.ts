/** Messages between the bench and the child process that runs one plugin module. */
import type { ResultRecord } from '../records.js';
import type { ProgressEvent, RunStart } from '../run-bench.js';
import type { SuiteSize } from '../types.js';

/** What the child is asked to run. */
export interface ChildRequest {
  readonly type: 'run';
  /** Module specifier: an absolute file URL or a package name. */
  readonly module: string;
  readonly size: SuiteSize;
  readonly backend: string;
  readonly seed: number;
  readonly repetitions: number;
  readonly timeLimitMs: number;
  readonly include: readonly string[];
  /** Run ids already finished or killed (a restarted child skips them). */
  readonly skip: readonly string[];
}

export type ParentMessage = ChildRequest | { readonly type: 'abort' };

export type ChildMessage =
  | { readonly type: 'begin'; readonly run: RunStart }
  | { readonly type: 'record'; readonly record: ResultRecord }
  | { readonly type: 'progress'; readonly event: ProgressEvent }
  | { readonly type: 'end' };
