/**
 * Ranks the teams of a football league season with HodgeRank, measures how intransitive each league
 * is (curl and harmonic shares of the goal-difference flows), and flags the matches that disagree most
 * with a global ranking (upsets) by robust ranking on the outlier path.
 *
 *   npm start -w examples/robust-ranking -- [division] [season]
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { hodgeRank, robustRank } from '@sparsekit/robust-stats';
import { comparisons, loadMatches, season } from './football.js';

const all = loadMatches();
const divisions = [...new Set(all.map((m) => m.division))].sort();
const seasons = [...new Set(all.map(season))].sort();
const division = process.argv[2] ?? divisions[0];
const label = process.argv[3] ?? seasons[seasons.length - 2];
console.log(`${all.length} matches, leagues ${divisions.join(', ')}, seasons ${seasons.join(', ')}`);

console.log(`\nIntransitivity by league, season ${label} (share of ‖goal-difference flow‖² per part):`);
for (const d of divisions) {
  const { comparisons: c } = comparisons(all, d, label);
  if (c.length === 0) continue;
  const h = hodgeRank(c);
  if (isLeft(h)) throw h.left;
  const inc = h.right.inconsistency;
  console.log(
    `  ${d.padEnd(24)} matches ${String(c.length).padStart(4)}  gradient ${inc.gradient.toFixed(3)}  curl ${inc.curl?.toFixed(3)}  harmonic ${inc.harmonic?.toFixed(3)}`,
  );
}

const { matches, comparisons: comps } = comparisons(all, division, label);
const h = hodgeRank(comps);
if (isLeft(h)) throw h.left;
console.log(`\n${division} ${label}: top teams by HodgeRank (goal-difference scale)`);
h.right.ranking
  .slice(0, 8)
  .forEach((team, k) => console.log(`  ${k + 1}. ${team.padEnd(26)} ${h.right.scores[h.right.items.indexOf(team)].toFixed(2)}`));

const r = robustRank(comps, { method: 'lasso' });
if (isLeft(r)) throw r.left;
console.log(`\nBIC flags ${r.right.flagged.length} of ${comps.length} matches as outliers. The 10 matches earliest on the outlier path:`);
r.right.order.slice(0, 10).forEach((k) => {
  const m = matches[k];
  const flag = r.right.gamma[k] !== 0 ? `flagged, shift ${r.right.gamma[k].toFixed(2)}` : 'not flagged';
  console.log(`  ${m.date}  ${m.home_team} ${m.home_score}–${m.away_score} ${m.away_team}  (${flag})`);
});
