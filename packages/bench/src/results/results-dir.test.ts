import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecord, readRecords } from './jsonl.js';
import { createResultsDir, timestampName } from './results-dir.js';

describe('results directories', () => {
  it('never reuses a directory, even for runs started in the same second', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-dirs-'));
    const date = new Date(Date.UTC(2026, 10, 22, 1, 2, 3, 456));
    const dirs = [createResultsDir(root, date), createResultsDir(root, date), createResultsDir(root, date)];
    expect(dirs.map((d) => d.slice(root.length + 1))).toEqual(['2026-11-22T01-02-03Z', '2026-11-22T01-02-03Z-2', '2026-11-22T01-02-03Z-3']);
    expect(new Set(dirs).size).toBe(3);
  });

  it('leaves an existing directory with the same name untouched', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-dirs-'));
    const date = new Date(0);
    mkdirSync(join(root, timestampName(date)));
    writeFileSync(join(root, timestampName(date), 'results.jsonl'), 'earlier\n');
    const dir = createResultsDir(root, date);
    expect(dir).toBe(join(root, `${timestampName(date)}-2`));
    expect(readFileSync(join(root, timestampName(date), 'results.jsonl'), 'utf8')).toBe('earlier\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates the root folder when missing', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'bench-dirs-')), 'a', 'b');
    expect(existsSync(createResultsDir(root))).toBe(true);
  });
});

describe('results.jsonl', () => {
  it('round-trips records and skips a line cut off by an interruption', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-jsonl-')), 'results.jsonl');
    appendRecord(file, { type: 'failure', stage: 'plugin', plugin: 'a', name: 'a', message: 'x' });
    appendRecord(file, { type: 'failure', stage: 'dataset', plugin: 'b', name: 'd', message: 'y' });
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"type":"run","plu`);
    const { records, skippedLines } = readRecords(file);
    expect(records.map((r) => r.type === 'failure' && r.plugin)).toEqual(['a', 'b']);
    expect(skippedLines).toBe(1);
  });
});
