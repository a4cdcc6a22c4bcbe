/** The trigram prefilter of match rules: it may run too many rules, never too few. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/registry/match.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';
import { buildTrigramFilter, caseFold, requiredRuns } from '../../../src/diagnostics/search/rule-filter.ts';

describe('requiredRuns', () => {
  it('every run of every regex in the registry occurs in each of its entry\'s examples', () => {
    const registry = requireRegistry();
    let checked = 0;
    for (const e of registry.errors) {
      for (const rule of e.match) {
        if (rule.regex === undefined) continue;
        const compiled = compileRule(rule);
        for (const example of e.examples) {
          if (!compiled.test(example)) continue;
          for (const run of requiredRuns(rule.regex)) {
            const fold = rule.caseSensitive ? (s: string) => s : caseFold;
            expect(fold(example)).toContain(fold(run));
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

/** A regex assembled from literal pieces and the constructs the scanner must see through. */
const piece = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9 :_\-'"=,資料庫鎖定错误]{1,8}$/).map((s) => ({ re: s.replace(/[-]/g, '\\-'), text: s })),
  fc.constantFrom(
    { re: '\\d{1,3}', text: '42' },
    { re: '.*?', text: 'anything' },
    { re: '(?:ab|cd)', text: 'cd' },
    { re: '[xyz]', text: 'y' },
    { re: 'q?', text: '' },
    { re: 'w+', text: 'www' },
    { re: '\\s', text: ' ' },
    { re: '\\.', text: '.' },
    { re: '\\(', text: '(' },
  ),
);

describe('the filter never drops a rule that matches', () => {
  it('property: random regexes and literals, random case, inside random text', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (pieces, asRegex, upper, before, after) => {
          const rule = asRegex
            ? { regex: pieces.map((p) => p.re).join(''), caseSensitive: false }
            : { literal: pieces.map((p) => p.text).join('') || 'x', caseSensitive: false };
          const body = asRegex ? pieces.map((p) => p.text).join('') : rule.literal!;
          const text = `${before}${upper ? body.toUpperCase() : body}${after}`;
          const compiled = compileRule(rule);
          fc.pre(compiled.test(text));
          const filter = buildTrigramFilter([rule], (r) =>
            r.literal !== undefined
              ? { form: 'lower', strings: [r.literal.toLowerCase()] }
              : { form: 'fold', strings: requiredRuns(r.regex!).map(caseFold) });
          expect(filter.candidates(text)).toContain(rule);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('runs only the rules whose anchor occurs, plus the unanchored ones', () => {
    const items = ['database is locked', 'CUDA out of memory', 'ab'];
    const filter = buildTrigramFilter(items, (s) => ({ form: 'lower', strings: [s.toLowerCase()] }));
    expect(filter.candidates('sqlite3.OperationalError: DATABASE IS LOCKED')).toEqual(['ab', 'database is locked']);
    expect(filter.candidates('nothing relevant')).toEqual(['ab']);
  });
});
