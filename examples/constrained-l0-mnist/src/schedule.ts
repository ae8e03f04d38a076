/**
 * The anchors train 200 epochs over the 60,000 MNIST digits. Adam moves each log α by at most about
 * its step size per minibatch, and the multiplier integrates the violation once per minibatch, so
 * a run with fewer minibatches scales the gates' step and the dual step by this factor (and keeps
 * the weights' step) to give the gates the same room to travel.
 */
export function compression(epochs: number, trainSize: number, batchSize: number): number {
  const anchorSteps = 200 * Math.ceil(60000 / batchSize);
  return anchorSteps / (Math.max(1, epochs) * Math.ceil(trainSize / batchSize));
}
