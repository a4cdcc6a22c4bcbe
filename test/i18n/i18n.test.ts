/** The islands' strings: every key in both locales, placeholders the same, no English left in zh-TW. */
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import zh from '../../src/i18n/zh-TW.json' with { type: 'json' };
import { translator } from '../../src/i18n/index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('src/i18n', () => {
  it('has the same keys and placeholders in both locales', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) expect(placeholders(zh[k as keyof typeof zh]), k).toEqual(placeholders(v));
  });

  it('keys are flat and dotted', () => {
    for (const k of Object.keys(en)) expect(k).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
  });

  it('says no English words in zh-TW, apart from names and units', () => {
    const allowed = /\b(?:Web|Worker|JSON|CSV|HTTP|MB|MiB|KB|gz|ID|UTC)\b/g;
    for (const [k, v] of Object.entries(zh)) {
      if (k === 'logs.pastePlaceholder') continue;
      expect(v.replace(/\{\w+\}/g, '').replace(allowed, ''), k).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('fills placeholders', () => {
    expect(translator('en')('logs.shown', { shown: 3, total: 9 })).toBe('3 of 9 records match.');
    expect(translator('zh-TW')('logs.lineN', { line: 6 })).toBe('第 6 行');
  });
});
