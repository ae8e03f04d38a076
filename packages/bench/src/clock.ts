/**
 * Time source of the runner. Injectable so tests can drive solvers with a deterministic fake
 * clock and check exact curves and times-to-tolerance.
 */
import { SparsekitError } from '@sparsekit/tensor';

/** Milliseconds since an arbitrary origin; only differences are used. */
export interface Clock {
  now(): number;
}

/**
 * The monotonic high-resolution wall clock (`performance.now()`).
 *
 * @example
 * ```ts
 * import { systemClock } from '@sparsekit/bench';
 * const t0 = systemClock.now();
 * const elapsed = systemClock.now() - t0; // >= 0
 * ```
 */
export const systemClock: Clock = { now: () => performance.now() };

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/**
 * A deterministic clock for tests and simulations: time moves only through `advance`.
 *
 * @example
 * ```ts
 * import { manualClock } from '@sparsekit/bench';
 * const clock = manualClock();
 * clock.advance(10);
 * clock.now(); // => 10
 * ```
 */
export function manualClock(start = 0): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      if (!(ms >= 0)) throw new SparsekitError({ argument: 'ms', value: ms, expected: 'a number >= 0' });
      t += ms;
    },
  };
}
