/** The JSON field scanner answers as reading the `JSON.parse` result does, on any line. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonScan, KeySet, scanJson, valueOf } from '../../../../src/diagnostics/logs/engine/json-fields.ts';
import { pickField } from '../../../../src/diagnostics/logs/engine/parse.ts';

const KEYS = ['time', 'level', 'msg', 'message', 'logger', 'err', 'status_code', 'http.response.status_code', 'a\u00e9', '資料'];
const keys = new KeySet(KEYS);
const encoder = new TextEncoder();

/** What the slow path gives: JSON.parse, an object, each key picked. */
function slow(text: string): Record<string, unknown> | 'invalid' {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'invalid';
  return Object.fromEntries(KEYS.map((k) => [k, pickField(v as Record<string, unknown>, [k])]));
}

/** What the scanner gives, with the same picking of dotted paths. */
function fast(text: string): Record<string, unknown> | 'invalid' | 'slow' {
  const b = encoder.encode(text);
  const scan = new JsonScan(keys.keys.length);
  const outcome = scanJson(b, 0, b.length, keys, scan);
  if (outcome !== 'ok') return outcome;
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    let v = valueOf(scan, keys.keys.indexOf(k));
    if (v === undefined && k.includes('.')) {
      const steps = k.split('.');
      let x: unknown = valueOf(scan, keys.keys.indexOf(steps[0]!));
      for (const step of steps.slice(1)) x = x && typeof x === 'object' ? (x as Record<string, unknown>)[step] : undefined;
      v = x === null ? undefined : x;
    }
    out[k] = v;
  }
  return out;
}

function agree(text: string): void {
  const want = slow(text);
  const got = fast(text);
  if (got === 'slow') {
    expect(want, text).not.toBe('invalid');
    return;
  }
  expect(got, text).toEqual(want);
}

const key = fc.oneof(fc.constantFrom(...KEYS, 'http', 'response', 'other', 'ti\\u006de'), fc.string({ maxLength: 6 }));
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('ERROR', 'warn', 50, 1755945015123, null, '', 'a"b', '\\n', '資料庫', { response: { status_code: 502 } }));

describe('JSON field scanner', () => {
  it('agrees with JSON.parse on objects of any keys and values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), fc.constantFrom('', ' ', '\t', '\n  '), (members, ws) => {
        const text = `{${ws}${members.map(([k, v]) => `${JSON.stringify(k).replace('\\\\u006d', '\\u006d')}${ws}:${ws}${JSON.stringify(v)}`).join(`${ws},${ws}`)}${ws}}${ws}`;
        agree(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with JSON.parse on mutated lines (invalid ones included)', () => {
    const base = '{"time":"2025-08-23T10:30:15.123Z","level":"error","msg":"failed \\"x\\" \\u00e9","err":{"type":"Error","stack":"a\\nb"},"n":[1,2.5e-3,-0,true,false,null],"http":{"response":{"status_code":503}}}';
    const alphabet = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', '0', '-', 'e', '.', 'a', '\u0001', '\u00e9', 'n', 't', 'u'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom(...alphabet), fc.boolean()), { maxLength: 4 }), (edits) => {
        const chars = [...base];
        for (const [at, ch, drop] of edits) {
          const i = at % (chars.length + 1);
          if (drop) chars.splice(i, 1);
          else chars.splice(i, 0, ch);
        }
        agree(chars.join(''));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the last of a repeated key, as JSON.parse does', () => {
    agree('{"level":"info","level":"error"}');
    expect(fast('{"level":"info","level":"error"}')).toMatchObject({ level: 'error' });
  });

  it.each(['[1]', '"x"', '{"a":1', '{"a":01}', '{"a":1}x', '{"a":"\u0001"}', '{"a":-}', "{'a':1}", '{"a":1,}', ''])('%j is not a JSON object', (text) => {
    expect(fast(text)).toBe('invalid');
    expect(slow(text)).toBe('invalid');
  });

  it('sends a key written with an escape to JSON.parse', () => {
    expect(fast('{"ti\\u006de":"x"}')).toBe('slow');
  });
});
