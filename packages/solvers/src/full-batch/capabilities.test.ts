// Type-level tests (checked by `tsc -p tsconfig.test.json`): pairing a solver with a constraint
// that lacks its oracle does not compile. The runtime part only keeps vitest from reporting an
// empty file; the calls below are never executed.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { frankWolfe } from './frank-wolfe.js';
import { pgdMadry } from './pgd-madry.js';
import { proximalGradient } from './proximal-gradient.js';
import { minimize } from '../minimize.js';

const projectOnly = { name: 'NonNegative', params: {}, project: (x: tf.Tensor) => tf.relu(x) };
const lmoOnly = { name: 'L1Ball', params: { radius: 1 }, lmo: (g: tf.Tensor) => g.neg() };
const objective = (x: tf.Tensor) => x.square().sum();

function neverCalled(x0: tf.Tensor): void {
  // @ts-expect-error frankWolfe needs HasLmo
  frankWolfe({ objective, constraint: projectOnly, x0 });
  // @ts-expect-error proximalGradient needs a projection or a prox
  proximalGradient({ objective, constraint: lmoOnly, x0 });
  // @ts-expect-error pgdMadry needs both an LMO and a projection/prox
  pgdMadry({ objective, constraint: lmoOnly, x0 });
  // @ts-expect-error the front door checks capabilities per method too
  minimize({ objective, constraint: projectOnly, x0 }, { method: 'frank-wolfe' });
  frankWolfe({ objective, constraint: lmoOnly, x0 });
  proximalGradient({ objective, constraint: projectOnly, x0 });
}

it('capability mismatches are compile errors (see tsc -p tsconfig.test.json)', () => {
  expect(typeof neverCalled).toBe('function');
});
