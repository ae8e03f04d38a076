/**
 * Vega-Lite → Vega → SVG, headless in Node (no canvas, no browser, no network): the report's
 * plots are produced by the plotting library itself, not drawn by hand.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string. `idPrefix` namespaces the SVG's ids (clip paths,
 * gradients) so several plots can be inlined in one page without collisions.
 *
 * @example
 * ```ts
 * import { renderSvg } from '@sparsekit/bench';
 * const svg = await renderSvg({ data: { values: [{ a: 1, b: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } }, 'p1');
 * svg.startsWith('<svg'); // => true
 * ```
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    return namespaceIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

function namespaceIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}
