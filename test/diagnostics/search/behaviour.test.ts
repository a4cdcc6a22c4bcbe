/**
 * How the search behaves beyond the query set: the published registry as its source, log
 * formats naming the system, rules scoped to a format, and bad input of every kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSearchIndex, loadSearchIndex, searchIndex, type SearchSource } from '../../../src/diagnostics/search/index.ts';
import { emitSearchIndex } from '../../../src/diagnostics/search/emit.ts';
import { readPublishedRegistry } from '../../../src/diagnostics/search/source.ts';
import { publishRegistry } from '../../../src/generate/data.ts';
import type { ErrorWithSystem } from '../../../src/registry/load.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';
import { LogFormat } from '../../../src/registry/schema.ts';
import { QUERY_SET } from './query-set.ts';

const registry = requireRegistry();
const index = buildSearchIndex(registry);

describe('the published registry (/registry.json) as the source', () => {
  const json: unknown = JSON.parse(JSON.stringify(publishRegistry(registry, 'https://example.org')));

  it('gives the same answers as the registry itself', () => {
    const { source, problems } = readPublishedRegistry(json);
    expect(problems).toEqual([]);
    const published = buildSearchIndex(source!);
    for (const c of QUERY_SET) {
      expect(searchIndex(published, c.query).result.hits.map((h) => h.code)).toEqual(searchIndex(index, c.query).result.hits.map((h) => h.code));
    }
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['no errors', { systems: [] }],
    ['errors not a list', { systems: [], errors: 'x' }],
  ])('%s: a problem, no source', (_label, value) => {
    const { source, problems } = readPublishedRegistry(value);
    expect(source).toBeUndefined();
    expect(problems[0]?.message).toMatch(/not an errdex registry/);
  });

  it('an entry lacking what the search needs is left out and named', () => {
    const { source, problems } = readPublishedRegistry({
      systems: [{ id: 's', name: 'S' }],
      errors: [{ code: 'X_100', system: 's', title: { en: 'only English' }, summary: { 'zh-TW': 'x', en: 'x' } }, 42],
    });
    expect(source?.errors).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual(['entry X_100: missing title or summary', 'an entry is not an object']);
  });
});

/** A small source of two systems printing the same message, each with its own log format. */
function twoSystems(): SearchSource {
  const entry = (code: string, system: string, extra: Partial<ErrorWithSystem> = {}): ErrorWithSystem => ({
    code, system, category: 'c', severity: 'error', retryable: true, status: 'active',
    title: { 'zh-TW': `${code} 標題`, en: `${code} title` },
    summary: { 'zh-TW': '摘要', en: 'summary' },
    symptoms: [{ 'zh-TW': '症狀', en: 'symptom' }], causes: [{ 'zh-TW': '原因', en: 'cause' }],
    diagnosis: [], resolution: [{ text: { 'zh-TW': '處理', en: 'fix' } }], related: [], exceptions: [], http: [],
    match: [{ literal: 'database is locked', caseSensitive: false }], examples: [],
    ...extra,
  });
  const format = (id: string, system: string, head: string) =>
    LogFormat.parse({ id, systems: [system], name: { 'zh-TW': id, en: id }, description: { 'zh-TW': id, en: id }, head });
  return {
    systems: [{ id: 'alpha', name: 'Alpha' }, { id: 'beta', name: 'Beta' }],
    errors: [
      entry('AA_100', 'alpha'),
      entry('BB_200', 'beta'),
      entry('BB_201', 'beta', { match: [{ literal: 'boom', caseSensitive: false, formats: ['beta-log'] }] }),
      entry('AA_101', 'alpha', { match: [{ literal: 'boom', caseSensitive: false, formats: ['alpha-log'] }] }),
    ],
    logFormats: [
      format('alpha-log', 'alpha', '^\\[(?<timestamp>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})\\] (?<level>[A-Z]{3,8}) (?<message>.*)'),
      format('beta-log', 'beta', '^(?<timestamp>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) - (?<level>[A-Z]{3,8}) - (?<message>.*)'),
    ],
  };
}

describe('log formats', () => {
  const small = buildSearchIndex(twoSystems());

  it('the format of a pasted line ranks its system first', () => {
    const a = searchIndex(small, '[2025-08-23 10:30:15] ERROR db: database is locked').result;
    const b = searchIndex(small, '2025-08-23 10:30:15 - ERROR - database is locked').result;
    expect(a.format).toBe('alpha-log');
    expect(a.hits.map((h) => h.code).slice(0, 2)).toEqual(['AA_100', 'BB_200']);
    expect(b.format).toBe('beta-log');
    expect(b.hits.map((h) => h.code).slice(0, 2)).toEqual(['BB_200', 'AA_100']);
  });

  it('a rule scoped to a format stays silent in another format, and applies when the format is unknown', () => {
    const inAlpha = searchIndex(small, '[2025-08-23 10:30:15] ERROR boom').result.hits.filter((h) => h.match === 'rule');
    expect(inAlpha.map((h) => h.code)).toEqual(['AA_101']);
    const bare = searchIndex(small, 'boom').result.hits.filter((h) => h.match === 'rule');
    expect(bare.map((h) => h.code).sort()).toEqual(['AA_101', 'BB_201']);
  });

  it('a format whose pattern does not compile is skipped', () => {
    const source = twoSystems();
    const broken = { ...source, logFormats: [{ ...source.logFormats![0]!, head: '([unclosed' }] };
    expect(searchIndex(buildSearchIndex(broken), '[2025-08-23 10:30:15] ERROR boom').result.format).toBeUndefined();
  });
});

describe('bad input', () => {
  const timed = (query: string) => {
    const start = performance.now();
    const out = searchIndex(index, query);
    return { ...out, ms: performance.now() - start };
  };

  it.each(['', '   ', '\n\n\t'])('empty %j: the empty state', (query) => {
    expect(searchIndex(index, query)).toEqual({ result: { state: 'empty', hits: [], total: 0 }, problems: [] });
  });

  it('binary data: the empty state and a problem saying why', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const { result, problems } = searchIndex(index, bytes);
    expect(result.state).toBe('empty');
    expect(problems).toEqual([{ kind: 'binary' }]);
  });

  it('1 MB of pasted log: quick, searched head and tail, the traceback at the end still found', () => {
    const line = '2025-08-23 10:30:15 - INFO - migrate - processed batch of 64 messages\n';
    const tail = 'Traceback (most recent call last):\n  File "migrate.py", line 3\ntorch.cuda.OutOfMemoryError: CUDA out of memory.';
    const query = line.repeat(Math.ceil(1_000_000 / line.length)) + tail;
    const { result, problems, ms } = timed(query);
    expect(problems[0]).toMatchObject({ kind: 'truncated' });
    expect(result.hits[0]?.code).toBe('QWM_2000');
    expect(ms).toBeLessThan(1000);
  });

  it('1 MB of one word with no spaces', () => {
    const { result, ms } = timed('x'.repeat(1_000_000));
    expect(result.state).toBe('none');
    expect(ms).toBeLessThan(1000);
  });

  it.each(['(((', '[', '\\', '.*', '$^', '\uD800', '🙂🙂', '%00', '<script>alert(1)</script>'])('%j does not throw', (query) => {
    expect(() => searchIndex(index, query)).not.toThrow();
  });

  it('property: any text returns a well-formed answer', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (query) => {
        const { result } = searchIndex(index, query, { limit: 5 });
        expect(['empty', 'none', 'found']).toContain(result.state);
        expect(result.hits.length).toBeLessThanOrEqual(5);
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
        expect(result.state === 'found').toBe(result.hits.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the published search data (/search-index.json)', () => {
  const [file] = emitSearchIndex(registry);

  it('is one file under public/, with its index no larger than the whole registry', () => {
    expect(file!.path).toBe('public/search-index.json');
    expect(file!.content.length).toBeLessThan(JSON.stringify(publishRegistry(registry, 'https://example.org')).length);
  });

  it('an index saved for other entries is refused, not used', () => {
    const { source, index: saved } = readPublishedRegistry(JSON.parse(file!.content));
    expect(loadSearchIndex({ ...source!, errors: source!.errors.slice(1) }, saved)).toMatch(/other entries/);
    expect(loadSearchIndex(source!, { ...(saved as object), formatVersion: 0 })).toMatch(/another format/);
  });

  it('gives the same answers as the registry itself, from the index saved in it', () => {
    const { source, index: saved, problems } = readPublishedRegistry(JSON.parse(file!.content));
    expect(problems).toEqual([]);
    const fromFile = loadSearchIndex(source!, saved);
    if (typeof fromFile === 'string') throw new Error(fromFile);
    for (const c of QUERY_SET) {
      expect(searchIndex(fromFile, c.query).result.hits.map((h) => h.code)).toEqual(searchIndex(index, c.query).result.hits.map((h) => h.code));
    }
  });
});
