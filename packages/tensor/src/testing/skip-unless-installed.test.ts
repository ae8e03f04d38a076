import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipUnlessInstalled } from './skip-unless-installed.js';

/** A stand-in for vitest's context that records the skip instead of skipping this test. */
function recorder() {
  const notes: (string | undefined)[] = [];
  return { notes, ctx: { skip: ((note?: string) => void notes.push(note)) as never } };
}

describe('skipUnlessInstalled', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.CI;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  });

  it('does nothing when the dependency is there, on CI or not', () => {
    for (const ci of [undefined, 'true']) {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      const r = recorder();
      skipUnlessInstalled(r.ctx, undefined);
      expect(r.notes).toEqual([]);
    }
  });

  it('skips with the reason off CI (CI unset, empty, 0 or false)', () => {
    for (const ci of [undefined, '', '0', 'false', 'FALSE']) {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      const r = recorder();
      skipUnlessInstalled(r.ctx, 'no Chromium');
      expect(r.notes).toEqual(['no Chromium']);
    }
  });

  it('fails on CI, naming what is missing, and never skips there', () => {
    for (const ci of ['true', '1', 'yes']) {
      process.env.CI = ci;
      const r = recorder();
      expect(() => skipUnlessInstalled(r.ctx, 'no Chromium')).toThrow(/^no Chromium\. CI installs this dependency/);
      expect(r.notes).toEqual([]);
    }
  });
});
