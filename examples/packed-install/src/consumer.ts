/**
 * A user's empty project: every workspace package packed with `npm pack` and installed from the
 * tarballs with a plain `npm install` (third-party dependencies come from the registry, as for a
 * user). npm's own environment variables are dropped so that running under `npm test` does not
 * turn the consumer into part of this workspace.
 */
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The published packages, in dependency order. */
export const PACKAGES = [
  'native',
  'tensor',
  'constraints',
  'solvers',
  'factorization',
  'robust-stats',
  'models-implicit',
  'models-l0',
  'bench',
];

export interface PackageJson {
  name: string;
  exports?: Record<string, unknown>;
  imports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Runs a command, returning stdout; a non-zero exit throws with the command's output. */
export async function sh(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Packs every package into `dir` (they must be built: dist/ is what is published). */
export async function packAll(dir: string): Promise<string[]> {
  const unbuilt = PACKAGES.filter((p) => !existsSync(join(REPO_ROOT, 'packages', p, 'dist', 'index.js')));
  if (unbuilt.length > 0) throw new Error(`packages not built (${unbuilt.join(', ')}): run \`npm run build\` first`);
  mkdirSync(dir, { recursive: true });
  const workspaces = PACKAGES.flatMap((p) => ['--workspace', `packages/${p}`]);
  await sh('npm', ['pack', ...workspaces, '--pack-destination', dir, '--silent'], REPO_ROOT);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(dir, f));
}

/** An empty project in `dir` with the tarballs installed. */
export async function installConsumer(dir: string, tarballs: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sparsekit-consumer', private: true, type: 'module' }, null, 2));
  await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], dir);
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Public entry specifiers of an installed package: '.' and explicit subpaths, test helpers excluded. */
export function publicEntries(pkg: PackageJson): string[] {
  return Object.entries(pkg.exports ?? {})
    .filter(([key, target]) => target !== null && !key.includes('*') && key !== './package.json' && !/(^|\/)testing(\/|$)/.test(key))
    .map(([key]) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** Bare package names the built code imports (static or literal dynamic imports), with the files importing them. */
export function importedPackages(packageDir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  for (const file of jsFiles(join(packageDir, 'dist'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const spec = match[1];
      if (spec.startsWith('.') || spec.startsWith('node:') || spec.startsWith('#') || builtinModules.includes(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      found.set(name, [...(found.get(name) ?? []), file.slice(packageDir.length + 1)]);
    }
  }
  return found;
}
