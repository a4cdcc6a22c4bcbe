import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/registry/load.ts';
import { regexProblem, validateRegistry } from '../../src/registry/validate.ts';
import { entry, L, source, systemFile } from './fixtures.ts';

function check(files: ReturnType<typeof source>[]) {
  const result = loadRegistry(files);
  expect(result.problems).toEqual([]);
  return validateRegistry(result);
}

const rules = (problems: { rule: string }[]) => problems.map((p) => p.rule);

describe('validateRegistry: each rule fails on a small bad fixture', () => {
  it('is clean on a good registry', () => {
    expect(check([source(systemFile({}, [
      entry('DB_1500', { match: [{ literal: 'database is locked' }], examples: ['sqlite3.OperationalError: database is locked'], related: ['APP_1000'] }),
      entry('APP_1000', { category: 'app', match: [{ regex: 'timed? ?out after \\d{1,4} ?s' }], examples: ['request timed out after 30s'] }),
    ]))])).toEqual([]);
  });

  it('duplicate-code and duplicate-number', () => {
    const problems = check([source(systemFile({}, [entry('DB_1500'), entry('DB_1500'), entry('APP_1500', { category: 'app' })]))]);
    expect(rules(problems)).toEqual(expect.arrayContaining(['duplicate-code', 'duplicate-number']));
    expect(problems.find((p) => p.rule === 'duplicate-code')).toMatchObject({ entry: 'DB_1500', field: 'errors[1].code' });
  });

  it('code-prefix and code-range', () => {
    const problems = check([source(systemFile({}, [entry('APP_1501'), entry('DB_1600')]))]);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'code-prefix', entry: 'APP_1501' }),
      expect.objectContaining({ rule: 'code-range', entry: 'DB_1600' }),
    ]));
  });

  it('unknown-category and category-overlap', () => {
    const file = systemFile({}, [entry('DB_1500', { category: 'nope' })]);
    file.categories.push({ id: 'db2', prefix: 'DB', range: [1590, 1620], name: L('x', 'x'), description: L('x', 'x') });
    expect(rules(check([source(file)]))).toEqual(expect.arrayContaining(['unknown-category', 'category-overlap']));
  });

  it('related codes that do not exist, or point to the entry itself', () => {
    const problems = check([source(systemFile({}, [entry('DB_1500', { related: ['DB_1599', 'DB_1500'] })]))]);
    expect(problems.map((p) => [p.rule, p.field])).toEqual([
      ['unknown-code', 'errors[0].related[0]'],
      ['related-self', 'errors[0].related[1]'],
    ]);
  });

  it('a match rule that misses its own example', () => {
    const problems = check([source(systemFile({}, [entry('DB_1500', { match: [{ literal: 'database is locked' }], examples: ['disk I/O error'] })]))]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'example-unmatched', field: 'errors[0].examples[0]' })]);
  });

  it('an example claimed by another entry of the same system', () => {
    const problems = check([source(systemFile({}, [
      entry('DB_1500', { match: [{ literal: 'database is locked' }], examples: ['database is locked'] }),
      entry('DB_1501', { match: [{ literal: 'is locked' }], examples: ['table is locked'] }),
    ]))]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'example-claimed', entry: 'DB_1500' })]);
  });

  it('does not count the same message in two systems as a conflict', () => {
    const other = systemFile({ system: { id: 'other', name: 'Other', language: 'en', stack: 'Rust', summary: L('別', 'Other') } }, [
      entry('DB_1501', { match: [{ literal: 'database is locked' }], examples: ['database is locked'] }),
    ]);
    other.categories = [{ id: 'db', prefix: 'DB', range: [1500, 1599], name: L('x', 'x'), description: L('x', 'x') }];
    other.categories[0]!.range = [1501, 1501];
    const mine = systemFile({}, [entry('DB_1500', { match: [{ literal: 'database is locked' }], examples: ['database is locked'] })]);
    mine.categories[0]!.range = [1500, 1500];
    expect(rules(check([source(mine, 'a.yaml'), source(other, 'b.yaml')]))).toEqual([]);
  });

  it('unsafe and invalid regexes', () => {
    const problems = check([source(systemFile({}, [
      entry('DB_1500', { match: [{ regex: '(a+)+$' }] }),
      entry('DB_1501', { match: [{ regex: '([a-z' }] }),
    ]))]);
    expect(problems.map((p) => [p.rule, p.entry])).toEqual([['unsafe-regex', 'DB_1500'], ['unsafe-regex', 'DB_1501']]);
    expect(problems[1]!.message).toMatch(/invalid regular expression/);
  });

  it('regexProblem accepts bounded patterns and rejects nested quantifiers', () => {
    expect(regexProblem('^\\[(\\d{4}-\\d{2}-\\d{2} [\\d:]{8})\\] (\\w+) ')).toBeUndefined();
    expect(regexProblem('(\\w+\\s?)*$')).toMatch(/catastrophic backtracking/);
  });

  it('unknown log formats in match rules, retired codes without a note, retry policy on a non-retryable entry', () => {
    const problems = check([source(systemFile({}, [
      entry('DB_1500', { match: [{ literal: 'x', formats: ['nope'] }] }),
      entry('DB_1501', { status: 'retired' }),
      entry('DB_1502', { retry: { strategy: 'exponential', maxAttempts: 3 } }),
    ]))]);
    expect(rules(problems)).toEqual(['unknown-format', 'retired-note', 'retry-policy']);
  });
});
