import { it } from 'vitest';
import { robustRegression } from './regression/robust-regression.js';
import { starsCYG } from './data/classic-datasets.js';
it('x', () => {
  const r: any = robustRegression(starsCYG.X, starsCYG.y, { method: 'hard', lambda: 'bic' });
  console.log(r.right.ranking.slice(0, 8), r.right.criterion.value.map((v: number, k: number) => `${r.right.path.gamma[k].idx.length}:${v.toFixed(1)}`).join(' '));
});
