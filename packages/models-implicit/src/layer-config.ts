/** Configuration of {@link ImplicitLayer}: validated once, at construction. */
import { SparsekitError } from '@sparsekit/tensor';
import { resolveActivation, type ActivationSpec, type BuiltinActivation } from './activation.js';
import { resolveBackwardOptions, type BackwardOptions, type ResolvedBackwardOptions } from './backward-options.js';
import { checkKeys, resolveFixedPointOptions, type FixedPointOptions, type ResolvedFixedPointOptions } from './solver-options.js';

/**
 * Arguments of `implicitLayer`. Unknown keys are an error.
 *
 * @example
 * ```ts
 * import type { ImplicitLayerArgs } from '@sparsekit/models-implicit';
 * const args: ImplicitLayerArgs = { units: 10, hiddenUnits: 100, activation: 'relu', kappa: 0.95, inputShape: [784] };
 * ```
 */
export interface ImplicitLayerArgs {
  /** Output size q (y = Cx + Du + c has q columns), as in `tf.layers.dense`. */
  readonly units: number;
  /** State size n (A is n × n). */
  readonly hiddenUnits: number;
  /** φ: a built-in name, a registered name or a spec. Default 'relu'. */
  readonly activation?: BuiltinActivation | string | ActivationSpec;
  /** Negative slope of 'leakyRelu', in [0, 1]. Default 0.2. */
  readonly leakyReluAlpha?: number;
  /** Well-posedness radius κ ∈ (0, 1): A is initialized with ‖A‖∞ ≤ κ and projected there by `project()`. Default 0.95. */
  readonly kappa?: number;
  /**
   * Which set `project()` keeps A in: 'linf' = {‖A‖∞ ≤ κ} (row-wise L1 balls, has an LMO, so
   * Frank-Wolfe works), or 'nemon' = {μ∞(A) ≤ κ} (larger, projection only; Picard steps are then
   * damped automatically with α = min(τ, 1/(1 − min_i a_ii))). Default 'linf'.
   */
  readonly wellPosedness?: 'linf' | 'nemon';
  readonly forward?: FixedPointOptions;
  readonly backward?: BackwardOptions;
  /** Output bias c. Default true. */
  readonly useBias?: boolean;
  /** State bias b inside φ. Default true. */
  readonly stateBias?: boolean;
  /**
   * 'random' (seeded Glorot for B, C, D; uniform(±κ/n) for A), 'zeros' (every weight zero), or
   * 'zerosRandomReadout' (A, B, D and the biases zero, C uniform(±1/n), so ‖C‖∞ ≤ 1): the start
   * for Frank-Wolfe from zero. With every weight zero all hidden units receive the same gradient,
   * Frank-Wolfe picks the same vertex for each, and they stay identical; a small random readout
   * gives each unit its own gradient while A and B stay sparse by construction. Default 'random'.
   */
  readonly initializer?: 'random' | 'zeros' | 'zerosRandomReadout';
  /** Seed of the random initializers. Default 0. */
  readonly seed?: number;
  readonly name?: string;
  readonly trainable?: boolean;
  readonly inputShape?: (number | null)[];
  readonly batchInputShape?: (number | null)[];
  readonly batchSize?: number;
}

/** Resolved configuration. */
export interface ResolvedImplicitConfig {
  readonly units: number;
  readonly hiddenUnits: number;
  readonly activation: ActivationSpec;
  readonly leakyReluAlpha: number;
  readonly kappa: number;
  readonly wellPosedness: 'linf' | 'nemon';
  readonly forward: ResolvedFixedPointOptions;
  readonly backward: ResolvedBackwardOptions;
  readonly useBias: boolean;
  readonly stateBias: boolean;
  readonly initializer: 'random' | 'zeros' | 'zerosRandomReadout';
  readonly seed: number;
}

const OWN_KEYS = [
  'units',
  'hiddenUnits',
  'activation',
  'leakyReluAlpha',
  'kappa',
  'wellPosedness',
  'forward',
  'backward',
  'useBias',
  'stateBias',
  'initializer',
  'seed',
];
/** Keys tf.layers.Layer itself accepts (and writes back in its own config). */
export const LAYER_KEYS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype', 'inputDType'];

function positiveInt(argument: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new SparsekitError({ argument, value: v, expected: 'an integer ≥ 1' });
  return v;
}

function bool(argument: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new SparsekitError({ argument, value: v, expected: 'a boolean' });
  return v;
}

/**
 * Validates the arguments of an implicit layer, naming the offending key.
 *
 * @example
 * ```ts
 * import { resolveImplicitConfig } from '@sparsekit/models-implicit';
 * resolveImplicitConfig({ units: 2, hiddenUnits: 8 }).kappa; // 0.95
 * ```
 */
export function resolveImplicitConfig(args: ImplicitLayerArgs): ResolvedImplicitConfig {
  if (args === null || typeof args !== 'object') throw new SparsekitError({ argument: 'args', value: args, expected: 'an options object' });
  checkKeys('implicitLayer', args, [...OWN_KEYS, ...LAYER_KEYS]);
  const kappa = args.kappa ?? 0.95;
  if (!(kappa > 0 && kappa < 1))
    throw new SparsekitError({ argument: 'kappa', value: kappa, expected: 'a number in (0, 1) (‖A‖∞ ≤ κ < 1 makes the model well posed)' });
  const initializer = args.initializer ?? 'random';
  if (initializer !== 'random' && initializer !== 'zeros' && initializer !== 'zerosRandomReadout')
    throw new SparsekitError({ argument: 'initializer', value: initializer, expected: "'random', 'zeros' or 'zerosRandomReadout'" });
  const seed = args.seed ?? 0;
  if (!Number.isInteger(seed)) throw new SparsekitError({ argument: 'seed', value: seed, expected: 'an integer' });
  const leakyReluAlpha = args.leakyReluAlpha ?? 0.2;
  const wellPosedness = args.wellPosedness ?? 'linf';
  if (wellPosedness !== 'linf' && wellPosedness !== 'nemon')
    throw new SparsekitError({ argument: 'wellPosedness', value: wellPosedness, expected: "'linf' or 'nemon'" });
  return {
    units: positiveInt('units', args.units),
    hiddenUnits: positiveInt('hiddenUnits', args.hiddenUnits),
    activation: resolveActivation(args.activation ?? 'relu', leakyReluAlpha),
    leakyReluAlpha,
    kappa,
    wellPosedness,
    forward: resolveFixedPointOptions('forward', args.forward ?? {}),
    backward: resolveBackwardOptions(args.backward ?? {}),
    useBias: bool('useBias', args.useBias, true),
    stateBias: bool('stateBias', args.stateBias, true),
    initializer,
    seed,
  };
}
