'use strict';
/**
 * Finds a CBLAS to link against: a compile-link-run probe of each candidate, first success wins.
 * Candidates: SPARSEKIT_BLAS_CFLAGS/SPARSEKIT_BLAS_LIBS if set, then OpenBLAS (pkg-config, then
 * -lopenblas), then a generic CBLAS (pkg-config cblas, then -lcblas). The reference BLAS is not
 * probed on purpose: its sgemm is slower than the stock wasm kernel.
 * CLI (used by binding.gyp): `node probe-blas.cjs cflags|libs|defines`; the install script passes
 * its probe result in SPARSEKIT_BLAS_PROBE so node-gyp does not probe again.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PROGRAM = `#include <cblas.h>
#ifdef SK_OPENBLAS
extern char *openblas_get_config(void);
#endif
int main(void) {
  float a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8}, c[4] = {0};
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
#ifdef SK_OPENBLAS
  if (!openblas_get_config()) return 2;
#endif
  return c[0] == 19 && c[1] == 22 && c[2] == 43 && c[3] == 50 ? 0 : 1;
}
`;

function split(text) {
  return (text || '').trim().split(/\s+/).filter(Boolean);
}

function pkgConfig(name) {
  const run = (flag) => spawnSync('pkg-config', [flag, name], { encoding: 'utf8' });
  const cflags = run('--cflags');
  const libs = run('--libs');
  if (cflags.status !== 0 || libs.status !== 0) return undefined;
  return { cflags: split(cflags.stdout), libs: split(libs.stdout) };
}

/** Adds an rpath for every -L directory so the addon finds the library without LD_LIBRARY_PATH. */
function withRpath(libs) {
  const dirs = libs.filter((f) => f.startsWith('-L')).map((f) => f.slice(2));
  return [...libs, ...dirs.map((d) => `-Wl,-rpath,${d}`)];
}

function candidates(env) {
  const list = [];
  if (env.SPARSEKIT_BLAS_LIBS) {
    list.push({
      name: env.SPARSEKIT_BLAS_NAME || 'custom CBLAS',
      openblas: env.SPARSEKIT_BLAS_OPENBLAS === '1',
      cflags: split(env.SPARSEKIT_BLAS_CFLAGS),
      libs: split(env.SPARSEKIT_BLAS_LIBS),
    });
  }
  const openblas = pkgConfig('openblas');
  if (openblas) list.push({ name: 'OpenBLAS', openblas: true, ...openblas });
  list.push({ name: 'OpenBLAS', openblas: true, cflags: [], libs: ['-lopenblas'] });
  const cblas = pkgConfig('cblas');
  if (cblas) list.push({ name: 'CBLAS (pkg-config cblas)', openblas: false, ...cblas });
  list.push({ name: 'CBLAS (-lcblas)', openblas: false, cflags: [], libs: ['-lcblas'] });
  return list;
}

/** Compiles, links and runs the probe program against one candidate; returns an error text or undefined. */
function tryCandidate(candidate, dir, cc) {
  const src = path.join(dir, 'probe.c');
  const exe = path.join(dir, 'probe');
  fs.writeFileSync(src, PROGRAM);
  const defines = candidate.openblas ? ['-DSK_OPENBLAS'] : [];
  const libs = withRpath(candidate.libs);
  const build = spawnSync(cc, [...candidate.cflags, ...defines, src, '-o', exe, ...libs, '-lm'], { encoding: 'utf8' });
  if (build.error) return `${cc}: ${build.error.code || build.error.message}`;
  if (build.status !== 0)
    return (
      build.stderr
        .trim()
        .split('\n')
        .find((l) => /error/i.test(l)) || 'link failed'
    ).trim();
  const run = spawnSync(exe, [], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  if (run.status !== 0) return `probe program exited with ${run.status ?? run.signal}`;
  return undefined;
}

/** { ok: true, name, openblas, cflags, libs } or { ok: false, reason }. */
function probe(env = process.env) {
  if (env.SPARSEKIT_BLAS_PROBE) return JSON.parse(env.SPARSEKIT_BLAS_PROBE);
  const cc = env.CC || 'cc';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparsekit-blas-'));
  const failures = [];
  try {
    for (const candidate of candidates(env)) {
      const error = tryCandidate(candidate, dir, cc);
      if (!error) return { ok: true, ...candidate, libs: withRpath(candidate.libs) };
      if (error === `${cc}: ENOENT`) return { ok: false, reason: `no C compiler found (${cc}; set CC to use another)` };
      failures.push(`${candidate.name} [${candidate.libs.join(' ')}]: ${error}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ok: false, reason: `no usable CBLAS found (${failures.join('; ')})` };
}

function gypFlags(result, what) {
  if (!result.ok) throw new Error(result.reason);
  if (what === 'cflags') return result.cflags;
  if (what === 'libs') return [...result.libs, '-lm'];
  if (what === 'defines') return result.openblas ? ['SK_OPENBLAS'] : [];
  throw new Error(`unknown flag set '${what}'`);
}

module.exports = { probe };

if (require.main === module) {
  try {
    process.stdout.write(gypFlags(probe(), process.argv[2]).join(' ') + '\n');
  } catch (error) {
    process.stderr.write(`probe-blas: ${error.message}\n`);
    process.exit(1);
  }
}
