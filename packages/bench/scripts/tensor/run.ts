/**
 * Tensor benchmark: matmul GFLOP/s (real and complex), elementwise throughput and dispatch
 * overhead for cpu, wasm and 2-thread wasm. Records, never asserts.
 *
 *   node --conditions=@sparsekit/source --import tsx packages/bench/scripts/tensor/run.ts [--backends cpu,wasm,wasm-2] [--sizes 256,512] [--out DIR]
 *
 * Each configuration runs in a child process; the table goes to stdout and the JSON to
 * bench-results/<timestamp>/tensor.json (a new directory per run, never overwritten).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite, type SuiteConfig, type SuiteResult } from './suite.js';

const script = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(script), '../../../..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function configs(): SuiteConfig[] {
  const sizes = (option('sizes') ?? '256,512,1024,2048').split(',').map(Number);
  const elementwiseSizes = (option('elementwise-sizes') ?? '1e6,1e7').split(',').map(Number);
  const all: Record<string, SuiteConfig> = {
    cpu: { label: 'cpu', backend: 'cpu', sizes, elementwiseSizes },
    wasm: { label: 'wasm', backend: 'wasm', threads: 1, sizes, elementwiseSizes },
    'wasm-2': { label: 'wasm-2', backend: 'wasm', threads: 2, sizes, elementwiseSizes },
  };
  return (option('backends') ?? 'cpu,wasm,wasm-2').split(',').map((name) => {
    if (!all[name]) throw new Error(`--backends: unknown configuration '${name}' (known: ${Object.keys(all).join(', ')})`);
    return all[name];
  });
}

/** Runs one configuration in a fresh Node process (same loader flags) and parses its JSON. */
function runChild(config: SuiteConfig): SuiteResult {
  process.stderr.write(`${config.label}:\n`);
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as SuiteResult;
  } catch {
    return {
      label: config.label,
      available: false,
      matmul: [],
      elementwise: [],
      dispatch: [],
      notes: [`child process failed (exit ${child.status}, signal ${child.signal})`],
    };
  }
}

const fmt = (x: number | undefined, digits = 2) => (x === undefined ? '—' : x >= 1000 ? x.toFixed(0) : x.toFixed(digits));

function table(results: SuiteResult[]): string {
  const rows: string[][] = [
    ['metric', ...results.map((r) => (r.info ? `${r.label} (${r.info.simd ? 'SIMD, ' : ''}${r.info.threads} thr)` : `${r.label} (n/a)`))],
  ];
  const sizes = [...new Set(results.flatMap((r) => r.matmul.map((m) => m.n)))].sort((a, b) => a - b);
  for (const kind of ['real', 'complex'] as const) {
    for (const n of sizes)
      rows.push([`matmul ${kind} ${n} GFLOP/s`, ...results.map((r) => fmt(r.matmul.find((m) => m.kind === kind && m.n === n)?.gflops))]);
  }
  const ew = [...new Set(results.flatMap((r) => r.elementwise.map((e) => `${e.op}@${e.size}`)))];
  for (const key of ew) {
    const [op, size] = key.split('@');
    rows.push([
      `${op} ${Number(size).toExponential(0)} Melem/s`,
      ...results.map((r) => fmt(r.elementwise.find((e) => `${e.op}@${e.size}` === key)?.melemPerSec, 1)),
    ]);
  }
  for (const mode of ['chained', 'synced'] as const) {
    rows.push([
      `tiny add ${mode} kops/s`,
      ...results.map((r) => fmt((r.dispatch.find((d) => d.mode === mode)?.opsPerSec ?? NaN) / 1e3, 1).replace('NaN', '—')),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map(
      (row, i) =>
        row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ') +
        (i === 0 ? `\n${'-'.repeat(widths.reduce((a, b) => a + b + 2, -2))}` : ''),
    )
    .join('\n');
}

/** A new directory under bench-results/, never an existing one. */
function freshDir(base: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(base, { recursive: true });
  for (let i = 0; ; i++) {
    const dir = path.join(base, i === 0 ? stamp : `${stamp}-${i}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

async function main(): Promise<void> {
  const child = option('child');
  if (child) {
    process.stdout.write(`${JSON.stringify(await runSuite(JSON.parse(child) as SuiteConfig))}\n`);
    return;
  }
  const started = performance.now();
  const results = configs().map(runChild);
  console.log(
    `\nsparsekit tensor benchmark — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.versions.node}`,
  );
  console.log('median of repetitions after warm-up; complex matmul counts 8n³ flops; VM noise is about ±30%\n');
  console.log(table(results));
  for (const r of results) for (const note of r.notes) console.log(`note [${r.label}]: ${note}`);
  const dir = freshDir(path.resolve(option('out') ?? path.join(repoRoot, 'bench-results')));
  const file = path.join(dir, 'tensor.json');
  const meta = {
    createdAt: new Date().toISOString(),
    node: process.versions.node,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
  fs.writeFileSync(file, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)} in ${meta.elapsedSeconds.toFixed(0)} s`);
}

await main();
