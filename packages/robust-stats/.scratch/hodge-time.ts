import { isRight } from 'fp-ts/lib/Either.js';
import { hodgeRank, plantedComparisons } from '../src/index.ts';
const items = 1000, m = 100000;
const { comparisons } = plantedComparisons({ items, edgeProbability: Math.min(1, m / ((items * (items - 1)) / 2)), seed: 0 });
console.log('m', comparisons.length);
const numbered = comparisons.map((c) => ({ ...c, i: Number(String(c.i).slice(4)), j: Number(String(c.j).slice(4)) }));
for (let k = 0; k < 12; k++) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const r = hodgeRank(numbered, { maxTriangles: 0 });
  const c = process.cpuUsage(c0);
  console.log((performance.now() - t0).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu', isRight(r) ? r.right.iterations : 'left');
}
