/** The byte matcher gives the answers of `RegExp.exec` on the decoded line, positions as bytes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileByteRegex, decodeAt, FALLBACK, type ByteRegex } from '../../../../src/diagnostics/logs/engine/byte-regex.ts';
import { testRegistry } from '../helpers.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Compare the byte matcher with the RegExp on one line given as bytes. */
function agree(source: string, flags: string, matcher: ByteRegex, bytes: Uint8Array): void {
  const text = decoder.decode(bytes);
  const m = new RegExp(source, `${flags}d`).exec(text);
  const end = matcher.exec(bytes, 0, bytes.length);
  if (end === FALLBACK) return; // the caller runs the RegExp itself
  if (m === null || m.index !== 0) {
    // Heads are anchored; for an unanchored pattern only a match at 0 is comparable by position.
    if (m === null) expect(end, `${source} on ${JSON.stringify(text)}`).toBe(-1);
    return;
  }
  expect(end, `${source} on ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
  // A trailing `.*` runs to the end of the line (a RegExp stops at a CR or U+2028 inside it).
  const cut = /[\r\u2028\u2029]/.test(text);
  if (!cut) expect(decoder.decode(bytes.subarray(0, end))).toBe(m[0]);
  for (const [name, n] of matcher.groups) {
    const s = matcher.caps[2 * n]!;
    const e = matcher.caps[2 * n + 1]!;
    const got = s < 0 || e < 0 ? undefined : decoder.decode(bytes.subarray(s, e));
    let want = m.groups?.[name];
    if (cut && want !== undefined && e === bytes.length && m.indices!.groups![name]![1] === m[0].length) want += text.slice(m[0].length);
    expect(got, `group ${name} of ${source} on ${JSON.stringify(text)}`).toBe(want);
  }
}

const PATTERNS: [string, string][] = [
  ['^(?<a>\\d{2,4})-(?<b>[A-Za-z]{1,3}) (?<rest>.*)', ''],
  ['^\\[(?<t>[^\\]]{1,20})\\] (?:(?<c>[A-Z]{2,4}_\\d{3}) )?(?<m>.*)', ''],
  ['^(?<w>\\S{1,6}?)x(?<m>.*)', ''],
  ['^(?<x>[^\\s:]{1,5}): (?<m>.*)', ''],
  ['^(?:ab|a)(?<y>b?)c', ''],
  ['^(?<l>warn|error|info)\\b', 'i'],
  ['^(?:Jan|Feb|Mar) [ \\d]\\d (?<m>.*)', ''],
  ['^\\s{0,3}(?<m>.{0,5})', ''],
  ['^資料(?<m>庫.*)', ''],
  ['^(?<a>[a-z0-9]{1,3})(?: {1,4}|(?=$))(?<m>.*)', ''],
  ['^(?!ab)(?<w>\\w{1,4})(?=[ :])', ''],
  ['^(?<l>(?:[^:\\[\\]]|:[^\\s:\\[\\]]){0,20}):(?<m>.*)', ''],
  ['^(?:ab|a){0,8}?(?<r>b.*)', ''],
  ['^(?:a|b|){2,9}(?<r>x?)', ''],
];

const ALPHABET = ['0', '1', '9', 'a', 'b', 'c', 'x', 'A', 'Z', 'W', 'E', 'R', 'N', 'O', 'I', 'F', ' ', '\t', ':', '-', '[', ']', '_', '.', '資', '料', '庫', '\u3000', '\u00a0', '\u2028', '\r', 'é', '😀', 'J', 'a', 'n', 'w', 'r'];

const line = fc
  .array(fc.constantFrom(...ALPHABET), { maxLength: 24 })
  .chain((chars) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 2 }).map((junk) => {
    const bytes = Array.from(encoder.encode(chars.join('')));
    // A line never holds a line feed: the line cutter ends lines there.
    for (const b of junk) bytes.splice(b % (bytes.length + 1), 0, b === 10 ? 11 : b);
    return new Uint8Array(bytes);
  }));

describe('decodeAt', () => {
  it('reads UTF-8 as TextDecoder does, invalid sequences as U+FFFD', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let text = '';
        for (let p = 0; p < bytes.length;) {
          const d = decodeAt(bytes, p, bytes.length);
          text += String.fromCodePoint(d >>> 3);
          p += d & 7;
        }
        expect(text).toBe(decoder.decode(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('compileByteRegex', () => {
  it.each(PATTERNS)('%s agrees with RegExp on random lines', (source, flags) => {
    const matcher = compileByteRegex(source, flags);
    if ('unsupported' in matcher) throw new Error(matcher.unsupported);
    fc.assert(fc.property(line, (bytes) => agree(source, flags, matcher, bytes)), { numRuns: 2000 });
  });

  it('compiles every head of the registry and agrees on its samples and on mutations of them', () => {
    const registry = testRegistry();
    let heads = 0;
    for (const format of registry.logFormats) {
      if (!format.head) continue;
      heads++;
      const matcher = compileByteRegex(format.head);
      if ('unsupported' in matcher) throw new Error(`${format.id}: ${matcher.unsupported}`);
      const lines = format.samples.flatMap((s) => s.lines);
      for (const l of lines) agree(format.head, '', matcher, encoder.encode(l));
      fc.assert(
        fc.property(fc.constantFrom(...lines), fc.nat(), fc.constantFrom(...ALPHABET), fc.boolean(), (l, at, ch, drop) => {
          const chars = [...l];
          const i = at % (chars.length + 1);
          if (drop) chars.splice(i, 1);
          else chars.splice(i, 0, ch);
          agree(format.head!, '', matcher, encoder.encode(chars.join('')));
        }),
        { numRuns: 300 },
      );
    }
    expect(heads).toBeGreaterThan(10);
  });

  it('says what it cannot compile', () => {
    expect(compileByteRegex('^(?<=a)b')).toHaveProperty('unsupported');
    expect(compileByteRegex('^(?=(a))a')).toHaveProperty('unsupported');
    expect(compileByteRegex('^(a)\\1')).toHaveProperty('unsupported');
    expect(compileByteRegex('^(?:ab)+')).toHaveProperty('unsupported');
    expect(compileByteRegex('^a', 'u')).toHaveProperty('unsupported');
  });

  it('asks for the RegExp where a character outside the BMP is met', () => {
    const m = compileByteRegex('^(?<x>[^a]{1,3})');
    if ('unsupported' in m) throw new Error(m.unsupported);
    expect(m.exec(encoder.encode('😀b'), 0, 4 + 1)).toBe(FALLBACK);
    expect(m.exec(encoder.encode('bcd'), 0, 3)).toBe(3);
  });
});
