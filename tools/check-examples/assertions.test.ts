import { describe, expect, it } from 'vitest';
import { rewriteStated, withAssertions } from './assertions.js';
import { expectStated } from './expect-stated.js';

describe('stated results (// => value)', () => {
  it('rewrites statements, keeps an if-guard, leaves declarations and hints alone', () => {
    expect(rewriteStated('l1Ball(2).lmo(g).arraySync(); // => [0, 2, 0]', 3)).toBe('__expect(l1Ball(2).lmo(g).arraySync(), [0, 2, 0], 3);');
    expect(rewriteStated('  if (E.isRight(r)) r.right.x.arraySync(); // => [0, 0]', 7)).toBe(
      '  if (E.isRight(r)) __expect(r.right.x.arraySync(), [0, 0], 7);',
    );
    expect(rewriteStated('const a = f(); // => 1', 1)).toBeUndefined();
    expect(rewriteStated('f(); // close to 0', 1)).toBeUndefined();
    expect(rewriteStated('  .project(x); // => [1]', 1)).toBeUndefined();
    expect(rewriteStated("console.log(r.name); // => 'cpu'", 2)).toBe("__expect(r.name, 'cpu', 2);");
    const out = withAssertions('a();\nb(); // => 2', './expect.js');
    expect(out.count).toBe(1);
    expect(out.code.split('\n')[1]).toBe('__expect(b(), 2, 2);');
    expect(out.code.split('\n')[2]).toContain("from './expect.js'");
  });

  it('compares deeply, numbers to float32 precision, and reports the line', () => {
    expect(() => expectStated([0.6000000238, 'a', { k: true }], [0.6, 'a', { k: true }], 1)).not.toThrow();
    expect(() => expectStated([1, 0], [1, 0, 0], 4)).toThrow(/line 4: the example states \[1,0,0\], got \[1,0\]/);
    expect(() => expectStated(1.001, 1, 2)).toThrow(/states 1/);
    expect(() => expectStated(Number.NaN, Number.NaN, 2)).not.toThrow();
    expect(() => expectStated({ a: 1, b: 2 }, { a: 1 }, 2)).toThrow();
  });
});
