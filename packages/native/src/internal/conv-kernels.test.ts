import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreStockKernels } from '../install.js';
import {
  skipWithoutAddon,
  BACKENDS,
  expectNoLeak,
  expectWithinBound,
  randomTensor,
  rng,
  selectBackend,
  stockAndNative,
  withNative,
} from './compare.test-helpers.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: number[];
  f: number[];
  stride: number;
  pad: Pad;
  dilation: number;
  depthwise: boolean;
}

/**
 * Float64 oracle: y = conv(x, w), and for the loss Σ y·r the gradients dx, dw, by direct loops
 * over tfjs's own geometry. With |x|, |w|, |r| it gives the float32 error bounds.
 */
function conv64(x: ArrayLike<number>, w: ArrayLike<number>, r: ArrayLike<number> | undefined, c: Case) {
  const info = tf.backend_util.computeConv2DInfo(
    c.x as [number, number, number, number],
    c.f as [number, number, number, number],
    c.stride,
    c.dilation,
    c.pad,
    undefined,
    c.depthwise,
    'channelsLast',
  );
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O } = info;
  const mult = O / C;
  const y = new Float64Array(B * OH * OW * O);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let fh = 0; fh < info.filterHeight; fh++)
          for (let fw = 0; fw < info.filterWidth; fw++) {
            const ih = oh * info.strideHeight - info.padInfo.top + fh * info.dilationHeight;
            const iw = ow * info.strideWidth - info.padInfo.left + fw * info.dilationWidth;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            for (let o = 0; o < O; o++) {
              const channels = c.depthwise ? [Math.floor(o / mult)] : Array.from({ length: C }, (_, i) => i);
              const yi = ((b * OH + oh) * OW + ow) * O + o;
              for (const ci of channels) {
                const xi = ((b * H + ih) * W + iw) * C + ci;
                const wi = c.depthwise ? (fh * info.filterWidth + fw) * O + o : ((fh * info.filterWidth + fw) * C + ci) * O + o;
                y[yi] += x[xi] * w[wi];
                if (r) {
                  dx[xi] += r[yi] * w[wi];
                  dw[wi] += x[xi] * r[yi];
                }
              }
            }
          }
  return { y, dx, dw, info };
}

function convOp(c: Case) {
  return (x: tf.Tensor, w: tf.Tensor) =>
    c.depthwise
      ? tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation)
      : tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation);
}

function randomCase(next: () => number, depthwise: boolean, withGradient: boolean): Case {
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const fh = int(1, 4),
    fw = int(1, 4),
    inC = int(1, 4);
  const stride = int(1, 2);
  const dilation = withGradient || stride > 1 ? 1 : int(1, 2);
  const pads: Pad[] = [
    'same',
    'valid',
    [
      [0, 0],
      [int(0, 2), int(0, 2)],
      [int(0, 2), int(0, 2)],
      [0, 0],
    ],
  ];
  return {
    x: [int(1, 3), int(fh * dilation, 11), int(fw * dilation, 11), inC],
    f: [fh, fw, inC, depthwise ? int(1, 2) : int(1, 5)],
    stride,
    pad: pads[int(0, 2)],
    dilation,
    depthwise,
  };
}

for (const kind of BACKENDS) {
  describe(`native convolution kernels [${kind}]`, () => {
    skipWithoutAddon();
    beforeAll(() => selectBackend(kind));
    afterAll(() => restoreStockKernels());

    for (const depthwise of [false, true]) {
      const name = depthwise ? 'depthwise' : 'conv2d';
      it(`${name}: forward matches a float64 oracle (strides, same/valid/explicit padding, dilation)`, () => {
        const next = rng(depthwise ? 21 : 22);
        for (let trial = 0; trial < 16; trial++) {
          const c = randomCase(next, depthwise, false);
          const x = randomTensor(c.x, next);
          const w = randomTensor(c.f, next);
          const y = withNative(kind, () => tf.tidy(() => convOp(c)(x, w).dataSync()));
          const oracle = conv64(x.dataSync(), w.dataSync(), undefined, c);
          const bound = conv64(Array.from(x.dataSync(), Math.abs), Array.from(w.dataSync(), Math.abs), undefined, c);
          expectWithinBound(y, oracle.y, bound.y, c.f[0] * c.f[1] * c.f[2]);
          tf.dispose([x, w]);
        }
      });

      it(`${name}: input and filter gradients through tf.grads match a float64 oracle`, () => {
        const next = rng(depthwise ? 23 : 24);
        for (let trial = 0; trial < 12; trial++) {
          const c = randomCase(next, depthwise, true);
          const x = randomTensor(c.x, next);
          const w = randomTensor(c.f, next);
          const { info } = conv64([], [], undefined, { ...c, x: c.x });
          const r = randomTensor(info.outShape, next);
          const [dx, dw] = withNative(kind, () =>
            tf.tidy(() =>
              tf
                .grads((a: tf.Tensor, b: tf.Tensor) => convOp(c)(a, b).mul(r).sum())([x, w])
                .map((g) => g.dataSync()),
            ),
          );
          const oracle = conv64(x.dataSync(), w.dataSync(), r.dataSync(), c);
          const bound = conv64(...([x, w, r].map((t) => Array.from(t.dataSync(), Math.abs)) as [number[], number[], number[]]), c);
          const sumLength = Math.max(c.f[0] * c.f[1] * c.f[3], info.batchSize * info.outHeight * info.outWidth);
          expectWithinBound(dx, oracle.dx, bound.dx, sumLength);
          expectWithinBound(dw, oracle.dw, bound.dw, sumLength);
          tf.dispose([x, w, r]);
        }
      });
    }

    it('FusedConv2D with bias and relu matches conv + add + relu', () => {
      const next = rng(25);
      const c: Case = { x: [2, 9, 8, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same', dilation: 1, depthwise: false };
      const [x, w, bias] = [randomTensor(c.x, next), randomTensor(c.f, next), randomTensor([4], next)];
      const y = withNative(kind, () =>
        tf.tidy(() =>
          tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias, activation: 'relu' }).dataSync(),
        ),
      );
      const oracle = conv64(x.dataSync(), w.dataSync(), undefined, c);
      const bound = conv64(Array.from(x.dataSync(), Math.abs), Array.from(w.dataSync(), Math.abs), undefined, c);
      const b = bias.dataSync();
      expectWithinBound(
        y,
        oracle.y.map((v, i) => Math.max(0, v + b[i % 4])),
        bound.y.map((v, i) => v + Math.abs(b[i % 4])),
        27,
      );
      tf.dispose([x, w, bias]);
    });

    it('is leak-free, and falls back to the stock kernel for NCHW on cpu', () => {
      const x = tf.ones([2, 6, 6, 3]) as tf.Tensor4D;
      const w = tf.ones([3, 3, 3, 2]) as tf.Tensor4D;
      withNative(kind, () =>
        expectNoLeak(() =>
          tf.tidy(() => {
            tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').sum())([x, w]).forEach((g) =>
              g.dataSync(),
            );
            tf.depthwiseConv2d(x, tf.ones([3, 3, 3, 1]) as tf.Tensor4D, 1, 'valid').dataSync();
          }),
        ),
      );
      if (kind === 'cpu') {
        const nchw = tf.ones([1, 3, 6, 6]) as tf.Tensor4D;
        const { stock, native } = stockAndNative(kind, () => tf.tidy(() => Array.from(tf.conv2d(nchw, w, 1, 'valid', 'NCHW').dataSync())));
        expect(native).toEqual(stock);
        expect(native.every((v) => v === 27)).toBe(true);
        nchw.dispose();
      }
      tf.dispose([x, w]);
    });
  });
}
