import { describe, expect, it } from 'vitest';
import { budgetSolver, timingSolver } from './adapters.js';
import { definePlugin } from './define-plugin.js';
import type { BenchPlugin } from './types.js';

const base = (): BenchPlugin => ({
  name: 'p',
  datasets: [{ name: 'd', load: () => 0 }],
  problems: [{ name: 'q', create: () => ({ spec: 0 }) }],
  solvers: [{ name: 's', run: () => undefined }],
});

describe('definePlugin', () => {
  it('returns a valid plugin unchanged', () => {
    const plugin = base();
    expect(definePlugin(plugin)).toBe(plugin);
  });

  const cases: [string, Partial<BenchPlugin>, RegExp][] = [
    ['an empty name', { name: ' ' }, /plugin\.name: expected a non-empty single-line string/],
    [
      'duplicate datasets',
      {
        datasets: [
          { name: 'd', load: () => 0 },
          { name: 'd', load: () => 1 },
        ],
      },
      /plugin\.datasets\[1\]\.name: expected a name not already used/,
    ],
    [
      'an unknown dataset reference',
      { problems: [{ name: 'q', datasets: ['x'], create: () => ({ spec: 0 }) }] },
      /plugin\.problems\[0\]\.datasets: expected one of 'd', got "x"/,
    ],
    [
      'an unknown problem reference',
      { solvers: [{ name: 's', problems: ['nope'], run: () => undefined }] },
      /plugin\.solvers\[0\]\.problems: expected one of 'q'/,
    ],
    [
      'an empty grid',
      { datasets: [{ name: 'd', params: { n: [] }, load: () => 0 }] },
      /plugin\.datasets\[0\]\.params\.n: expected a non-empty array/,
    ],
    ['a bad tolerance', { problems: [{ name: 'q', tolerances: [0], create: () => ({ spec: 0 }) }] }, /plugin\.problems\[0\]\.tolerances/],
    ['a bad kind', { problems: [{ name: 'q', kind: 'fast' as never, create: () => ({ spec: 0 }) }] }, /plugin\.problems\[0\]\.kind/],
    [
      'same-named solvers on one problem',
      {
        solvers: [
          { name: 's', run: () => undefined },
          { name: 's', run: () => undefined },
        ],
      },
      /plugin\.solvers\[1\]\.name: .*problem 'q'/,
    ],
    ['a missing run', { solvers: [{ name: 's' } as never] }, /plugin\.solvers\[0\]\.run: expected a function/],
  ];
  it.each(cases)('rejects %s', (_what, patch, message) => {
    expect(() => definePlugin({ ...base(), ...patch } as BenchPlugin)).toThrow(message);
  });

  it('allows same-named solvers on disjoint problems', () => {
    const plugin = {
      ...base(),
      problems: [
        { name: 'a', create: () => ({ spec: 0 }) },
        { name: 'b', create: () => ({ spec: 0 }) },
      ],
      solvers: [
        { name: 's', problems: ['a'], run: () => undefined },
        { name: 's', problems: ['b'], run: () => undefined },
      ],
    };
    expect(definePlugin(plugin).solvers.length).toBe(2);
  });
});

describe('adapter helpers', () => {
  it('reject bad budgets and sample counts', () => {
    expect(() => budgetSolver({ name: 'b', budgets: [], runWithBudget: () => ({}) })).toThrow(/options\.budgets/);
    expect(() => budgetSolver({ name: 'b', budgets: [1, -2], runWithBudget: () => ({}) })).toThrow(/options\.budgets\[1\]/);
    expect(() => timingSolver({ name: 't', samples: 0, prepare: () => ({ call: () => 0 }) })).toThrow(/options\.samples/);
  });
});
