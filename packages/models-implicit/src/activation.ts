/** Componentwise 1-Lipschitz activations φ with their derivatives, as implicit models need both. */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';

/**
 * A componentwise activation with its derivative. Well-posedness under ‖A‖∞ < 1 needs φ to be
 * 1-Lipschitz (|φ'| ≤ 1), which this library takes on trust for user functions.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { ActivationSpec } from '@sparsekit/models-implicit';
 * const softsign: ActivationSpec = {
 *   name: 'softsign',
 *   fn: (z) => tf.div(z, tf.add(1, tf.abs(z))),
 *   derivative: (z) => tf.div(1, tf.square(tf.add(1, tf.abs(z)))),
 * };
 * ```
 */
export interface ActivationSpec {
  readonly name: string;
  readonly fn: (z: tf.Tensor) => tf.Tensor;
  readonly derivative: (z: tf.Tensor) => tf.Tensor;
}

/** Built-in activation names. */
export type BuiltinActivation = 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu' | 'linear';

const registry = new Map<string, ActivationSpec>();

/**
 * Registers a user activation under its name so a serialized layer that uses it can be loaded.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerActivation } from '@sparsekit/models-implicit';
 * registerActivation({ name: 'halfTanh', fn: (z) => tf.mul(0.5, tf.tanh(z)), derivative: (z) => tf.mul(0.5, tf.sub(1, tf.square(tf.tanh(z)))) });
 * ```
 */
export function registerActivation(spec: ActivationSpec): void {
  checkSpec(spec);
  if (builtinNames.includes(spec.name as BuiltinActivation)) {
    throw new SparsekitError({
      argument: 'activation.name',
      value: spec.name,
      expected: `a name other than the built-ins ${builtinNames.join(', ')}`,
    });
  }
  registry.set(spec.name, spec);
}

const builtinNames: readonly BuiltinActivation[] = ['relu', 'tanh', 'sigmoid', 'leakyRelu', 'linear'];

function checkSpec(spec: ActivationSpec): void {
  if (
    spec === null ||
    typeof spec !== 'object' ||
    typeof spec.name !== 'string' ||
    spec.name.length === 0 ||
    typeof spec.fn !== 'function' ||
    typeof spec.derivative !== 'function'
  ) {
    throw new SparsekitError({ argument: 'activation', value: spec, expected: 'a built-in name or { name, fn, derivative }' });
  }
}

function builtin(name: BuiltinActivation, alpha: number): ActivationSpec {
  switch (name) {
    case 'relu':
      return { name, fn: (z) => tf.relu(z), derivative: (z) => tf.step(z) };
    case 'tanh':
      return { name, fn: (z) => tf.tanh(z), derivative: (z) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(z)))) };
    case 'sigmoid':
      return {
        name,
        fn: (z) => tf.sigmoid(z),
        derivative: (z) =>
          tf.tidy(() => {
            const s = tf.sigmoid(z);
            return tf.mul(s, tf.sub(1, s));
          }),
      };
    case 'leakyRelu':
      return {
        name,
        fn: (z) => tf.leakyRelu(z, alpha),
        derivative: (z) => tf.tidy(() => tf.where(tf.greater(z, 0), tf.onesLike(z), tf.fill(z.shape, alpha))),
      };
    case 'linear':
      return { name, fn: (z) => tf.clone(z), derivative: (z) => tf.onesLike(z) };
  }
}

/**
 * Resolves an activation given by name (built-in or registered) or by spec. `alpha` is the
 * negative slope of leakyRelu, in [0, 1] so that φ stays 1-Lipschitz.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { resolveActivation } from '@sparsekit/models-implicit';
 * resolveActivation('tanh').derivative(tf.tensor1d([0])).arraySync(); // [1]
 * ```
 */
export function resolveActivation(activation: string | ActivationSpec, alpha = 0.2): ActivationSpec {
  if (!(alpha >= 0 && alpha <= 1)) throw new SparsekitError({ argument: 'leakyReluAlpha', value: alpha, expected: 'a number in [0, 1]' });
  if (typeof activation === 'string') {
    if (builtinNames.includes(activation as BuiltinActivation)) return builtin(activation as BuiltinActivation, alpha);
    const spec = registry.get(activation);
    if (spec !== undefined) return spec;
    throw new SparsekitError({
      argument: 'activation',
      value: activation,
      expected: `one of ${builtinNames.join(', ')} or a name given to registerActivation`,
    });
  }
  checkSpec(activation);
  return activation;
}
