import { describe, expect, it } from 'vitest';
import { hasProjectionRows } from './projection-kernels.js';

describe('hasProjectionRows', () => {
  it('tells an addon built with the row projections from one built before them', () => {
    const rows = () => undefined;
    expect(hasProjectionRows({ l1BallRows: rows, simplexRows: rows })).toBe(true);
    expect(hasProjectionRows({})).toBe(false);
    expect(hasProjectionRows({ l1BallRows: rows })).toBe(false);
  });
});
