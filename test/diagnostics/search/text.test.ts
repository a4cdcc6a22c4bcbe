/** The tokenizer, the input limits and the binary test. */
import { describe, expect, it } from 'vitest';
import { capText, looksBinary, MAX_QUERY_CHARS, MAX_QUERY_TERMS, queryTerms, tokenize } from '../../../src/diagnostics/search/text.ts';

describe('tokenize', () => {
  it.each([
    ['database is locked', ['database', 'is', 'locked']],
    ['sqlite3.OperationalError: database', ['sqlite3', 'sqlite', 'operationalerror', 'operational', 'error', 'database']],
    ['BotError::RateLimited(5)', ['boterror', 'bot', 'error', 'ratelimited', 'rate', 'limited']],
    ['DJANGO_SECRET_KEY', ['django', 'secret', 'key']],
    ['HTTP 429', ['http', '429']],
    ['DB1506', ['db1506', 'db', '1506']],
    ['a b c 7', []],
  ])('%j', (text, terms) => {
    expect(tokenize(text)).toEqual(terms);
  });

  it('cuts Han runs into overlapping bigrams, a lone character stands alone', () => {
    expect(tokenize('資料庫鎖定')).toEqual(['資料', '料庫', '庫鎖', '鎖定']);
    expect(tokenize('鎖')).toEqual(['鎖']);
    expect(tokenize('資料庫 locked 鎖定')).toEqual(['資料', '料庫', 'locked', '鎖定']);
  });

  it('a text containing a Chinese phrase contains all of its bigrams', () => {
    const doc = new Set(tokenize('症狀：寫入時出現資料庫鎖定錯誤，約十秒後失敗'));
    for (const t of tokenize('資料庫鎖定')) expect(doc.has(t)).toBe(true);
  });

  it('folds full-width forms and case', () => {
    expect(tokenize('ＤＢ＿１５０６ ＥＲＲＯＲ')).toEqual(['db', '1506', 'error']);
  });
});

describe('capText', () => {
  it('keeps short text whole', () => {
    expect(capText('abc')).toEqual({ text: 'abc', omitted: 0 });
  });

  it('keeps the head and the tail of long text', () => {
    const long = `HEAD${'x'.repeat(MAX_QUERY_CHARS * 3)}TAIL`;
    const { text, omitted } = capText(long);
    expect(text.length).toBeLessThanOrEqual(MAX_QUERY_CHARS + 1);
    expect(text.startsWith('HEAD')).toBe(true);
    expect(text.endsWith('TAIL')).toBe(true);
    expect(omitted).toBe(long.length - (text.length - 1));
  });
});

describe('looksBinary', () => {
  it.each([
    ['plain text', 'Traceback (most recent call last):\n\tFile "x.py"', false],
    ['Chinese text', '資料庫鎖定錯誤：請稍後再試', false],
    ['a NUL byte', 'abc\u0000def', true],
    ['control characters', '\u0001\u0002\u0003\u0004abc', true],
    ['replacement characters', 'ab\uFFFD\uFFFD\uFFFD\uFFFD', true],
    ['empty', '', false],
  ])('%s', (_label, text, binary) => {
    expect(looksBinary(text)).toBe(binary);
  });
});

describe('queryTerms', () => {
  it('drops repeats, keeps order', () => {
    expect(queryTerms('locked database locked', false)).toEqual(['locked', 'database']);
  });

  it('pasted text: no bare numbers or hex ids, at most MAX_QUERY_TERMS, the last ones kept', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}x`);
    const terms = queryTerms(`12345 deadbeefcafe ${words.join(' ')} OperationalError`, true);
    expect(terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
    expect(terms).toContain('operationalerror');
    expect(terms).not.toContain('12345');
    expect(terms).not.toContain('deadbeefcafe');
  });
});
