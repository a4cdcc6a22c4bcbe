/**
 * A dropped `File` as a `ByteSource`, read synchronously in a worker with `FileReaderSync`, a
 * chunk at a time: SQLite asks for pages one by one, and only those are read.
 */
import { chunkedSource, type ByteSource } from '../../diagnostics/db/source.ts';

declare const FileReaderSync: { new (): { readAsArrayBuffer(blob: Blob): ArrayBuffer } };

export function fileSource(file: Blob): ByteSource {
  const reader = new FileReaderSync();
  return chunkedSource(
    file.size,
    (offset, into) => {
      const part = new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + into.length)));
      into.set(part);
      return part.length;
    },
    { chunkSize: 1 << 20, maxChunks: 64 },
  );
}
