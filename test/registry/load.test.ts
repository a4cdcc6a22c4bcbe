import { describe, expect, it } from 'vitest';
import { formatProblem, loadRegistry, RegistryError } from '../../src/registry/load.ts';
import { entry, source, systemFile } from './fixtures.ts';

describe('loadRegistry', () => {
  it('loads a valid file into a typed registry with defaults filled in', () => {
    const { registry, problems } = loadRegistry([source(systemFile())]);
    expect(problems).toEqual([]);
    expect(registry.systems.map((s) => s.id)).toEqual(['demo']);
    expect(registry.errors[0]).toMatchObject({ code: 'DB_1500', system: 'demo', status: 'active', related: [], match: [] });
    expect(registry.files.demo).toBe('content/registry/demo.yaml');
  });

  it('reports invalid YAML with its line', () => {
    const { problems } = loadRegistry([source('system:\n  id: demo\n  name: [unclosed\n')]);
    expect(problems[0]).toMatchObject({ rule: 'yaml', file: 'content/registry/demo.yaml' });
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('names file, entry, field and line for every schema problem, all at once', () => {
    const bad = systemFile({}, [
      entry('DB_1500'),
      entry('DB_1501', { severity: 'fatal', title: { 'zh-TW': '只有中文' } }),
      entry('DB_1502', { retryable: 'yes', colour: 'red' }),
    ]);
    const { problems } = loadRegistry([source(bad)]);
    const lines = problems.map(formatProblem);
    expect(problems.every((p) => p.rule === 'schema' && p.file === 'content/registry/demo.yaml')).toBe(true);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ entry: 'DB_1501', field: 'errors[1].severity' }),
      expect.objectContaining({ entry: 'DB_1501', field: 'errors[1].title.en', message: 'required field is missing' }),
      expect.objectContaining({ entry: 'DB_1502', field: 'errors[2].retryable' }),
      expect.objectContaining({ entry: 'DB_1502', message: 'unknown field(s): colour' }),
    ]));
    expect(problems.every((p) => typeof p.line === 'number')).toBe(true);
    expect(lines.some((l) => /^content\/registry\/demo\.yaml:\d+: DB_1501 errors\[1\]\.severity: /.test(l))).toBe(true);
  });

  it('rejects malformed codes, empty texts and a match rule with both literal and regex', () => {
    const { problems } = loadRegistry([source(systemFile({}, [
      entry('db-1500'),
      entry('DB_1501', { summary: { 'zh-TW': ' ', en: 'x' } }),
      entry('DB_1502', { match: [{ literal: 'a', regex: 'b' }] }),
    ]))]);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining([
      'errors[0].code', 'errors[1].summary.zh-TW', 'errors[2].match[0]',
    ]));
  });

  it('reports a system defined twice', () => {
    const { problems } = loadRegistry([source(systemFile(), 'a.yaml'), source(systemFile(), 'b.yaml')]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'duplicate-system', file: 'b.yaml', entry: 'demo' })]);
  });

  it('requires a system in a file with errors, and allows files of only log formats', () => {
    const { problems } = loadRegistry([source({ errors: [entry('DB_1500')] })]);
    expect(problems[0]).toMatchObject({ rule: 'schema', field: 'system' });
    const formats = loadRegistry([source({ logFormats: [{ id: 'plain', name: { 'zh-TW': '純文字', en: 'Plain' }, description: { 'zh-TW': '純文字', en: 'Plain' }, head: '^x' }] }, 'f.yaml')]);
    expect(formats.problems).toEqual([]);
    expect(formats.registry.logFormats[0]!.id).toBe('plain');
  });

  it('RegistryError lists every problem', () => {
    const error = new RegistryError([{ file: 'a.yaml', line: 3, entry: 'X_100', field: 'code', rule: 'schema', message: 'bad' }]);
    expect(error.message).toContain('a.yaml:3: X_100 code: bad [schema]');
  });
});
