'use strict';
/**
 * Install step of @sparsekit/native: builds the addon from source with node-gyp against a system
 * CBLAS. It never fails the install: when it cannot build it prints why, once, writes the reason
 * to build/status.json (the runtime reports it) and exits 0, and sparsekit runs on the stock
 * tfjs kernels. SPARSEKIT_NATIVE=0 skips the build.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { probe } = require('./probe-blas.cjs');

const root = path.resolve(__dirname, '..');
const statusFile = path.join(root, 'build', 'status.json');
const binary = path.join(root, 'build', 'Release', 'sparsekit_native.node');

function writeStatus(status) {
  fs.mkdirSync(path.dirname(statusFile), { recursive: true });
  fs.writeFileSync(statusFile, `${JSON.stringify(status, null, 2)}\n`);
}

function giveUp(
  reason,
  hint = 'Install a CBLAS and a C toolchain (Debian/Ubuntu: apt-get install libopenblas-dev g++ make python3) ' +
    'and run `npm rebuild @sparsekit/native` to enable it.',
) {
  // A binary left by an earlier build would contradict the status (and may be stale).
  fs.rmSync(binary, { force: true });
  writeStatus({ built: false, reason });
  console.warn(`@sparsekit/native: not built (${reason}); sparsekit will use the stock tfjs kernels. ${hint}`);
  process.exit(0);
}

/** Node's own headers when they sit next to the running binary (Debian: /usr/include/node), so node-gyp downloads nothing. */
function localNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** node-gyp: the one npm runs scripts with, else the copy bundled with npm, else from PATH. */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && fs.existsSync(fromNpm)) return [process.execPath, fromNpm];
  const npmCli = process.env.npm_execpath;
  const candidates = [
    npmCli && path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'share', 'nodejs', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter(Boolean);
  const found = candidates.find((c) => fs.existsSync(c));
  return found ? [process.execPath, found] : ['node-gyp'];
}

/** Loads the fresh binary in a child process and multiplies two 2×2 matrices with it. */
function smokeTest(binary) {
  const code = `const a = require(${JSON.stringify(binary)}); const c = new Float32Array(4);
    a.gemm(false, false, 2, 2, 2, Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), c, null, null, 1);
    if (c.join() !== '19,22,43,50') { console.error('wrong product ' + c.join()); process.exit(1); }
    console.log(a.blas());`;
  return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
}

function main() {
  const flag = (process.env.SPARSEKIT_NATIVE || '').trim().toLowerCase();
  if (['0', 'false', 'off', 'no'].includes(flag))
    giveUp(`SPARSEKIT_NATIVE=${flag}`, 'Unset it and run `npm rebuild @sparsekit/native` to build.');
  const blas = probe();
  if (!blas.ok) giveUp(blas.reason);
  const nodedir = localNodeDir();
  const [cmd, ...pre] = nodeGyp();
  const args = [...pre, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const build = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, SPARSEKIT_BLAS_PROBE: JSON.stringify(blas) } });
  if (build.error) giveUp(`node-gyp could not be started: ${build.error.code || build.error.message}`);
  if (build.status !== 0) {
    const lines = `${build.stdout}\n${build.stderr}`
      .split('\n')
      .filter((l) => /error/i.test(l))
      .slice(0, 3);
    giveUp(`node-gyp failed: ${lines.join(' | ').trim() || `exit ${build.status}`}`);
  }
  const smoke = smokeTest(binary);
  if (smoke.status !== 0) giveUp(`the built addon failed its smoke test: ${(smoke.stderr || '').trim().split('\n').pop()}`);
  writeStatus({ built: true, blas: smoke.stdout.trim() });
  console.log(`@sparsekit/native: built against ${smoke.stdout.trim()}`);
}

try {
  main();
} catch (error) {
  giveUp(`unexpected error: ${error?.message}`);
}
