/**
 * The saved full-text index scores as MiniSearch does (the library it replaces at query time is
 * kept here as the reference), round-trips through JSON, and its prefix and typo lookups find
 * what a scan of every term finds.
 */
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../../../src/diagnostics/search/index.ts';
import { TEXT_FIELDS, TEXT_INDEX_FORMAT_VERSION, TextIndex, type TextDoc } from '../../../src/diagnostics/search/text-index.ts';
import { tokenize } from '../../../src/diagnostics/search/text.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';
import { synthesizeRegistry } from '../../../scripts/bench/search.ts';

const BOOST = { names: 3, signs: 1.5, about: 1 };

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function docsOf(size: number): TextDoc[] {
  const base = requireRegistry();
  const registry = size === base.errors.length ? base : synthesizeRegistry(base, size, 7);
  // The documents as the search builds them, Han text folded.
  const index = buildSearchIndex(registry);
  return registry.errors.map((e) => ({
    names: index.fold([e.code, e.title['zh-TW'], e.title.en, ...e.exceptions, ...e.http.map(String)].join('\n')),
    signs: index.fold([...e.symptoms.flatMap((s) => [s['zh-TW'], s.en]), ...e.examples].join('\n')),
    about: index.fold([e.summary['zh-TW'], e.summary.en, ...e.causes.flatMap((c) => [c['zh-TW'], c.en])].join('\n')),
  }));
}

describe.each([['the registry', 0], ['a synthetic registry of 600 entries', 600]])('%s', (_label, size) => {
  const docs = docsOf(size || requireRegistry().errors.length);
  const text = TextIndex.build(docs, tokenize);
  const reference = new MiniSearch<TextDoc & { id: number }>({ fields: [...TEXT_FIELDS], tokenize, processTerm: (t) => t });
  reference.addAll(docs.map((d, id) => ({ ...d, id })));
  const vocabulary = [...new Set(docs.flatMap((d) => TEXT_FIELDS.flatMap((f) => tokenize(d[f]))))].sort();
  const queries = [
    ['database', 'locked'], ['資料', '料庫', '庫鎖', '鎖定'], ['timeout', 'cloudflare'], ['cuda', 'memory', 'out'],
    ['429', 'rate', 'limited'], ['operationalerror'], vocabulary.slice(0, 5), vocabulary.slice(-3),
  ];

  it('gives MiniSearch\'s BM25 scores, with term weights and a document boost', () => {
    for (const words of queries) {
      const weights = words.map((w, i) => ({ term: w, of: w, weight: i === words.length - 1 ? 0.375 : 1 }));
      const boost = (id: number) => (id % 3 === 0 ? 1.5 : 1);
      const expected = reference.search(words.join(' '), {
        tokenize: (s) => s.split(' '), prefix: false, fuzzy: false, boost: BOOST,
        boostTerm: (term) => weights.find((w) => w.term === term)!.weight, boostDocument: (id) => boost(id as number),
      });
      const got = text.scores(weights, BOOST, boost);
      expect(got.size).toBe(expected.length);
      for (const r of expected) expect(got.get(r.id as number)).toBeCloseTo(r.score, 9);
    }
  });

  it('survives JSON and loads as it was saved', () => {
    const loaded = TextIndex.load(JSON.parse(JSON.stringify(text.toData())));
    expect(loaded).toBeInstanceOf(TextIndex);
    const again = loaded as TextIndex;
    for (const words of queries) {
      const terms = words.map((w) => ({ term: w, of: w, weight: 1 }));
      expect([...again.scores(terms, BOOST)]).toEqual([...text.scores(terms, BOOST)]);
    }
    expect(again.toData()).toEqual(text.toData());
  });

  it('knows each term\'s document frequency and the terms with a prefix', () => {
    const termsOf = docs.map((d) => new Set(TEXT_FIELDS.flatMap((f) => tokenize(d[f]))));
    for (const term of vocabulary.filter((_, i) => i % 97 === 0)) {
      const df = termsOf.filter((t) => t.has(term)).length;
      expect(text.df(term)).toBe(df);
      const prefix = term.slice(0, 2);
      expect([...text.withPrefix(prefix)].map(([t]) => t)).toEqual(vocabulary.filter((t) => t.startsWith(prefix)));
    }
    expect(text.df('qqqqzzzz')).toBe(0);
  });

  it('finds, for any word, what a scan finds within 1 or 2 edits (the edit table computed only near its diagonal)', () => {
    const words = vocabulary.filter((t) => /^[a-z]{3,12}$/.test(t));
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.array(fc.tuple(fc.nat(11), fc.constantFrom('', 'a', 'e', 'x', 'zz')), { maxLength: 3 }), fc.constantFrom(1, 2), (word, edits, distance) => {
        let probe = word;
        for (const [at, insert] of edits) probe = probe.slice(0, Math.max(1, at % (probe.length + 1))) + insert + probe.slice(Math.max(1, at % (probe.length + 1)) + (insert ? 0 : 1));
        const expected = vocabulary.filter((t) => t[0] === probe[0] && levenshtein(t, probe) <= distance)
          .map((t) => ({ word: t, distance: levenshtein(t, probe) }));
        expect(text.similar(probe, distance).map(({ word: w, distance: d }) => ({ word: w, distance: d }))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('finds every term within 1 or 2 edits that shares the first character, as a scan does', () => {
    for (const probe of ['databse', 'timout', 'conection', 'transformers', 'cloudflair', 'x', 'permision']) {
      for (const distance of [1, 2]) {
        const expected = vocabulary.filter((t) => t[0] === probe[0] && levenshtein(t, probe) <= distance)
          .map((t) => ({ word: t, distance: levenshtein(t, probe) }));
        expect(text.similar(probe, distance).map(({ word, distance: d }) => ({ word, distance: d }))).toEqual(expected);
      }
    }
  });
});

describe('TextIndex', () => {
  it('keeps numbers beyond one code unit (document gaps over 55,000)', () => {
    const docs = Array.from({ length: 60_000 }, (_, i) => ({ names: i === 0 || i === 59_999 ? 'alpha' : 'beta', signs: '', about: '' }));
    const text = TextIndex.load(JSON.parse(JSON.stringify(TextIndex.build(docs, tokenize).toData()))) as TextIndex;
    expect([...text.scores([{ term: 'alpha', of: 'alpha', weight: 1 }], BOOST).keys()]).toEqual([0, 59_999]);
    expect(text.df('beta')).toBe(59_998);
  });

  it('multiplies a score by the number of query words matched, a word\'s terms counted once', () => {
    const text = TextIndex.build([{ names: 'alpha beta gamma', signs: '', about: '' }, { names: 'delta', signs: '', about: '' }], tokenize);
    const single = (term: string) => text.scores([{ term, of: term, weight: 1 }], BOOST).get(0)!;
    // alpha and gamma stand for the same word (a completion and the word itself, say), beta for another.
    const got = text.scores([{ term: 'alpha', of: 'x', weight: 1 }, { term: 'beta', of: 'y', weight: 1 }, { term: 'gamma', of: 'x', weight: 1 }], BOOST);
    expect(got.get(0)).toBeCloseTo((single('alpha') + single('beta') + single('gamma')) * 2, 9);
    expect(got.has(1)).toBe(false);
    // The scratch space is clean for the next query.
    expect(text.scores([{ term: 'delta', of: 'delta', weight: 1 }], BOOST).get(1)).toBeCloseTo(text.scores([{ term: 'delta', of: 'z', weight: 1 }], BOOST).get(1)!, 12);
  });

  it.each([
    ['nothing', undefined, /no text index/],
    ['another format', { formatVersion: 99 }, /another format/],
    ['other fields', { formatVersion: TEXT_INDEX_FORMAT_VERSION, fields: ['x'] }, /other fields/],
    ['missing parts', { formatVersion: TEXT_INDEX_FORMAT_VERSION, fields: [...TEXT_FIELDS], documentCount: 1 }, /incomplete/],
  ])('refuses %s', (_label, data, reason) => {
    expect(TextIndex.load(data)).toMatch(reason);
  });

  it('refuses postings that do not add up', () => {
    const data = TextIndex.build([{ names: 'alpha beta', signs: '', about: '' }], tokenize).toData();
    expect(TextIndex.load({ ...data, postings: data.postings.slice(1) })).toMatch(/damaged/);
    expect(TextIndex.load({ ...data, offsets: data.offsets.slice(2) })).toMatch(/damaged/);
  });
});
