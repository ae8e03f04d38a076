import { SparsekitError } from '@sparsekit/tensor';

/** A named entry fixes one option of the general solver; passing it anyway is a programming error. */
export function rejectFixedOption(solver: string, options: object | undefined, key: string): void {
  if (options !== undefined && options !== null && key in options) {
    throw new SparsekitError({
      argument: `${solver} options.${key}`,
      value: (options as Record<string, unknown>)[key],
      expected: `no '${key}' option (${solver} fixes it)`,
    });
  }
}
