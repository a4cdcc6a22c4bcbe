/** Node's conversions from bytes to strings: native, without the web decoder's call cost. */
import { Buffer, isUtf8 } from 'node:buffer';
import { countInvalid, type TextOps } from '../engine/text.ts';

/** Buffer's own slicing conversions (public since Node's first versions, not in its type declarations). */
interface Slicing {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

// The engine asks about the same piece many times in a row: its Buffer view is kept.
let lastBytes: Uint8Array | undefined;
let lastView: Slicing | undefined;
const view = (b: Uint8Array): Slicing => {
  if (b === lastBytes) return lastView!;
  lastBytes = b;
  lastView = (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)) as unknown as Slicing;
  return lastView;
};

export const nodeText: TextOps = {
  utf8: (b, s, e) => view(b).utf8Slice(s, e),
  latin1: (b, s, e) => view(b).latin1Slice(s, e),
  invalidSequences: (b) => (isUtf8(b) ? 0 : countInvalid(b)),
  byteStrings: true,
};
