/** Option-object checks shared by the public entry points. */
import { SparsekitError } from '@sparsekit/tensor';

/** Throws on keys the function does not know (typos must not be ignored silently). */
export function checkOptionKeys(name: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new SparsekitError({ argument: `${name}.${key}`, value: key, expected: `one of ${known.join(', ')}` });
  }
}
