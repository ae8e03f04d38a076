/**
 * What a rendered chart actually draws, read back from its SVG: bar sizes and line point
 * counts. A chart whose bars have zero height (e.g. bars anchored at 0 on a log axis) or whose
 * lines have no points renders without error, so the tests look at the marks themselves.
 */

/** Marks of one SVG chart. */
export interface ChartMarks {
  /** Width and height of every bar (vega draws bars as `M x,y h w v h h -w Z` paths). */
  readonly bars: readonly { readonly width: number; readonly height: number }[];
  /** Number of points of every line path. */
  readonly lines: readonly number[];
  /** Number of rules (range whiskers, reference lines). */
  readonly rules: number;
}

/** Parses the bar and line marks of a vega SVG. */
export function chartMarks(svg: string): ChartMarks {
  const bars = [...svg.matchAll(/aria-roledescription="bar" d="([^"]*)"/g)].map((m) => barSize(m[1]));
  const lines = [...svg.matchAll(/aria-roledescription="line mark container"[\s\S]*?<\/g>/g)].flatMap((m) =>
    [...m[0].matchAll(/<path[^>]* d="([^"]*)"/g)].map((p) => linePoints(p[1])),
  );
  const rules = [...svg.matchAll(/aria-roledescription="rule mark container"[\s\S]*?<\/g>/g)].reduce(
    (n, m) => n + (m[0].match(/<line /g)?.length ?? 0),
    0,
  );
  return { bars, lines, rules };
}

function barSize(d: string): { width: number; height: number } {
  const m = /^M[-\d.e]+,[-\d.e]+h([-\d.e]+)v([-\d.e]+)h/.exec(d);
  return m ? { width: Number(m[1]), height: Math.abs(Number(m[2])) } : { width: Number.NaN, height: Number.NaN };
}

function linePoints(d: string): number {
  return d === '' ? 0 : (d.match(/[ML]/g)?.length ?? 0);
}

/** Problems with a chart's marks (empty when every mark is drawn with a visible size). */
export function markProblems(title: string, svg: string): string[] {
  const { bars, lines } = chartMarks(svg);
  const out: string[] = [];
  if (bars.length + lines.length === 0) out.push(`${title}: no bars and no lines`);
  bars.forEach((b, i) => {
    if (!(b.width > 0 && b.height > 0)) out.push(`${title}: bar ${i} is ${b.width}×${b.height}`);
  });
  lines.forEach((n, i) => {
    if (n < 2) out.push(`${title}: line ${i} has ${n} points`);
  });
  return out;
}
