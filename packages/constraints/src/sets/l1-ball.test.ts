import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeBackends, expectClose } from '@sparsekit/tensor/testing';
import { constraintLaws } from '../testing.js';
import { l1Ball } from './l1-ball.js';

const l1Vertices = (r: number) => (shape: readonly number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) for (const s of [r, -r]) out.push(Array.from({ length: n }, (_, j) => (j === i ? s : 0)));
  return out;
};

constraintLaws('l1Ball(1.5)', () => l1Ball(1.5), { shapes: [[5], [2, 3]], vertices: l1Vertices(1.5) });
