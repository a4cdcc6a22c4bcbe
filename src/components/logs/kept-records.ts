/**
 * The kept records of an analysis as one gzip-compressed Blob of JSON lines, so that the tab can
 * keep them (../kit/kept.ts) and the list can be browsed again after Back or a reload. A record's
 * `signature` (internal, used only while mining templates) is left out. Runs in the log worker.
 */
import type { LogRecord } from '../../diagnostics/logs/types.ts';

/** Records turned into JSON text at a time (the stream is fed in parts, never one huge string). */
const BATCH = 2000;

/** The records, compressed; undefined when the result would pass `max` bytes or the browser cannot compress. */
export async function packRecords(records: readonly LogRecord[], max: number): Promise<Blob | undefined> {
  if (typeof CompressionStream === 'undefined') return undefined;
  const gzip = new CompressionStream('gzip');
  const writer = gzip.writable.getWriter();
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const reading = (async () => {
    const reader = gzip.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > max) {
        over = true;
        await reader.cancel();
        return;
      }
      chunks.push(value);
    }
  })();
  try {
    for (let i = 0; i < records.length && !over; i += BATCH) {
      const lines = records.slice(i, i + BATCH).map(({ signature: _, ...r }) => JSON.stringify(r));
      await writer.write(encoder.encode(`${lines.join('\n')}\n`));
    }
    if (!over) await writer.close();
  } catch {
    // The reader cancelled the stream (too large): writing fails from then on.
    over = true;
  }
  await reading.catch(() => undefined);
  return over ? undefined : new Blob(chunks as BlobPart[], { type: 'application/gzip' });
}

/** The records of a Blob made by `packRecords`. Throws if it is not one. */
export async function unpackRecords(blob: Blob): Promise<LogRecord[]> {
  const text = await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();
  const records: LogRecord[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) records.push(JSON.parse(text.slice(start, end)) as LogRecord);
    start = end + 1;
  }
  return records;
}
