/** The one reader of regex source: what a pattern can start with, must contain, and names. */
import { describe, expect, it } from 'vitest';
import { firstChars, namedGroups, NON_ASCII, requiredLiteral, requiredRuns, withoutGroupNames } from '../../src/registry/regex-source.ts';

describe('firstChars', () => {
  const set = (src: string) => {
    const s = firstChars(src);
    return [...Array(128).keys()].filter((c) => s[c]).map((c) => String.fromCharCode(c)).join('') + (s[NON_ASCII] ? '…' : '');
  };
  it.each([
    ['^\\[\\d', '['],
    ['^\\d{4}-', '0123456789'],
    ['^(?:ab|cd)', 'ac'],
    ['^(?:x )?\\[', '[x'],
    ['^[A-C]z', 'ABC'],
    ['^\\s', '\t\n\u000b\f\r …'],
    ['^(?<level>DEBUG|INFO):', 'DI'],
    ['^(?=a)b', 'b'],
  ])('%s starts with [%s]', (src, chars) => {
    expect(set(src)).toBe(chars);
  });
  it.each(['^.x', '^[^a]', '^\\D', '^a?', '^(?:a|)', '(?i:a)', '(unbalanced'])('%s may start with almost anything', (src) => {
    expect(set(src).length).toBeGreaterThanOrEqual(110);
    expect(set(src)).toContain('…');
  });
  it('folds ASCII case under the i flag', () => {
    expect(set('^a')).toBe('a');
    const s = firstChars('^a', 'i');
    expect(s[65]).toBe(1);
    expect(s[97]).toBe(1);
  });
});

describe('requiredRuns', () => {
  it.each([
    ['database is locked', ['database is locked']],
    ['Read timed out\\. \\(read timeout=\\d+\\)', ['Read timed out. (read timeout=', ')']],
    ['错误次数: \\d{1,12}', ['错误次数: ']],
    ['colou?r', ['colo', 'r']],
    ['ab+c', ['ab', 'c']],
    ['x*yz', ['yz']],
    ['a{0,3}bcd', ['bcd']],
    ['a{2}bcd', ['aabcd']],
    ['(foo|bar)baz', ['baz']],
    ['(?:foo)bar', ['foo', 'bar']],
    ['foo|bar', []],
    ['[abc]def', ['def']],
    ['[.]x', ['.x']],
    ['^Error: .*? not found$', ['Error: ', ' not found']],
    ['Custom\\("(?!心跳超时)', ['Custom("']],
    ['\\bHTTP 5\\d\\d\\b', ['HTTP 5']],
  ])('%j', (pattern, runs) => {
    expect(requiredRuns(pattern)).toEqual(runs);
  });
});

describe('requiredLiteral', () => {
  it.each([
    ['database is locked', 'database is locked'],
    ['\\bHTTP/[0-9.]{1,3} 401\\b', 'HTTP/'],
    ['(^|[^a-z_])MemoryError:', 'MemoryError:'],
    ['操作在 \\d{1,3} 次尝试后仍然失败', ' 次尝试后仍然失败'],
    ['成功率 (?!100\\.00%)[0-9.]{1,6}%', '成功率 '],
    ["' from 'torch['.]", "' from 'torch"],
    ['Custom\\("(?!心跳超时)', 'Custom("'],
    ['colou?r name', 'r name'],
    ['a\\.b\\(c\\)', 'a.b(c)'],
    ['x{2}yz', 'xxyz'],
  ])('%s -> %s', (source, literal) => {
    expect(requiredLiteral(source)).toBe(literal);
  });

  it.each(['a|b', 'foo|bar baz', '[abc]+', '.', '\\d+', '(unbalanced'])('%s has no usable literal', (source) => {
    expect(requiredLiteral(source)).toBeUndefined();
  });
});

describe('group names', () => {
  it.each([
    ['^(?<a>x)(?<b>y)', '^(x)(y)', { a: 1, b: 2 }],
    ['^(x)(?:y)(?<a>z)', '^(x)(?:y)(z)', { a: 2 }],
    ['(?<=p)(?<!q)(?=r)(?!s)(?<a>t)', '(?<=p)(?<!q)(?=r)(?!s)(t)', { a: 1 }],
    ['[(?<a>]\\((?<b>c)', '[(?<a>]\\((c)', { b: 1 }],
  ])('%s', (source, plain, groups) => {
    expect(withoutGroupNames(source)).toBe(plain);
    expect(Object.fromEntries(namedGroups(source))).toEqual(groups);
  });
});
