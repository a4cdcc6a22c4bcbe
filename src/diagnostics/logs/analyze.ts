/**
 * The log parser's entry points: bytes in (a Web stream, an async iterable of chunks, a Blob or
 * one buffer), a summary and problems out. The same code runs in Node and in a Web Worker.
 *
 * gzip is recognised by its magic bytes and decompressed with `DecompressionStream`; the encoding
 * is detected on the first 64 KiB (see encoding.ts) and decoded with a streaming `TextDecoder`
 * (invalid bytes become U+FFFD), or, for UTF-8 when the caller offers `byteStrings` (Node), read as
 * byte strings and converted only where the parser reports text.
 */
import { sniff, SAMPLE_BYTES, type Sniff } from './encoding.ts';
import { finding, problems as say } from './messages.ts';
import { LogParser, MAX_LINE, type ByteStringCodec, type CompiledLogRegistry } from './parser.ts';
import type { LogAnalysis, LogProblem, LogRecord, LogSummary, Progress } from './types.ts';

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array | Blob;

export interface ByteStrings extends ByteStringCodec {
  /** A chunk of bytes as a byte string (latin1). */
  decode(chunk: Uint8Array): string;
}

export interface AnalyzeOptions {
  compiled: CompiledLogRegistry;
  onRecord?: (record: LogRecord) => void;
  onProgress?: (progress: Progress) => void;
  /** Milliseconds between progress reports (default 100). */
  progressEveryMs?: number;
  signal?: AbortSignal;
  /** Size of the input in bytes, when known, for progress. */
  total?: number;
  byteStrings?: ByteStrings;
  /** Template every record (see parser.ts); slower on large files. */
  exactTemplates?: boolean;
  /** Which records (by level index) `onRecord` wants; the others are never built. */
  wantRecord?: (level: number) => boolean;
}

const PIECE = 1024 * 1024;
/** Bytes read from a `Blob` at a time: fewer, larger reads than its stream's chunks of 64 KiB. */
const BLOB_PIECE = 4 * 1024 * 1024;
/** Pieces of a `Blob` asked for ahead of the one being parsed. */
const BLOB_AHEAD = 2;

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let i = 0; i < source.length; i += PIECE) yield source.subarray(i, i + PIECE);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // Reads run outside this thread (a browser reads a file in its own process): the next pieces
    // are asked for before this one is parsed, so reading and parsing overlap.
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
      // Reads still in flight when the consumer stops: their results (or errors) are dropped.
      for (const pending of ahead) pending.catch(() => undefined);
    }
    return;
  }
  const stream = source;
  if ('getReader' in stream) {
    const reader = (stream as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.length > 0) yield value;
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  } else {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) if (chunk.length > 0) yield chunk;
  }
}

/** The chunks of `rest` after `head`, decompressed by a gzip `DecompressionStream`. */
function gunzip(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const queue = [...head];
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = queue.shift();
      if (next) {
        controller.enqueue(next);
        return;
      }
      const r = await rest.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() {
      await rest.return?.();
    },
  });
  return chunksOf(input.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>));
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

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return error.message || cause || 'the data ends early or is damaged';
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Analyse a log given as bytes. Never throws on bad input: problems come back as values. */
export async function analyzeLog(source: ByteSource, options: AnalyzeOptions): Promise<LogAnalysis> {
  const started = now();
  const problems: LogProblem[] = options.compiled.formats.problems.map((p) => say.formatPattern(p.format, p.message));
  let bytes = 0;
  let textBytes = 0;
  let cancelled = false;
  let lastReport = started;
  const every = options.progressEveryMs ?? 100;
  let parser: LogParser | undefined;
  const report = (force = false) => {
    if (!options.onProgress) return;
    const t = now();
    if (!force && t - lastReport < every) return;
    lastReport = t;
    options.onProgress({ bytes, total: options.total, records: parser?.agg.records ?? 0, elapsedMs: t - started });
  };

  const raw = (async function* () {
    for await (const chunk of chunksOf(source)) {
      if (options.signal?.aborted) {
        cancelled = true;
        return;
      }
      bytes += chunk.length;
      yield chunk;
    }
  })();

  let detected: Sniff = { kind: 'empty', encoding: 'utf-8', bom: false, confidence: 100 };
  let compression: 'gzip' | undefined;
  try {
    // Enough bytes to see a gzip header.
    const head: Uint8Array[] = [];
    let headLength = 0;
    while (headLength < 2) {
      const r = await raw.next();
      if (r.done) break;
      head.push(r.value);
      headLength += r.value.length;
    }
    let text: AsyncIterator<Uint8Array>;
    if (headLength >= 2 && head[0]![0] === 0x1f && (head[0]!.length > 1 ? head[0]![1] : head[1]![0]) === 0x8b) {
      compression = 'gzip';
      text = gunzip(head, raw);
    } else {
      text = (async function* () {
        yield* head;
        yield* { [Symbol.asyncIterator]: () => raw };
      })();
    }

    // A sample for the encoding.
    const sample: Uint8Array[] = [];
    let sampled = 0;
    let ended = false;
    while (sampled < SAMPLE_BYTES) {
      const r = await text.next();
      if (r.done) {
        ended = true;
        break;
      }
      sample.push(r.value);
      sampled += r.value.length;
    }
    detected = sniff(concat(sample, SAMPLE_BYTES), ended);
    if (detected.kind === 'binary') {
      await text.return?.(undefined);
    } else if (detected.kind === 'text') {
      if (detected.confidence < 100 && detected.encoding !== 'utf-8') problems.push(say.guessedEncoding(detected.encoding, detected.confidence));
      const fast = options.byteStrings && detected.encoding === 'utf-8' ? options.byteStrings : undefined;
      parser = new LogParser({ compiled: options.compiled, onRecord: options.onRecord, bytes: fast, exactTemplates: options.exactTemplates, wantRecord: options.wantRecord });
      const decoder = fast ? undefined : new TextDecoder(detected.encoding);
      let replaced = false;
      let first = true;
      const feed = (chunk: Uint8Array) => {
        textBytes += chunk.length;
        let piece = chunk;
        if (first && fast && detected.bom) piece = chunk.subarray(3);
        first = false;
        const decoded = fast ? fast.decode(piece) : decoder!.decode(piece, { stream: true });
        if (!fast && !replaced && decoded.indexOf('\ufffd') >= 0) replaced = true;
        parser!.push(decoded);
        report();
      };
      for (const chunk of sample) feed(chunk);
      if (!ended) {
        for (;;) {
          if (options.signal?.aborted) {
            cancelled = true;
            await text.return?.(undefined);
            break;
          }
          const r = await text.next();
          if (r.done) break;
          feed(r.value);
        }
      }
      if (decoder) {
        const tail = decoder.decode();
        if (tail) parser.push(tail);
      }
      if (replaced) problems.push(say.invalidBytes(detected.encoding));
    }
  } catch (error) {
    problems.push(compression ? say.decompression(errorText(error)) : say.readError(errorText(error)));
  }
  if (options.signal?.aborted) cancelled = true;
  parser?.end();
  report(true);
  return finish(parser ?? new LogParser({ compiled: options.compiled }), detected, { severity: (c) => options.compiled.codeSeverity.get(c) ?? 'error', bytes, textBytes, compression, cancelled, started }, problems);
}

/** Analyse text already in memory (pasted text, tests). */
export function analyzeText(text: string, options: Pick<AnalyzeOptions, 'compiled' | 'onRecord'>): LogAnalysis {
  const started = now();
  const parser = new LogParser({ compiled: options.compiled, onRecord: options.onRecord });
  parser.push(text);
  parser.end();
  const detected: Sniff = { kind: 'text', encoding: 'utf-8', bom: false, confidence: 100 };
  const problems = options.compiled.formats.problems.map((p) => say.formatPattern(p.format, p.message));
  return finish(parser, detected, { severity: (c) => options.compiled.codeSeverity.get(c) ?? 'error', bytes: text.length, textBytes: text.length, cancelled: false, started }, problems);
}

interface RunFacts {
  /** Severity of a code's registry entry. */
  severity: (code: string) => 'critical' | 'error' | 'warning' | 'info';
  bytes: number;
  textBytes: number;
  compression?: 'gzip';
  cancelled: boolean;
  started: number;
}

function finish(parser: LogParser, detected: Sniff, run: RunFacts, problems: LogProblem[]): LogAnalysis {
  const counts = parser.summary();
  const lines = counts.lines;
  let verdict: LogSummary['verdict'];
  if (detected.kind === 'binary') verdict = 'binary';
  else if (run.bytes === 0 && problems.some((p) => p.kind === 'read-error')) verdict = 'unreadable';
  else if (lines === counts.blankLines) verdict = 'empty';
  else if (counts.records === 0) verdict = 'unknown-format';
  else verdict = 'ok';
  if (verdict === 'binary') problems.unshift(say.binary(detected.container));
  if (verdict === 'empty' && !run.cancelled) problems.unshift(say.empty());
  if (verdict === 'unknown-format') problems.unshift(say.unknownFormat(lines - counts.blankLines));
  if (verdict === 'ok' && counts.unparsedLines > 0) problems.push(say.unparsedLines(counts.unparsedLines));
  if (counts.truncatedLines > 0) problems.push(say.truncatedLines(counts.truncatedLines, MAX_LINE));
  if (counts.zeroBytes > 0) problems.push(say.zeroBytes(counts.zeroBytes));
  if (run.cancelled) problems.push(say.cancelled());
  const summary: LogSummary = {
    verdict,
    container: detected.container,
    bytes: run.bytes,
    textBytes: run.textBytes,
    compression: run.compression,
    encoding: detected.encoding,
    bom: detected.bom,
    ...counts,
    findings: counts.codeDetails.map((c) => finding(c, run.severity(c.code))),
    cancelled: run.cancelled,
    elapsedMs: Math.round(now() - run.started),
  };
  return { summary, problems };
}
