/**
 * Child process of an isolated plugin module: loads it, runs it with `runBench` and streams
 * every record to the parent, announcing each run as it starts so that the parent can kill the
 * process when a solver neither returns nor stops.
 */
import * as E from 'fp-ts/lib/Either.js';
import { useBackend } from '@sparsekit/tensor';
import { patternFilter } from '../internal/plan.js';
import { loadPlugins } from '../load-plugins.js';
import { runBench } from '../run-bench.js';
import type { ChildMessage, ChildRequest, ParentMessage } from './protocol.js';

const send = (m: ChildMessage): Promise<void> => new Promise((resolve) => process.send!(m, () => resolve()));

async function run(request: ChildRequest, signal: AbortSignal): Promise<void> {
  const backend = await useBackend(request.backend);
  if (E.isLeft(backend)) throw backend.left;
  const { plugins, failures } = await loadPlugins([{ name: request.module, load: () => import(request.module) }], request.size);
  for (const f of failures) await send({ type: 'record', record: f });
  const skip = new Set(request.skip);
  await runBench(plugins, {
    seed: request.seed,
    repetitions: request.repetitions,
    timeLimitMs: request.timeLimitMs,
    filter: patternFilter(request.include),
    signal,
    skipRun: (id) => skip.has(id),
    // Awaited: the parent must know a run started before a solver can block this process.
    onRunStart: (r) => send({ type: 'begin', run: r }),
    sink: (record) => void send({ type: 'record', record }),
    onProgress: (event) => void send({ type: 'progress', event }),
  });
}

const controller = new AbortController();
process.on('message', (m: ParentMessage) => {
  if (m.type === 'abort') controller.abort();
  else
    run(m, controller.signal)
      .then(() => send({ type: 'end' }))
      .then(
        () => process.exit(0),
        (cause) => {
          process.stderr.write(`${cause instanceof Error ? cause.message : String(cause)}\n`);
          process.exit(1);
        },
      );
});
