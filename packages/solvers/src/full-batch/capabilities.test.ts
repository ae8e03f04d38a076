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

it('at run time (JavaScript callers, casts) a missing capability is a SparsekitError naming it, before any work', async () => {
  const { StochasticFrankWolfe } = await import('../stochastic/stochastic-frank-wolfe.js');
  const { StochasticPgd } = await import('../stochastic/stochastic-pgd.js');
  const { StochasticPgdMadry } = await import('../stochastic/stochastic-pgd-madry.js');
  const { StochasticThreeSplit } = await import('../stochastic/stochastic-three-split.js');
  const { threeOperatorSplitting } = await import('./three-operator-splitting.js');
  const x0 = tf.zeros([2]);
  const cases: [string, () => unknown, RegExp][] = [
    [
      'frankWolfe',
      () => frankWolfe({ objective, constraint: projectOnly as never, x0 }),
      /problem\.constraint: expected a constraint with `lmo` \(frankWolfe needs it; NonNegative has none\)/,
    ],
    ['proximalGradient', () => proximalGradient({ objective, constraint: lmoOnly as never, x0 }), /`prox` or `project`/],
    ['pgdMadry', () => pgdMadry({ objective, constraint: lmoOnly as never, x0 }), /`prox` or `project`/],
    [
      'threeOperatorSplitting h',
      () => threeOperatorSplitting({ objective, constraint: projectOnly, x0 }, { h: lmoOnly as never }),
      /options\.h/,
    ],
    [
      'StochasticFrankWolfe',
      () => new StochasticFrankWolfe({ w: projectOnly as never }),
      /parameters\["w"\]: expected a constraint with `lmo`/,
    ],
    ['StochasticPgd', () => new StochasticPgd({ w: lmoOnly as never }), /parameters\["w"\].*`prox` or `project`/],
    ['StochasticPgdMadry', () => new StochasticPgdMadry({ w: projectOnly as never }), /`lmo`/],
    [
      'StochasticThreeSplit',
      () => new StochasticThreeSplit({ w: projectOnly }, { penalties: { w: lmoOnly as never } }),
      /penalties\["w"\]/,
    ],
  ];
  for (const [name, run, message] of cases) expect(run, name).toThrow(message);
  x0.dispose();
});
