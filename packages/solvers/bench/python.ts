/**
 * The Python interpreter of the benchmark baselines: `SPARSEKIT_PYTHON` if set, else the Debian
 * system Python. @sparsekit/bench reads the same variable (it cannot be imported from here: the
 * bench package depends on this one).
 */
export function pythonPath(): string {
  const override = process.env.SPARSEKIT_PYTHON;
  return override && override.trim() !== '' ? override.trim() : '/usr/bin/python3';
}
