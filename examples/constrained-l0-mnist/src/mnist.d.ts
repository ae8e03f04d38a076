// The `mnist` package ships no types: each digit class exposes its raw pixels (28×28 per
// sample, floats in [0, 1]) and the number of samples.
declare module 'mnist' {
  interface DigitClass {
    readonly id: number;
    readonly raw: number[];
    readonly length: number;
  }
  const mnist: DigitClass[];
  export default mnist;
}
