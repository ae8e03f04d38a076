import { describe, expect, it } from 'vitest';
import { chartMarks, markProblems } from './chart-marks.test-helpers.js';
import { buildReport } from './html.js';
import { EXPECTED_PLOTS, EXPECTED_TABLES, FIXTURE_METADATA, fixtureRecords } from './report-fixture.test-helpers.js';

describe('buildReport', () => {
  it('contains the expected plots and tables, rendered as inline SVG', async () => {
    const { html, plotCount, tableCount } = await buildReport(await fixtureRecords(), FIXTURE_METADATA);
    expect(plotCount).toBe(EXPECTED_PLOTS);
    expect(tableCount).toBe(EXPECTED_TABLES);
    expect(html.match(/<figure class="plot" id="p\d+"><svg /g)?.length).toBe(EXPECTED_PLOTS);
    expect(html.match(/<table /g)?.length).toBe(EXPECTED_TABLES);
    expect(html.match(/<table class="ratios">/g)?.length).toBe(2);
    for (const title of [
      'with-baseline: suboptimality vs time',
      'with-baseline: suboptimality vs iterations',
      'with-baseline: time-to-tolerance ratio to baselines',
      'alone: suboptimality vs time',
      'alone: suboptimality vs iterations',
      'op: time per call',
      'op: time ratio to baselines',
    ]) {
      expect(html).toContain(title);
    }
  });

  it('draws the marks of every chart: bars of positive size, lines with points', async () => {
    const { html } = await buildReport(await fixtureRecords(), FIXTURE_METADATA);
    const figures = [...html.matchAll(/<figure class="plot" id="p\d+">(<svg[\s\S]*?<\/svg>)<\/figure>/g)].map((m) => m[1]);
    expect(figures.length).toBe(EXPECTED_PLOTS);
    expect(figures.flatMap((svg, i) => markProblems(`plot ${i + 1}`, svg))).toEqual([]);
    const ratioCharts = figures.filter((svg) => svg.includes('ratio to baselines'));
    expect(ratioCharts.length).toBe(2);
    // fast vs base at two tolerances, ours vs theirs: one bar per ratio, each with its range rule.
    expect(ratioCharts.map((svg) => chartMarks(svg).bars.length)).toEqual([2, 1]);
    const convergence = figures.filter((svg) => svg.includes('suboptimality vs'));
    expect(convergence.every((svg) => chartMarks(svg).lines.length >= 1)).toBe(true);
  });

  it('keeps long solver labels whole and distinct in legends', async () => {
    // Two configurations of one solver whose labels share a long prefix (vega truncates at 160 px by default).
    const renamed = (await fixtureRecords()).map((r) =>
      r.type === 'run' && r.problem === 'with-baseline'
        ? { ...r, solver: 'proximal-gradient', solverParams: { accelerated: r.solver === 'fast', restart: 'adaptive-gradient-scheme' } }
        : r,
    );
    const { html } = await buildReport(renamed, FIXTURE_METADATA);
    expect(html).not.toMatch(/…<\/text>/);
    expect(html).toContain('>proximal-gradient[accelerated=true,restart=adaptive-gradient-scheme]</text>');
    expect(html).toContain('>proximal-gradient[accelerated=false,restart=adaptive-gradient-scheme]</text>');
  });

  it('shows — as the tensor memory of peers running outside tfjs, and explains statuses', async () => {
    const records = (await fixtureRecords()).map((r) => (r.type === 'run' && r.solver === 'theirs <b>' ? { ...r, external: true } : r));
    const { html } = await buildReport(records, FIXTURE_METADATA);
    expect(html).toMatch(/<td>theirs &lt;b&gt; \(baseline\)<\/td><td>done 2<\/td><td>4\.00 ms<\/td><td>250 GFLOP\/s<\/td><td>—<\/td>/);
    expect(html).toMatch(/<td>ours<\/td><td>done 2<\/td><td>8\.00 ms<\/td><td>125 GFLOP\/s<\/td><td>0 B<\/td>/);
    expect(html).toContain('<strong>target</strong>: stopped by the bench');
  });

  it('puts the measured numbers in the tables', async () => {
    const { html } = await buildReport(await fixtureRecords(), FIXTURE_METADATA);
    // fast needs 4 and 10 iterations of 10 ms, base twice as long: ratio 0.5 at both tolerances.
    expect(html).toContain('<th>vs base @ 1.0e-1</th><th>vs base @ 1.0e-3</th>');
    expect(html).toMatch(/<td>fast<\/td><td>0\.500×<\/td><td>0\.500×<\/td>/);
    expect(html).toMatch(/<td>fast<\/td><td>done 2<\/td><td>40\.0 ms<\/td><td>100 ms<\/td><td>4<\/td><td>10<\/td>/);
    // Timing: 8 ms vs 4 ms per call, 1 GFLOP per call.
    expect(html).toMatch(/<td>ours<\/td><td>done 2<\/td><td>8\.00 ms<\/td><td>125 GFLOP\/s<\/td>/);
    expect(html).toContain('<td>2.00×</td>');
    expect(html).toMatch(/<td>dataset<\/td><td>converge<\/td><td>broken<\/td><td>no such file<\/td>/);
    expect(html).toContain('abc123');
    // Peer environment: pinned threads, versions and the BLAS kernel in use.
    expect(html).toMatch(/<td>peer threads<\/td><td>1 \(OMP/);
    expect(html).toContain('numpy 1.24.2, torch missing');
    expect(html).toContain('<td>peer BLAS / OpenMP</td><td>openblas 0.3.21 kernel Haswell 1 thread</td>');
    expect(html).toContain('<td>OPENBLAS_CORETYPE</td><td>Haswell</td>');
  });

  it('is self-contained: no scripts, no external resources, unique ids, escaped names', async () => {
    const { html } = await buildReport(await fixtureRecords(), FIXTURE_METADATA);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('theirs &lt;b&gt;');
    expect(html).not.toContain('theirs <b>');
  });

  it('marks an unfinished run and still reports the finished rows', async () => {
    const records = (await fixtureRecords()).filter((r) => r.type !== 'reference');
    const { html, plotCount } = await buildReport(records, { ...FIXTURE_METADATA, status: 'interrupted' });
    expect(html).toContain('This run did not complete');
    expect(plotCount).toBe(EXPECTED_PLOTS);
  });
});
