/**
 * Bytes in, UTF-8 text bytes out: sources of any kind read in large chunks, gzip (every member of
 * a multi-member file) inflated within a budget, the encoding detected on a sample and anything
 * that is not UTF-8 transcoded to it, a byte-order mark dropped. Problems (damage, a bomb, an
 * endless run of zeros) are values on the result, never exceptions.
 */
import { Gunzip } from 'fflate';
import { sniff, SAMPLE_BYTES, type Sniff } from '../encoding.ts';
import { crc32 } from './crc32.ts';

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array | Blob;

/** How far input may go before the reader stops. */
export interface InputBudget {
  /** Inflated bytes at most, whatever the ratio. */
  maxInflated: number;
  /** Past `ratioFrom` inflated bytes, a ratio of inflated to compressed bytes above this is a bomb. */
  maxRatio: number;
  ratioFrom: number;
  /** Zero bytes in a row, or bytes without a line break, after which the input is not a log. */
  maxStretch: number;
}

export const DEFAULT_BUDGET: InputBudget = {
  maxInflated: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioFrom: 64 * 1024 * 1024,
  maxStretch: 64 * 1024 * 1024,
};

export type InputStop =
  | { kind: 'gzip-damaged'; at: number; detail: string }
  | { kind: 'bomb'; inflated: number; compressed: number }
  | { kind: 'endless'; what: 'zeros' | 'no-line-break'; bytes: number }
  | { kind: 'read-error'; detail: string };

/** What the reader learns as it goes; read after the text has been consumed. */
export interface InputFacts {
  /** Bytes read from the source (compressed bytes for gzip). */
  bytes: number;
  /** Bytes of text after decompression (before transcoding). */
  textBytes: number;
  compression?: 'gzip';
  gzipMembers: number;
  detected: Sniff;
  stop?: InputStop;
  cancelled: boolean;
  /** Characters a non-UTF-8 decoder replaced by U+FFFD (invalid bytes of that encoding). */
  replaced: number;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

const PIECE = 1024 * 1024;
const BLOB_PIECE = 4 * 1024 * 1024;
const BLOB_AHEAD = 2;

/** A source as chunks: a Blob read in large slices with two asked for ahead, a stream, a buffer. */
export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let i = 0; i < source.length; i += PIECE) yield source.subarray(i, i + PIECE);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const blob = source;
    const read = (at: number) => blob.slice(at, at + BLOB_PIECE).arrayBuffer();
    const ahead: Promise<ArrayBuffer>[] = [];
    let next = 0;
    const fill = () => {
      while (ahead.length < BLOB_AHEAD && next < blob.size) {
        ahead.push(read(next));
        next += BLOB_PIECE;
      }
    };
    fill();
    try {
      while (ahead.length > 0) {
        const piece = new Uint8Array(await ahead.shift()!);
        fill();
        if (piece.length === 0) return;
        yield piece;
      }
    } finally {
      for (const pending of ahead) pending.catch(() => undefined);
    }
    return;
  }
  if ('getReader' in source) {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.length > 0) yield value;
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) if (chunk.length > 0) yield chunk;
}

class Stop extends Error {}

/**
 * Inflate every member of a gzip stream (`cat a.gz b.gz` is one file of two members), within the
 * budget. Each member's output is checked against the CRC-32 and length its trailer records, so a
 * damaged stream is caught even where the inflater reads on without an error; damage and bombs
 * end the stream with a stop, and what was inflated before is kept.
 */
async function* gunzip(chunks: AsyncIterable<Uint8Array>, facts: InputFacts, budget: InputBudget): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let inflated = 0;
  let crc = 0;
  let memberSize = 0;
  let bad: string | undefined;
  // The input last pushed, to read a member's trailer (8 bytes before the next member's header).
  const recent: { at: number; bytes: Uint8Array }[] = [];
  const byteAt = (at: number): number => {
    for (const r of recent) if (at >= r.at && at < r.at + r.bytes.length) return r.bytes[at - r.at]!;
    return -1;
  };
  const check = (trailerAt: number): boolean => {
    const b = Array.from({ length: 8 }, (_, i) => byteAt(trailerAt + i));
    if (b.some((x) => x < 0)) return true; // not at hand: cannot tell
    const wantCrc = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    const wantSize = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    return wantCrc === crc && wantSize === memberSize % 2 ** 32;
  };
  const inflater = new Gunzip((data) => {
    if (data.length === 0) return;
    inflated += data.length;
    memberSize += data.length;
    crc = crc32(data, crc);
    out.push(data);
  });
  inflater.onmember = (offset) => {
    // A new member starts at `offset`: the one before ends with its trailer.
    if (bad === undefined && !check(offset - 8)) bad = `member ${facts.gzipMembers} does not match the checksum its trailer records`;
    facts.gzipMembers++;
    crc = 0;
    memberSize = 0;
  };
  facts.gzipMembers = 1;
  let consumed = 0;
  try {
    for await (const chunk of chunks) {
      // Small pushes: the offset of damage is known to within one of them, and a bomb is caught early.
      for (let i = 0; i < chunk.length; i += 16384) {
        const part = chunk.subarray(i, i + 16384);
        recent.push({ at: consumed, bytes: part });
        if (recent.length > 4) recent.shift();
        try {
          inflater.push(part);
        } catch (error) {
          facts.stop = { kind: 'gzip-damaged', at: consumed, detail: error instanceof Error ? error.message : String(error) };
          throw new Stop();
        }
        consumed += part.length;
        if (bad !== undefined) {
          facts.stop = { kind: 'gzip-damaged', at: consumed, detail: bad };
          throw new Stop();
        }
        if (inflated > budget.maxInflated || (inflated > budget.ratioFrom && inflated > budget.maxRatio * consumed)) {
          facts.stop = { kind: 'bomb', inflated, compressed: consumed };
          out.length = 0;
          throw new Stop();
        }
        while (out.length > 0) yield out.shift()!;
      }
    }
    try {
      inflater.push(new Uint8Array(0), true);
      if (!check(consumed - 8)) facts.stop = { kind: 'gzip-damaged', at: consumed, detail: `member ${facts.gzipMembers} does not match the checksum its trailer records` };
    } catch (error) {
      facts.stop = { kind: 'gzip-damaged', at: consumed, detail: error instanceof Error ? error.message : String(error) };
    }
    while (out.length > 0) yield out.shift()!;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    while (out.length > 0) yield out.shift()!;
  }
}

/**
 * The text of a source as UTF-8 bytes, with what was found on the way in `facts`. The sample
 * decides the encoding; an input that is not text yields nothing.
 */
export async function* textOf(source: ByteSource, facts: InputFacts, budget: InputBudget = DEFAULT_BUDGET, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const raw = (async function* () {
    try {
      for await (const chunk of chunksOf(source)) {
        if (signal?.aborted) {
          facts.cancelled = true;
          return;
        }
        facts.bytes += chunk.length;
        yield chunk;
      }
    } catch (error) {
      facts.stop ??= { kind: 'read-error', detail: error instanceof Error ? error.message || 'the data ends early' : String(error) };
    }
  })();
  // Enough bytes to see a gzip header.
  const head: Uint8Array[] = [];
  let headLength = 0;
  for (let r = await raw.next(); !r.done; r = await raw.next()) {
    head.push(r.value);
    headLength += r.value.length;
    if (headLength >= 2) break;
  }
  const first = concat(head, 2);
  const rest = (async function* () {
    yield* head;
    yield* { [Symbol.asyncIterator]: () => raw };
  })();
  let text: AsyncIterable<Uint8Array> = rest;
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    facts.compression = 'gzip';
    text = gunzip(rest, facts, budget);
  }
  const it = text[Symbol.asyncIterator]();
  // A sample for the encoding.
  const sample: Uint8Array[] = [];
  let sampled = 0;
  let ended = false;
  while (sampled < SAMPLE_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    sample.push(r.value);
    sampled += r.value.length;
  }
  facts.detected = sniff(concat(sample, SAMPLE_BYTES), ended);
  if (facts.detected.kind !== 'text') {
    await it.return?.(undefined);
    return;
  }
  const all = (async function* () {
    yield* sample;
    if (!ended) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  const counted = (async function* () {
    for await (const chunk of all) {
      facts.textBytes += chunk.length;
      yield chunk;
    }
  })();
  const utf8 = facts.detected.encoding === 'utf-8';
  let bomSkipped = !facts.detected.bom;
  const encoder = new TextEncoder();
  const decoder = utf8 ? undefined : new TextDecoder(facts.detected.encoding);
  for await (let chunk of counted) {
    if (signal?.aborted) {
      facts.cancelled = true;
      return;
    }
    if (decoder) {
      // Transcoded to UTF-8 (the decoder drops its own byte-order mark).
      const decoded = decoder.decode(chunk, { stream: true });
      facts.replaced += countReplacements(decoded);
      if (decoded.length > 0) yield encoder.encode(decoded);
      continue;
    }
    if (!bomSkipped) {
      bomSkipped = true;
      chunk = chunk.subarray(3);
    }
    if (chunk.length > 0) yield chunk;
  }
  if (decoder) {
    const tail = decoder.decode();
    facts.replaced += countReplacements(tail);
    if (tail.length > 0) yield encoder.encode(tail);
  }
}

function concat(chunks: Uint8Array[], max: number): Uint8Array {
  const total = Math.min(max, chunks.reduce((n, c) => n + c.length, 0));
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    const part = c.subarray(0, total - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function newFacts(): InputFacts {
  return { bytes: 0, textBytes: 0, gzipMembers: 0, detected: { kind: 'empty', encoding: 'utf-8', bom: false, confidence: 100 }, cancelled: false, replaced: 0 };
}
