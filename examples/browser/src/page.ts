/**
 * The browser page: selects the wasm backend with the binaries served next to it, solves a Lasso
 * and takes one StochasticFrankWolfe step, then publishes the numbers on `window.sparsekitResult`.
 * `?wasmPaths=...` overrides where the binaries are fetched from (the test points it at a folder
 * that does not exist to check the failure is reported and not papered over); `?threads=n`
 * asks for n wasm threads.
 */
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { l1Ball } from '@sparsekit/constraints';
import { lasso } from '@sparsekit/solvers/sparse-glm';
import { StochasticFrankWolfe } from '@sparsekit/solvers/stochastic';
import { backendInfo, useBackend } from '@sparsekit/tensor';
import type { OpAttempt, PageInput, PageOutput } from './protocol.js';

declare global {
  interface Window {
    sparsekitResult?: PageOutput;
  }
}

function solveLasso(input: PageInput['lasso']) {
  const X = tf.tensor2d(input.X, [input.rows, input.cols]);
  const y = tf.tensor1d(input.y);
  try {
    const result = lasso({ X, y, lambda: input.lambda }, { tol: 1e-8 });
    if (E.isLeft(result)) return { error: result.left.message };
    const { status, fun, certificate } = result.right;
    const x = Array.from(result.right.x.dataSync());
    result.right.x.dispose();
    return { status, x, fun, certificate };
  } finally {
    X.dispose();
    y.dispose();
  }
}

function sfwStep(input: PageInput['sfw']) {
  const A = tf.tensor2d(input.A, [input.rows, input.cols]);
  const b = tf.tensor1d(input.b);
  const w0 = tf.tensor1d(input.w0);
  const w = tf.variable(w0, true, 'browser-sfw-w');
  const optimizer = new StochasticFrankWolfe({ [w.name]: l1Ball(input.radius) }, { lr: input.lr, momentum: input.momentum });
  optimizer.minimize(() => tf.sum(tf.square(tf.sub(tf.matMul(A, w.reshape([-1, 1])).reshape([-1]), b))).div(2 * input.rows) as tf.Scalar);
  const w1 = Array.from(w.dataSync());
  optimizer.dispose();
  tf.dispose([A, b, w0, w]);
  return { w1 };
}

function tryAnOp(): OpAttempt {
  try {
    tf.tidy(() => tf.add(tf.scalar(1), 1).dataSync());
    return { ran: true, backend: tf.getBackend() };
  } catch (error) {
    return { ran: false, error: (error as Error).message };
  }
}

async function run(): Promise<PageOutput> {
  const query = new URLSearchParams(location.search);
  const wasmPaths = query.get('wasmPaths') ?? new URL('./wasm/', location.href).href;
  const threads = query.has('threads') ? Number(query.get('threads')) : undefined;
  const input = (await (await fetch('./data.json')).json()) as PageInput;
  const selected = await useBackend('wasm', { wasmPaths, ...(threads === undefined ? {} : { threads }) });
  if (E.isLeft(selected)) {
    return { kind: 'backend-failed', message: selected.left.message, argument: selected.left.argument, op: tryAnOp() };
  }
  const nodeOnly = await useBackend('tensorflow');
  const before = tf.memory().numTensors;
  const lassoResult = solveLasso(input.lasso);
  const sfw = sfwStep(input.sfw);
  return {
    kind: 'solved',
    selected: selected.right,
    backend: backendInfo(),
    tfBackendAfter: tf.getBackend(),
    lasso: lassoResult,
    sfw,
    leakedTensors: tf.memory().numTensors - before,
    tensorflowBackend: E.isLeft(nodeOnly) ? nodeOnly.left.message : `unexpectedly selected ${nodeOnly.right.name}`,
  };
}

run().then(
  (result) => {
    window.sparsekitResult = result;
  },
  (error: unknown) => {
    window.sparsekitResult = { kind: 'crashed', message: String((error as Error)?.stack ?? error) };
  },
);
