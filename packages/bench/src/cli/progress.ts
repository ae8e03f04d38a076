/** Progress display: a cli-progress bar on a terminal, one line per finished run in logs. */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../run-bench.js';
import type { CliIo } from './io.js';

export interface Progress {
  onProgress(event: ProgressEvent): void;
  stop(): void;
}

/** A progress sink for runBench's `onProgress`. */
export function createProgress(io: CliIo): Progress {
  if (!io.interactive) {
    return {
      onProgress: (e) => {
        if (e.type === 'start') io.err(`${e.total} runs`);
        else io.err(`[${e.done}/${e.total}] ${e.label}: ${e.status}`);
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {value}/{total} runs | {label}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    onProgress: (e) => {
      if (e.type === 'start') bar.start(e.total, 0, { label: '' });
      else bar.update(e.done, { label: e.label.length > 70 ? `…${e.label.slice(-69)}` : e.label });
    },
    stop: () => bar.stop(),
  };
}
