/** The byte-level pieces of salvage against what SQLite writes. */
import { describe, expect, it } from 'vitest';
import { localPayload, readVarint, recordHeader, recordValues, type Varint } from '../../../../src/diagnostics/db/salvage/format.ts';

const v = (bytes: number[]): Varint | null => {
  const out: Varint = { value: 0, length: 0 };
  return readVarint(new Uint8Array(bytes), 0, bytes.length, out) ? out : null;
};

describe('varints', () => {
  it.each([
    [[0x00], 0, 1],
    [[0x7f], 127, 1],
    [[0x81, 0x00], 128, 2],
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], 2 ** 49 - 1, 7],
    [[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 1, 9],
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], -1, 9],
    [[0xc0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], -(2n ** 63n), 9],
  ])('%j -> %s', (bytes, value, length) => {
    expect(v(bytes)).toEqual({ value, length });
  });

  it('a varint that runs past its end is refused, not read from beyond', () => {
    expect(v([0x81])).toBeNull();
    expect(v([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBeNull();
  });
});

describe('local payload, as SQLite computes it (4096-byte pages)', () => {
  it.each([
    [100, true, 100],
    [4061, true, 4061],
    // Just past the most a table leaf keeps: K = 489 + 3573 is too big, so the minimum stays.
    [4062, true, 489],
    [10_000, true, 489 + ((10_000 - 489) % 4092)],
    [1002, false, 1002],
    [1003, false, 489],
  ])('payload %i (table %s) keeps %i bytes on the page', (payload, table, local) => {
    expect(localPayload(payload, 4096, table)).toBe(local);
  });
});

describe('records', () => {
  const enc = new TextEncoder();
  const record = (types: number[], body: number[]) => new Uint8Array([types.length + 1, ...types, ...body]);

  it('decodes every storage class, keeping reals and 64-bit integers exact', () => {
    const rec = record([0, 1, 6, 7, 8, 9, 19, 16], [
      0xfe,
      0x40, 0, 0, 0, 0, 0, 0, 1,
      0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
      ...enc.encode('héy').slice(0, 3),
      0xde, 0xad,
    ]);
    // 19 -> text of 3 bytes; 'héy' is 4 bytes in UTF-8, so use 3 ASCII bytes instead.
    rec.set(enc.encode('hey'), rec.length - 5);
    const h = recordHeader(rec);
    expect(typeof h).toBe('object');
    const row = recordValues(rec, h as Exclude<typeof h, string>, 'UTF-8', { values: [], kinds: [] });
    expect(row.values).toEqual([null, -2, 2n ** 62n + 1n, 1, 0, 1, 'hey', new Uint8Array([0xde, 0xad])]);
    expect(row.kinds).toEqual([0, 1, 1, 2, 1, 1, 3, 4]);
  });

  it.each([
    ['values past the payload', record([1, 1], [5]), /run past/],
    ['bytes left over', record([1], [5, 6]), /end before/],
    ['reserved serial type', record([10], []), /not valid/],
    ['header size past the payload', new Uint8Array([9, 1]), /does not fit/],
  ])('refuses %s', (_, rec, reason) => {
    expect(recordHeader(rec)).toMatch(reason);
  });

  it('text that is not valid UTF-8 keeps its bytes', () => {
    const rec = record([17], [0xff, 0xfe]);
    const row = recordValues(rec, recordHeader(rec) as Exclude<ReturnType<typeof recordHeader>, string>, 'UTF-8', { values: [], kinds: [] });
    expect(row.values[0]).toEqual(new Uint8Array([0xff, 0xfe]));
    expect(row.rawText).toBe(true);
  });
});
