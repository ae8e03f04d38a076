import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { loadOptions } from './cli/options.js';
import { DEFAULT_CONFIG, resolveConfig, validateConfig } from './config.js';

const left = <T>(e: E.Either<readonly string[], T>): readonly string[] => (E.isLeft(e) ? e.left : []);

describe('validateConfig', () => {
  it('accepts a full valid config', () => {
    const result = validateConfig(
      {
        suite: ['tensor'],
        size: 'full',
        backend: 'cpu',
        out: 'res',
        timeout: 5,
        repetitions: 3,
        seed: 2,
        include: ['tensor/*'],
        plugins: ['my-plugin'],
      },
      'bench.json',
      ['tensor'],
    );
    expect(result).toEqual(
      E.right({
        suites: ['tensor'],
        size: 'full',
        backend: 'cpu',
        out: 'res',
        timeoutSeconds: 5,
        repetitions: 3,
        seed: 2,
        include: ['tensor/*'],
        plugins: ['my-plugin'],
      }),
    );
  });

  it('lists every problem at once, each naming its key', () => {
    const errors = left(
      validateConfig(
        {
          suite: 'tensor,nope',
          size: 'huge',
          backend: '',
          timeout: -1,
          repetitions: 1.5,
          seed: 'x',
          include: 'tensor/*',
          plugins: [3],
          extra: true,
          another: 1,
        },
        'bench.json',
        ['tensor'],
      ),
    );
    expect(errors).toEqual([
      'bench.json: unknown keys "extra", "another" (known: suite, size, backend, out, timeout, repetitions, seed, include, plugins)',
      'bench.json: suite: unknown suite "nope" (known: quick, full, none, tensor)',
      "bench.json: size: expected 'quick' or 'full', got \"huge\"",
      'bench.json: backend: expected a non-empty string, got ""',
      'bench.json: timeout: expected a number of seconds > 0, got -1',
      'bench.json: repetitions: expected an integer >= 1, got 1.5',
      'bench.json: seed: expected an integer >= 0, got "x"',
      'bench.json: include: expected an array of strings, got "tensor/*"',
      'bench.json: plugins: expected non-empty strings, got [0] 3',
    ]);
  });

  it('rejects a non-object', () => {
    expect(left(validateConfig([1], 'bench.json', []))).toEqual(['bench.json: expected a JSON object, got [1]']);
  });

  it('reads numbers from flag strings and names flags as typed', () => {
    expect(validateConfig({ timeout: '2.5', seed: '4' }, '--', [])).toEqual(E.right({ timeoutSeconds: 2.5, seed: 4 }));
    expect(left(validateConfig({ timeout: 'soon', plugins: [''], bogus: true }, '--', []))).toEqual([
      'unknown flag --bogus',
      '--timeout: expected a number of seconds > 0, got "soon"',
      '--plugin: expected non-empty strings, got [0] ""',
    ]);
  });
});

describe('resolveConfig and loadOptions', () => {
  it('fills defaults, lets later layers win and derives the size from the suite word', () => {
    expect(resolveConfig({})).toEqual(DEFAULT_CONFIG);
    const c = resolveConfig({ timeoutSeconds: 10, suites: ['full'] }, { timeoutSeconds: 3 });
    expect([c.timeoutSeconds, c.size, c.backend]).toEqual([3, 'full', 'wasm']);
  });

  it('accumulates config-file and flag errors together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-config-'));
    writeFileSync(join(dir, 'bench.json'), JSON.stringify({ timeout: 0, plugins: ['./p.js'] }));
    const errors = left(loadOptions({ config: 'bench.json', seed: '-3', repetitions: '0' }, dir, []));
    expect(errors).toEqual([
      'bench.json: timeout: expected a number of seconds > 0, got 0',
      '--repetitions: expected an integer >= 1, got "0"',
      '--seed: expected an integer >= 0, got "-3"',
    ]);
  });

  it('reports unreadable and malformed config files, and resolves plugin paths against the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-config-'));
    expect(left(loadOptions({ config: 'missing.json' }, dir, []))).toEqual(['missing.json: cannot read the config file (ENOENT)']);
    writeFileSync(join(dir, 'bad.json'), '{ "timeout": ');
    expect(left(loadOptions({ config: 'bad.json' }, dir, []))[0]).toMatch(/^bad\.json: not valid JSON/);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ plugins: ['./p.js', 'some-package'] }));
    const ok = loadOptions({ config: join(dir, 'ok.json') }, '/', []);
    expect(E.isRight(ok) && ok.right.config.plugins).toEqual([join(dir, 'p.js'), 'some-package']);
  });
});
