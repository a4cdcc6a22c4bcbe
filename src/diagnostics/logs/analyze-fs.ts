/**
 * The Node twin of analyze.ts: files and standard input as byte sources, Node's native
 * conversions, and (for files) pieces read by worker threads.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { analyzeLog, type AnalyzeOptions } from './analyze.ts';
import type { RunResult } from './engine/run.ts';
import { problems as say } from './messages.ts';
import { defaultWorkers, workerPool } from './node/pool.ts';
import { nodeText } from './node/text.ts';

export { nodeText };

/** Files from this size on are read by worker threads (below it, starting them costs more than it saves). */
export const PARALLEL_FROM = 32 * 1024 * 1024;

/** Chunk size for reading files: fewer, larger chunks cost less per byte. */
export const READ_CHUNK = 1024 * 1024;

/** A file's bytes, read in chunks from an open descriptor (a FIFO or a device streams the same way). */
async function* fileChunks(fd: number): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      const n = readSync(fd, buf, 0, READ_CHUNK, null);
      if (n === 0) return;
      yield n === READ_CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Analyse a file (`-` for standard input). A missing or unreadable file is a problem, not an exception. */
export async function analyzeLogFile(path: string, options: Omit<AnalyzeOptions, 'total' | 'text' | 'modified'> & { workers?: number }): Promise<RunResult> {
  if (path === '-') return analyzeLog(process.stdin, { ...options, text: nodeText });
  let fd: number;
  let total: number | undefined;
  let modified: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      closeSync(fd);
      throw new Error(`${path} is a directory`);
    }
    if (stat.isFile()) total = stat.size;
    modified = stat.mtimeMs;
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${path}: no such file` : (error as Error).message;
    const { summary, problems, records } = await analyzeLog(new Uint8Array(0), { compiled: options.compiled });
    return { summary: { ...summary, verdict: 'unreadable' }, problems: [say.readError(detail), ...problems.filter((p) => p.kind !== 'empty')], records };
  }
  const workers = options.workers ?? (total !== undefined && total >= PARALLEL_FROM ? defaultWorkers() : 1);
  const pool = options.runner === undefined && workers > 1 && !options.onRecord ? workerPool(options.compiled.registry, workers) : undefined;
  try {
    return await analyzeLog(fileChunks(fd), { ...options, runner: options.runner ?? pool, total, modified, text: nodeText });
  } finally {
    pool?.close();
  }
}
