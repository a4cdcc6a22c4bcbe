/**
 * The Node twin of analyze.ts: files and stdin as byte sources, and Node's fast conversions for
 * UTF-8 logs (a chunk becomes a latin1 byte string at memory speed; only reported text is decoded).
 */
import { Buffer } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { analyzeLog, type AnalyzeOptions, type ByteStrings } from './analyze.ts';
import { problems as say } from './messages.ts';
import type { LogAnalysis } from './types.ts';

export const nodeByteStrings: ByteStrings = {
  decode: (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'),
  toText: (bytes) => Buffer.from(bytes, 'latin1').toString('utf8'),
  fromText: (text) => Buffer.from(text, 'utf8').toString('latin1'),
};

/** Chunk size for reading files: fewer, larger chunks cost less per byte; smaller ones keep less garbage in flight. */
export const READ_CHUNK = 512 * 1024;

/** Analyse a file (`-` for standard input). A missing or unreadable file is a problem, not an exception. */
export async function analyzeLogFile(path: string, options: Omit<AnalyzeOptions, 'byteStrings' | 'total'>): Promise<LogAnalysis> {
  if (path === '-') return analyzeLog(process.stdin, { ...options, byteStrings: nodeByteStrings });
  let total: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new Error(`${path} is a directory`);
    total = stat.size;
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${path}: no such file` : (error as Error).message;
    const { summary, problems } = await analyzeLog(new Uint8Array(0), { compiled: options.compiled });
    return { summary: { ...summary, verdict: 'unreadable' }, problems: [say.readError(detail), ...problems.filter((p) => p.kind !== 'empty')] };
  }
  return analyzeLog(createReadStream(path, { highWaterMark: READ_CHUNK }), { ...options, total, byteStrings: nodeByteStrings });
}
