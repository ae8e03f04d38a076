/**
 * European football results shipped by the `vega-datasets` npm package (data/football.json,
 * OpenFootball, 2013–2017): one comparison per match, y = home goals − away goals.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Comparison } from '@sparsekit/robust-stats';

/** One match as stored in the data set. */
export interface Match {
  readonly date: string;
  readonly division: string;
  readonly home_team: string;
  readonly away_team: string;
  readonly home_score: number;
  readonly away_score: number;
}

/** All matches (read from the installed package; nothing is downloaded). */
export function loadMatches(): Match[] {
  // The package exports only its JS entry (build/index.js); the JSON files sit next to build/.
  const require = createRequire(import.meta.url);
  const root = dirname(dirname(require.resolve('vega-datasets')));
  return JSON.parse(readFileSync(join(root, 'data', 'football.json'), 'utf8')) as Match[];
}

/** Season label "2016/17" of a match (seasons start in July). */
export function season(m: Match): string {
  const [y, mo] = m.date.split('-').map(Number);
  const start = mo >= 7 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Matches of one league and season as comparisons (home team i, away team j, y = goal difference). */
export function comparisons(
  matches: readonly Match[],
  division: string,
  seasonLabel: string,
): { matches: Match[]; comparisons: Comparison[] } {
  const sel = matches.filter((m) => m.division === division && season(m) === seasonLabel);
  return { matches: sel, comparisons: sel.map((m) => ({ i: m.home_team, j: m.away_team, y: m.home_score - m.away_score })) };
}
