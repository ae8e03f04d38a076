/**
 * MNIST for the suites, loaded on first use. `@sparsekit/datasets` is a workspace package with the
 * data packages behind it; importing it lazily keeps the bench (and every suite that does not need
 * MNIST) loadable where it is not installed.
 */
import type { Mnist, LoadMnistOptions } from '@sparsekit/datasets';
import { SparsekitError } from '@sparsekit/tensor';

type Datasets = typeof import('@sparsekit/datasets');

/** The `@sparsekit/datasets` module, or an error that says how to get it. */
export async function datasetsModule(): Promise<Datasets> {
  try {
    return await import('@sparsekit/datasets');
  } catch (cause) {
    throw new SparsekitError({
      argument: '@sparsekit/datasets',
      value: String(cause),
      expected: 'the workspace package installed (run the MNIST suites from a clone of the repository after `npm ci`)',
      code: 'backend_unavailable',
    });
  }
}

/** `loadMnist` of `@sparsekit/datasets`, imported on first use. */
export async function loadMnistLazily(options: LoadMnistOptions): Promise<Mnist> {
  return (await datasetsModule()).loadMnist(options);
}
