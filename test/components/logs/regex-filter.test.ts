/**
 * Search patterns: proved safe ones run as RegExps; flagged or unproved ones run on the linear-time
 * engine (and still find what they should); what neither accepts is refused with its reason.
 * Nothing here measures time: the engine chosen and the answers are what is checked.
 */
import { describe, expect, it } from 'vitest';
import { checkRegex, MAX_PATTERN, provedSafe } from '../../../src/components/logs/regex-filter.ts';

describe('checkRegex', () => {
  it.each([
    ['DB_\\d{4}', 'native', 'error DB_1506 here', true],
    ['database (is )?locked', 'native', 'Database is locked', true],
    ['^\\d+ ERROR', 'native', '081109 ERROR x', true],
    ['(a+)+$', 'linear', `${'a'.repeat(5000)}!`, false],
    ['(\\w+\\s?)*$', 'linear', `${'word '.repeat(2000)}!`, true],
    ['\\d+\\.\\d+\\.\\d+\\.\\d+', 'linear', 'from 10.0.0.12 port', true],
    ['.*error.*timeout.*', 'linear', 'an error then a TIMEOUT', true],
    ['寫入.*失敗', 'linear', '寫入向量失敗', true],
  ])('%s runs on the %s engine', (pattern, engine, text, found) => {
    const check = checkRegex(pattern);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.matcher.engine).toBe(engine);
    expect(check.matcher.test(text)).toBe(found);
    // Twice in a row: no state is carried between tests.
    expect(check.matcher.test(text)).toBe(found);
  });

  it('never proves an exponential pattern safe', () => {
    for (const p of ['(a+)+b', '(a|a)*b', '(x+x+)+y', '(.*a){12}']) expect(provedSafe(p), p).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['a[', 'invalid'],
    ['x'.repeat(MAX_PATTERN + 1), 'too-long'],
    ['(a+)+\\1', 'unsupported'],
  ])('refuses %j: %s', (pattern, reason) => {
    const check = checkRegex(pattern);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toBe(reason);
  });
});
