/** The islands' strings: every key in both locales, placeholders the same, no English left in zh-TW. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import zh from '../../src/i18n/zh-TW.json' with { type: 'json' };
import { translator } from '../../src/i18n/index.ts';

function* globSources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* globSources(path);
    else if (/\.(ts|astro)$/.test(name)) yield path;
  }
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('src/i18n', () => {
  it('has the same keys and placeholders in both locales', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) expect(placeholders(zh[k as keyof typeof zh]), k).toEqual(placeholders(v));
  });

  it('keys are flat and dotted', () => {
    for (const k of Object.keys(en)) expect(k).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
  });

  it('says no English words in zh-TW, apart from names, units and identifiers', () => {
    // Names of software, formats and keys, and units: the same words in any language.
    const names = /\b(?:Web|Worker|JSON|CSV|HTTP|MB|MiB|KiB|KB|gz|ID|UTC|SQLite|SQL|WAL|BLOB|CREATE|JavaScript|Markdown|Python|Enter|Esc|errdex|Retry-After)\b/g;
    // Identifiers: quick_check, read=memory, sqlite3, .recover, -wal.
    const identifiers = /(?:^|(?<=[\s（(、，：]))[-.]?[A-Za-z][\w.=-]*/g;
    const isIdentifier = (word: string) => /[_=\d]/.test(word) || /^[-.]/.test(word);
    // Texts that show what to type or what a file holds, as written.
    const asWritten = new Set(['logs.pastePlaceholder', 'search.hint', 'db.salvage.lostAndFound']);
    for (const [k, v] of Object.entries(zh)) {
      if (asWritten.has(k)) continue;
      const rest = v.replace(/\{\w+\}/g, '').replace(names, '').replace(identifiers, (w) => (isIdentifier(w) ? '' : w));
      expect(rest, k).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('every key a component or a generator asks for exists, and every key is asked for', () => {
    const sources = [...globSources('src')];
    const text = sources.map((f) => readFileSync(f, 'utf8')).join('\n');
    const asked = new Set([...text.matchAll(/(?:\bt|\))\(\s*[`']([a-z]+(?:\.[\w${}]+)+)[`']/g)].map((m) => m[1]!));
    const keys = Object.keys(en);
    for (const key of asked) {
      if (key.includes('${')) {
        const prefix = key.slice(0, key.indexOf('${'));
        expect(keys.some((k) => k.startsWith(prefix)), key).toBe(true);
      } else expect(keys, key).toContain(key);
    }
    const prefixes = [...asked].filter((k) => k.includes('${')).map((k) => k.slice(0, k.indexOf('${')));
    const unused = keys.filter((k) => !asked.has(k) && !prefixes.some((p) => k.startsWith(p)) && !text.includes(`'${k}'`));
    expect(unused).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(translator('en')('logs.shown', { shown: 3, total: 9 })).toBe('3 of 9 records match.');
    expect(translator('zh-TW')('logs.lineN', { line: 6 })).toBe('第 6 行');
  });
});
