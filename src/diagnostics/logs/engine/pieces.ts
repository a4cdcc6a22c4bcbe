/**
 * Text bytes in, pieces out: runs of whole lines of about `target` bytes, each cut just before a
 * line that starts a record, so that no record spans two pieces and pieces can be read apart (on
 * several threads) and merged exactly. A line longer than MAX_LINE is cut (its start kept, the
 * rest skipped and counted); a stretch of zeros or of bytes without a line break longer than the
 * budget ends the input (a device like /dev/zero, a file that is not a log).
 */
import type { InputFacts } from './input.ts';
import { MAX_LINE } from './parse.ts';

export interface Piece {
  bytes: Uint8Array;
  /** Byte offset of the piece in the text. */
  offset: number;
}

export interface PieceOptions {
  /** Bytes a piece aims at. */
  target: number;
  /** Does the line `b[s, e)` start a record? */
  isHead: (b: Uint8Array, s: number, e: number) => boolean;
  /** Zero bytes in a row, or bytes without a line break, after which reading stops. */
  maxStretch: number;
}

export interface PieceCounts {
  truncatedLines: number;
}

/** How far back from a piece's end a head line is looked for before the piece grows instead. */
const LOOK_BACK_LINES = 2000;
/** A piece grows at most to this many times its target while no head line is found to cut at. */
const MAX_GROWTH = 8;

export async function* piecesOf(text: AsyncIterable<Uint8Array>, options: PieceOptions, facts: InputFacts, counts: PieceCounts): AsyncGenerator<Piece> {
  const capacity = () => Math.max(options.target + (options.target >> 2), 1 << 16);
  let buf = new Uint8Array(capacity());
  let len = 0;
  let offset = 0;
  /** Start of the line being read in `buf` (no line break after it yet). */
  let lineStart = 0;
  /** A line past MAX_LINE: its bytes are dropped until the next line break. */
  let skipping = false;
  let stretch = 0;
  let zeros = 0;

  const ensure = (extra: number) => {
    if (len + extra <= buf.length) return;
    const bigger = new Uint8Array(Math.max(buf.length * 2, len + extra));
    bigger.set(buf.subarray(0, len));
    buf = bigger;
  };

  // The piece keeps the buffer it was read into (it moves to a worker whole); only the lines after
  // the cut are copied, into a fresh buffer for the next piece.
  const cutAt = (at: number): Piece => {
    const piece = { bytes: buf.subarray(0, at), offset };
    const next = new Uint8Array(Math.max(capacity(), (len - at) * 2));
    next.set(buf.subarray(at, len));
    buf = next;
    len -= at;
    lineStart -= at;
    offset += at;
    return piece;
  };

  /** Where to cut: just before a head line near the end of the whole lines, or -1. */
  const findCut = (): number => {
    let end = lineStart; // start of the unfinished line: everything before it is whole lines
    let lines = 0;
    while (end > 0 && lines < LOOK_BACK_LINES) {
      const prev = buf.lastIndexOf(10, end - 2); // the line break before the line ending at end - 1
      const start = prev < 0 ? 0 : prev + 1;
      if (start === 0) return -1;
      let e = end - 1;
      if (e > start && buf[e - 1] === 13) e--;
      if (e > start && options.isHead(buf, start, e)) return start;
      end = start;
      lines++;
    }
    return -1;
  };

  for await (const chunk of text) {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(10, from);
      const upto = nl < 0 ? chunk.length : nl + 1;
      // The stretch without a line break, and the zeros in a row, for endless input.
      if (nl < 0) {
        stretch += upto - from;
        let allZero = true;
        for (let i = from; i < upto && allZero; i++) allZero = chunk[i] === 0;
        zeros = allZero ? zeros + (upto - from) : 0;
      } else {
        stretch = 0;
        zeros = 0;
      }
      if (zeros > options.maxStretch || stretch > options.maxStretch) {
        facts.stop = { kind: 'endless', what: zeros > options.maxStretch ? 'zeros' : 'no-line-break', bytes: Math.max(zeros, stretch) };
        if (len > 0) yield cutAt(len);
        return;
      }
      if (skipping) {
        if (nl >= 0) {
          skipping = false;
          ensure(1);
          buf[len++] = 10;
          lineStart = len;
        }
        from = upto;
        continue;
      }
      const content = (nl < 0 ? chunk.length : nl) - from;
      const room = MAX_LINE - (len - lineStart);
      if (content > room) {
        // The line is longer than MAX_LINE: keep its start, drop the rest.
        counts.truncatedLines++;
        ensure(room + 1);
        buf.set(chunk.subarray(from, from + room), len);
        len += room;
        if (nl >= 0) {
          buf[len++] = 10;
          lineStart = len;
        } else skipping = true;
        from = upto;
        continue;
      }
      ensure(upto - from);
      buf.set(chunk.subarray(from, upto), len);
      len += upto - from;
      if (nl >= 0) lineStart = len;
      from = upto;
    }
    if (lineStart >= options.target) {
      const cut = findCut();
      if (cut > 0) yield cutAt(cut);
      else if (lineStart >= options.target * MAX_GROWTH) yield cutAt(lineStart);
    }
  }
  if (len > 0) yield cutAt(len);
}
