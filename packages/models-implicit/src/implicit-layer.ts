/**
 * The implicit (equilibrium) layer: state x = φ(Ax + Bu + b), output y = Cx + Du + c, batch-first.
 */
import * as tf from '@tensorflow/tfjs';
import { SparsekitError } from '@sparsekit/tensor';
import { eachSlice, l1Ball } from '@sparsekit/constraints';
import { equilibrium, type SolveDiagnostics } from './equilibrium.js';
import { resolveImplicitConfig, type ImplicitLayerArgs, type ResolvedImplicitConfig } from './layer-config.js';
import type { ResolvedFixedPointOptions } from './solver-options.js';
import { projectNemon, wellPosedness } from './well-posedness.js';

type LayerVariable = tf.LayerVariable;

/**
 * An implicit layer (El Ghaoui et al., "Implicit Deep Learning"; Bai et al., DEQ): a
 * `tf.layers.Layer` with weights A [n, n], B [n, p], C [q, n], D [q, p], state bias b [n] and
 * output bias c [q]. The forward pass solves the fixed point with the configured solver; the
 * backward pass uses the implicit function theorem, a phantom gradient or unrolling. Use
 * {@link implicitLayer} to create one. Registered with `tf.serialization`, so models that contain
 * it save and load (user activations must be registered with `registerActivation` first).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { implicitLayer } from '@sparsekit/models-implicit';
 * const model = tf.sequential({ layers: [implicitLayer({ units: 3, hiddenUnits: 16, inputShape: [4] })] });
 * const y = model.predict(tf.ones([2, 4])) as tf.Tensor;
 * y.shape; // [2, 3]
 * ```
 */
export class ImplicitLayer extends tf.layers.Layer {
  static className = 'SparsekitImplicit';
  readonly settings: ResolvedImplicitConfig;
  private readonly args: ImplicitLayerArgs;
  /** Diagnostics of the latest forward solve (per-example residuals and iteration counts). */
  lastForward: SolveDiagnostics | null = null;
  /** Diagnostics of the latest adjoint solve ('implicit' backward only). */
  lastBackward: SolveDiagnostics | null = null;
  A!: LayerVariable;
  B!: LayerVariable;
  C!: LayerVariable;
  D!: LayerVariable;
  stateBiasWeight: LayerVariable | null = null;
  biasWeight: LayerVariable | null = null;

  constructor(args: ImplicitLayerArgs) {
    const settings = resolveImplicitConfig(args);
    const { name, trainable, inputShape, batchInputShape, batchSize } = args as ImplicitLayerArgs & Record<string, never>;
    super({
      name,
      trainable,
      inputShape: inputShape as number[] | undefined,
      batchInputShape: batchInputShape as number[] | undefined,
      batchSize,
    });
    this.settings = settings;
    this.args = args;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const p = shape[shape.length - 1];
    if (shape.length !== 2 || p === null) {
      throw new SparsekitError({
        argument: 'inputShape',
        value: shape,
        code: 'shape_mismatch',
        expected: '[batch, features] with a known feature count (flatten first)',
      });
    }
    const { hiddenUnits: n, units: q, kappa, seed } = this.settings;
    const zeros = tf.initializers.zeros();
    const random = this.settings.initializer === 'random';
    const glorot = (s: number) => (random ? tf.initializers.glorotUniform({ seed: seed + s }) : zeros);
    // |A_ij| ≤ κ/n keeps every row's L1 norm ≤ κ without a projection.
    const aInit = random ? tf.initializers.randomUniform({ minval: -kappa / n, maxval: kappa / n, seed }) : zeros;
    this.A = this.addWeight('A', [n, n], 'float32', aInit);
    this.B = this.addWeight('B', [n, p], 'float32', glorot(1));
    const readout = this.settings.initializer === 'zerosRandomReadout';
    const cInit = readout ? tf.initializers.randomUniform({ minval: -1 / n, maxval: 1 / n, seed: seed + 2 }) : glorot(2);
    this.C = this.addWeight('C', [q, n], 'float32', cInit);
    this.D = this.addWeight('D', [q, p], 'float32', glorot(3));
    if (this.settings.stateBias) this.stateBiasWeight = this.addWeight('stateBias', [n], 'float32', zeros);
    if (this.settings.useBias) this.biasWeight = this.addWeight('bias', [q], 'float32', zeros);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.settings.units];
  }

  /** The equilibrium state X [batch, hiddenUnits] of a batch, with the configured gradient. */
  state(u: tf.Tensor2D): tf.Tensor2D {
    const { forward, backward } = this.solverSettings();
    return tf.tidy(() => {
      const bias = this.stateBiasWeight?.read() ?? tf.zeros([this.settings.hiddenUnits]);
      return equilibrium(u, this.A.read() as tf.Tensor2D, this.B.read() as tf.Tensor2D, bias as tf.Tensor1D, {
        activation: this.settings.activation,
        forward,
        backward,
        onForward: (d) => {
          this.lastForward = d;
        },
        onBackward: (d) => {
          this.lastBackward = d;
        },
      });
    });
  }

  /** Under NEMON, Picard steps (forward and adjoint) get the damping that makes them contract. */
  private solverSettings(): Pick<ResolvedImplicitConfig, 'forward' | 'backward'> {
    const { forward, backward, wellPosedness: set } = this.settings;
    if (set !== 'nemon') return { forward, backward };
    const alpha = wellPosedness(this.A.read()).damping;
    const damp = (o: ResolvedFixedPointOptions) => (o.method === 'picard' ? { ...o, damping: Math.min(o.damping, alpha) } : o);
    return { forward: damp(forward), backward: { ...backward, solver: damp(backward.solver) } };
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const u = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      if (u.rank !== 2)
        throw new SparsekitError({ argument: 'inputs', value: u, code: 'shape_mismatch', expected: 'a [batch, features] tensor' });
      const x = this.state(u);
      const y = tf.add(tf.matMul(x, this.C.read(), false, true), tf.matMul(u, this.D.read(), false, true));
      return this.biasWeight ? tf.add(y, this.biasWeight.read()) : y;
    });
  }

  /**
   * Projects A onto the well-posedness set: {‖A‖∞ ≤ κ} with `eachSlice(l1Ball(κ))` (exact,
   * Euclidean, rows already inside unchanged), or NEMON's {μ∞(A) ≤ κ}.
   */
  project(): void {
    const kappa = this.settings.kappa;
    tf.tidy(() => {
      const a = this.A.read() as tf.Tensor2D;
      this.A.write(this.settings.wellPosedness === 'nemon' ? projectNemon(a, kappa) : eachSlice(l1Ball(kappa)).project(a));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const s = this.settings;
    const own = {
      units: s.units,
      hiddenUnits: s.hiddenUnits,
      activation: s.activation.name,
      leakyReluAlpha: s.leakyReluAlpha,
      kappa: s.kappa,
      wellPosedness: s.wellPosedness,
      forward: { ...s.forward },
      useBias: s.useBias,
      stateBias: s.stateBias,
      backward: { method: s.backward.method, solver: { ...s.backward.solver }, steps: s.backward.steps, damping: s.backward.damping },
      initializer: s.initializer,
      seed: s.seed,
    };
    return { ...super.getConfig(), ...own } as unknown as tf.serialization.ConfigDict;
  }

  /** tfjs adds its own `customObjects` entry when loading; the rest is validated as usual. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { customObjects: _ignored, ...rest } = config as Record<string, unknown>;
    return new cls(rest as unknown as tf.serialization.ConfigDict);
  }

  /** The arguments this layer was created with. */
  get arguments(): ImplicitLayerArgs {
    return this.args;
  }
}

tf.serialization.registerClass(ImplicitLayer);

/**
 * Creates an {@link ImplicitLayer}.
 *
 * @example
 * ```ts
 * import { implicitLayer } from '@sparsekit/models-implicit';
 * const layer = implicitLayer({ units: 10, hiddenUnits: 100, kappa: 0.95, forward: { method: 'anderson' } });
 * layer.settings.forward.memory; // 6
 * ```
 */
export function implicitLayer(args: ImplicitLayerArgs): ImplicitLayer {
  return new ImplicitLayer(args);
}
