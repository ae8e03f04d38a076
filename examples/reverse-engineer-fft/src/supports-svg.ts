/** Draws the supports of a Faust's factors side by side as an SVG (one square per factor). */
import * as tf from '@tensorflow/tfjs';
import type { Faust } from '@sparsekit/factorization';

/** Nonzero pattern of factor i, downsampled to at most `cells`×`cells` (a cell is on if any entry is). */
function pattern(F: Faust, i: number, cells: number): boolean[][] {
  const f = F.factor(i);
  const parts = f instanceof tf.Tensor ? [f] : [f.re, f.im];
  const [rows, cols] = parts[0].shape;
  const data = parts.map((p) => p.dataSync());
  parts.forEach((p) => p.dispose());
  const [cr, cc] = [Math.min(cells, rows), Math.min(cells, cols)];
  const grid = Array.from({ length: cr }, () => new Array<boolean>(cc).fill(false));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (data.some((d) => d[r * cols + c] !== 0)) grid[Math.floor((r * cr) / rows)][Math.floor((c * cc) / cols)] = true;
    }
  }
  return grid;
}

export function supportsSvg(F: Faust, title: string, cells = 64, px = 2): string {
  const side = cells * px;
  const gap = 12;
  const rects: string[] = [];
  for (let i = 0; i < F.numFactors(); i++) {
    const x0 = i * (side + gap);
    rects.push(`<rect x="${x0}" y="20" width="${side}" height="${side}" fill="white" stroke="#999"/>`);
    pattern(F, i, cells).forEach((row, r) =>
      row.forEach((on, c) => {
        if (on) rects.push(`<rect x="${x0 + c * px}" y="${20 + r * px}" width="${px}" height="${px}" fill="#1f4e79"/>`);
      }),
    );
  }
  const width = F.numFactors() * (side + gap);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${side + 24}">` +
    `<text x="0" y="14" font-family="sans-serif" font-size="12">${title}</text>${rects.join('')}</svg>\n`
  );
}
