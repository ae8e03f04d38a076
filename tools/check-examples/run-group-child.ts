/**
 * Child process: imports one group's snippets one after another on the 'cpu' backend and
 * reports each outcome to the parent over IPC. Console output is captured per snippet so a
 * failure report can show it and passing snippets stay quiet.
 */
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { useBackendOrThrow } from '@sparsekit/tensor';
import type { ChildMessage, GroupManifest } from './protocol.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
let output: string[] = [];
for (const method of CONSOLE_METHODS)
  console[method] = (...args: unknown[]) => {
    output.push(format(...args));
  };

let asyncErrors: unknown[] = [];
const record = (error: unknown) => {
  asyncErrors.push(error);
};

// tfjs-backend-wasm's Emscripten glue adds handlers that abort the process on any unhandled
// rejection once wasm is loaded; ours must be the only ones so a stray rejection fails one
// snippet instead of killing the group.
function ownAsyncErrors(): void {
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.removeAllListeners(event);
    process.on(event, record);
  }
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : format(error);
}

// Each snippet starts from the same state: cpu backend (a snippet may switch to wasm), no
// variables left registered by the previous one.
async function runOne(file: string): Promise<string | undefined> {
  await useBackendOrThrow('cpu');
  tf.disposeVariables();
  output = [];
  asyncErrors = [];
  ownAsyncErrors();
  try {
    await import(pathToFileURL(file).href);
    ownAsyncErrors();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let stray rejections surface
  } catch (error) {
    asyncErrors.unshift(error);
  }
  return asyncErrors.length === 0 ? undefined : asyncErrors.map(describeError).join('\n');
}

const manifest = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as GroupManifest;
for (const { id, file } of manifest.snippets) {
  await send({ type: 'start', id });
  const started = performance.now();
  const error = await runOne(file);
  await send({ type: 'done', id, ms: performance.now() - started, error, output: error ? output.join('\n') : '' });
}
process.exit(0); // snippets may leave timers or wasm workers behind; they must not keep the group alive
