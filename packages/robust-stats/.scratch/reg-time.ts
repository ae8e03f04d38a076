import { isRight } from 'fp-ts/lib/Either.js';
import { plantedRegression, robustRegression, huberRegressor, lts } from '../src/index.ts';
const n = Number(process.argv[3] ?? 10000), p = Number(process.argv[4] ?? 50);
const d = plantedRegression({ n, p, outlierFraction: 0.1, seed: 0 });
for (const m of (process.argv[2] ?? 'hard').split(',')) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  let info = '';
  if (m === 'huber') { const r = huberRegressor(d.X, d.y); info = isRight(r) ? `scale ${r.right.scale}` : 'left'; }
  else if (m === 'lts') { const r = lts(d.X, d.y); info = isRight(r) ? `crit ${(r.right as any).criterion ?? ''}` : 'left'; }
  else { const r = robustRegression(d.X, d.y, { method: m as any }); info = isRight(r) ? `flagged ${r.right.outliers?.filter?.(Boolean).length ?? ''} knots ${r.right.path?.t?.length}` : String(r.left); }
  const c = process.cpuUsage(c0); console.log(m, (performance.now() - t0).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu', info);
}
