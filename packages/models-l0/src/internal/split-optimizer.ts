/**
 * Routes the gradients of the gate parameters (log α) to their own optimizer: the gates want a
 * much larger step than the weights (constrained_sparsity's CIFAR runs use lr 6.0 for gates,
 * 0.1 for weights), and LagrangianOptimizer drives a single primal optimizer.
 */
import * as tf from '@tensorflow/tfjs';

interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export class SplitOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'SplitOptimizer';
  }

  constructor(
    private readonly weights: tf.Optimizer,
    private readonly gates: tf.Optimizer,
    private readonly gateNames: ReadonlySet<string>,
    /** Called after each gate step (the layers' log α clamp). */
    private readonly afterGateStep: () => void = () => undefined,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map((e) => [e.name, e.tensor])
      : Object.entries(variableGradients);
    const gate: tf.NamedTensorMap = {};
    const rest: tf.NamedTensorMap = {};
    for (const [name, g] of entries) (this.gateNames.has(name) ? gate : rest)[name] = g;
    if (Object.keys(rest).length > 0) this.weights.applyGradients(rest);
    if (Object.keys(gate).length > 0) {
      this.gates.applyGradients(gate);
      this.afterGateStep();
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
