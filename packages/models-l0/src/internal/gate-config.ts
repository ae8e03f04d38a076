/** Options shared by the L0-gated layers, their defaults and their validation. */
import * as tf from '@tensorflow/tfjs';
import { requireInteger, requireNonNegative, requirePositive, SparsekitError } from '@sparsekit/tensor';
import { HardConcrete, type TestGateRule } from '../hard-concrete.js';

export type GateStructure = 'structured' | 'unstructured';
export type GateSampling = 'batch' | 'example';
export type GateActivation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'softmax';

/** Gate options common to `l0Dense` and `l0Conv2d`. */
export interface L0GateOptions {
  /** One gate per input feature / output channel ('structured', default) or per weight. */
  readonly structure?: GateStructure;
  /** Initial drop rate d: log α starts at log((1−d)/d) + N(0, 0.01²). Default 0.5. */
  readonly dropRate?: number;
  /** Coefficient of the expected number of active weights in the layer's loss. Default 0. */
  readonly lambda?: number;
  /** AMLab's prior precision: ½·wd·w² per weight, weighted by the gate's P(z ≠ 0). Default 0. */
  readonly weightDecay?: number;
  /** N of AMLab's penalty: (λ·E[L0] + weight-decay term)/N. Default 1. */
  readonly datasetSize?: number;
  /** One gate sample per minibatch (default) or per example (structured gates only). */
  readonly sampling?: GateSampling;
  /** Evaluation gate. Default 'paper'. */
  readonly testGate?: TestGateRule;
  /** Hard-concrete temperature β. Default 2/3. */
  readonly temperature?: number;
  readonly useBias?: boolean;
  readonly activation?: GateActivation;
  /** Seed of the kernel init, the log α init and the gate samples. Default: derived from the layer name. */
  readonly seed?: number;
  readonly name?: string;
  readonly inputShape?: number[];
  readonly batchInputShape?: (number | null)[];
  readonly trainable?: boolean;
}

export interface ResolvedGateOptions {
  readonly structure: GateStructure;
  readonly dropRate: number;
  readonly lambda: number;
  readonly weightDecay: number;
  readonly datasetSize: number;
  readonly sampling: GateSampling;
  readonly testGate: TestGateRule;
  readonly temperature: number;
  readonly useBias: boolean;
  readonly activation: GateActivation;
  readonly seed: number | undefined;
}

export const GATE_KEYS = [
  'structure',
  'dropRate',
  'lambda',
  'weightDecay',
  'datasetSize',
  'sampling',
  'testGate',
  'temperature',
  'useBias',
  'activation',
  'seed',
  'name',
  'inputShape',
  'batchInputShape',
  'trainable',
  'dtype',
  'customObjects',
] as const;

const ACTIVATIONS: readonly GateActivation[] = ['linear', 'relu', 'tanh', 'sigmoid', 'softmax'];

function oneOf<T extends string>(argument: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new SparsekitError({ argument, value, expected: `one of ${allowed.map((a) => `'${a}'`).join(', ')}` });
  }
  return value as T;
}

/** Rejects unknown keys (a typo must not silently fall back to a default). */
export function rejectUnknownKeys(layer: string, config: object, known: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      throw new SparsekitError({
        argument: `${layer}.${key}`,
        value: (config as Record<string, unknown>)[key],
        expected: `a known option (${known.join(', ')})`,
      });
    }
  }
}

export function resolveGateOptions(layer: string, o: L0GateOptions): ResolvedGateOptions {
  const dropRate = o.dropRate ?? 0.5;
  if (!(dropRate > 0 && dropRate < 1)) {
    throw new SparsekitError({ argument: `${layer}.dropRate`, value: dropRate, expected: 'a number in (0, 1)' });
  }
  const structure = oneOf(`${layer}.structure`, o.structure, ['structured', 'unstructured'], 'structured');
  const sampling = oneOf(`${layer}.sampling`, o.sampling, ['batch', 'example'], 'batch');
  if (sampling === 'example' && structure === 'unstructured') {
    throw new SparsekitError({
      argument: `${layer}.sampling`,
      value: sampling,
      expected: "'batch' for unstructured gates (a per-example mask over weights is a per-example network)",
    });
  }
  return {
    structure,
    sampling,
    dropRate,
    lambda: requireNonNegative(`${layer}.lambda`, o.lambda ?? 0),
    weightDecay: requireNonNegative(`${layer}.weightDecay`, o.weightDecay ?? 0),
    datasetSize: requirePositive(`${layer}.datasetSize`, o.datasetSize ?? 1),
    testGate: oneOf(`${layer}.testGate`, o.testGate, ['paper', 'median'], 'paper'),
    temperature: requirePositive(`${layer}.temperature`, o.temperature ?? 2 / 3),
    useBias: o.useBias ?? true,
    activation: oneOf(`${layer}.activation`, o.activation, ACTIVATIONS, 'linear'),
    seed: o.seed === undefined ? undefined : requireInteger(`${layer}.seed`, o.seed, 0, 2 ** 32 - 1),
  };
}

export function hardConcreteOf(o: ResolvedGateOptions): HardConcrete {
  return new HardConcrete({ beta: o.temperature, testGate: o.testGate });
}

export function applyActivation(x: tf.Tensor, a: GateActivation): tf.Tensor {
  switch (a) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softmax':
      return tf.softmax(x);
    default:
      return x;
  }
}

/** A stable 32-bit seed from a layer name (FNV-1a), so unseeded layers still differ from each other. */
export function seedFromName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
