/** Option-key validation: an unknown key is a programming error (DESIGN.md, Errors). */
import { SparsekitError } from '@sparsekit/tensor';

/** Throws when `options` has a key outside `allowed`. */
export function checkOptionKeys(solver: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new SparsekitError({ argument: `${solver} options.${key}`, value: key, expected: `one of ${allowed.join(', ')}` });
    }
  }
}
