import { plantedRegression, huberRegressor } from '../src/index.ts';
const d = plantedRegression({ n: 10000, p: 50, outlierFraction: 0.1, seed: 0 });
for (let k = 0; k < 8; k++) { const c0 = process.cpuUsage(); const r = huberRegressor(d.X, d.y); const c = process.cpuUsage(c0); console.log(((c.user + c.system) / 1000).toFixed(0), 'ms cpu', (r as any).right?.iterations ?? ''); }
