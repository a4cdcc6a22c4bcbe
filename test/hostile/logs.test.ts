/**
 * Hostile input for the log parser: every case ends within its budget, with a clear message and
 * the documented exit code, in bounded memory. Inputs are made here, by streaming zlib output and
 * generators; nothing large is committed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../src/diagnostics/logs/analyze.ts';
import { nodeText } from '../../src/diagnostics/logs/analyze-fs.ts';
import { testCompiled } from '../diagnostics/logs/helpers.ts';
import { totals } from '../../src/cli/logs.ts';
import type { LogAnalysis } from '../../src/diagnostics/logs/types.ts';
import { assertPublished, publishedJson, publishedLines } from '../published-json.ts';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'errdex-hostile-'));
const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

/** gzip of `total` bytes produced by `fill`, streamed through zlib (never held whole). */
async function gzipStream(total: number, fill: (chunk: Buffer) => void): Promise<Buffer> {
  const gz = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gz.on('end', resolve));
  const chunk = Buffer.alloc(MB);
  fill(chunk);
  for (let written = 0; written < total; written += chunk.length) {
    if (!gz.write(chunk)) await new Promise((resolve) => gz.once('drain', resolve));
  }
  gz.end();
  await done;
  return Buffer.concat(out);
}

/** Peak growth of this process's resident memory while `run` runs, in MB (sampled). */
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; mb: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, mb: (peak - base) / MB };
  } finally {
    clearInterval(timer);
  }
}

/** The analysis as `errdex logs --json` prints it, checked against its published schema. */
function publishedSummary(result: LogAnalysis): void {
  assertPublished('logs', JSON.parse(JSON.stringify(totals([{ file: 'input', ...result.summary, problems: result.problems }]))));
}

function cli(args: string[], input?: Buffer): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'logs', ...args], { input, encoding: 'utf8', maxBuffer: 64 * MB });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hostile logs', () => {
  it('stops a decompression bomb of zeros early, says so with the figures, and exits 2', async () => {
    const bomb = await gzipStream(1024 * MB, () => undefined);
    expect(bomb.length).toBeLessThan(2 * MB);
    const { result, mb } = await peakGrowth(() => analyzeLog(bomb, { compiled: testCompiled(), text: nodeText }));
    const problem = result.problems.find((p) => p.kind === 'bomb');
    expect(problem?.message.en).toMatch(/decompression bomb/);
    expect(problem?.message['zh-TW']).toMatch(/解壓縮炸彈/);
    expect(result.summary.textBytes).toBeLessThan(256 * MB);
    expect(mb).toBeLessThan(400);
    publishedSummary(result);
    const path = join(dir, 'bomb.log.gz');
    writeFileSync(path, bomb);
    const r = cli([path]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/decompression bomb/);
  }, 120_000);

  it('stops a bomb of repeated log lines by its ratio', async () => {
    const line = Buffer.from('[2025-08-23 10:30:15] INFO Bot: the same line again and again\n');
    const block = Buffer.alloc(16 * MB - ((16 * MB) % line.length));
    for (let i = 0; i < block.length; i += line.length) line.copy(block, i);
    // 64 members of 16 MB each (a multi-member stream): 1 GB of text from about 1.5 MB.
    const member = gzipSync(block, { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const result = await analyzeLog(bomb, { compiled: testCompiled(), text: nodeText });
    expect(result.problems.map((p) => p.kind)).toContain('bomb');
    expect(result.summary.records).toBeGreaterThan(0);
    publishedSummary(result);
  }, 120_000);

  it('reads every member of a multi-member gzip (cat a.gz b.gz)', async () => {
    const a = gzipSync('[2025-08-23 10:30:15] INFO Bot: first member\n');
    const b = gzipSync('[2025-08-23 10:30:16] ERROR Bot: second member\n');
    const result = await analyzeLog(Buffer.concat([a, b]), { compiled: testCompiled(), text: nodeText });
    expect(result.summary.records).toBe(2);
    expect(result.summary.gzipMembers).toBe(2);
    expect(result.problems.map((p) => p.kind)).not.toContain('decompression');
    publishedSummary(result);
  });

  it('keeps what it decoded before damage in a gzip stream, and says where the damage is', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `[2025-08-23 10:30:15] INFO Bot: line ${i} ${'x'.repeat(i % 40)}\n`).join('');
    const gz = gzipSync(lines, { level: 1 });
    const damaged = Buffer.from(gz);
    const at = Math.floor(gz.length * 0.6);
    for (let i = at; i < at + 64; i++) damaged[i] = 0xff;
    const result = await analyzeLog(damaged, { compiled: testCompiled(), text: nodeText });
    const problem = result.problems.find((p) => p.kind === 'decompression');
    expect(problem?.message.en).toMatch(/near compressed byte [\d,]+/);
    expect(result.summary.records).toBeGreaterThan(5_000);
    expect(result.summary.records).toBeLessThan(20_000);
    const path = join(dir, 'damaged.log.gz');
    writeFileSync(path, damaged);
    expect(cli([path]).status).toBe(2);
    const json = cli([path, '--json']);
    expect(json.status).toBe(2);
    expect(publishedJson('logs', json.stdout).files[0]!.problems.map((p) => p.kind)).toContain('decompression');
  });

  it('stops endless zeros (/dev/zero) with a clear message, in bounded memory', async () => {
    async function* zeros() {
      const chunk = new Uint8Array(MB);
      for (;;) yield chunk;
    }
    const { result, mb } = await peakGrowth(() => analyzeLog(zeros(), { compiled: testCompiled(), text: nodeText }));
    expect(result.problems.map((p) => p.kind)).toContain('endless-input');
    expect(result.problems.find((p) => p.kind === 'endless-input')!.message.en).toMatch(/zero bytes in a row/);
    expect(mb).toBeLessThan(400);
    publishedSummary(result);
  }, 120_000);

  it('stops input without line breaks after a bounded stretch', async () => {
    async function* noBreaks() {
      yield new TextEncoder().encode('[2025-08-23 10:30:15] ERROR Bot: start\n');
      const chunk = new Uint8Array(MB).fill(0x41);
      for (;;) yield chunk;
    }
    const result = await analyzeLog(noBreaks(), { compiled: testCompiled(), text: nodeText });
    expect(result.problems.map((p) => p.kind)).toContain('endless-input');
    expect(result.summary.records).toBe(1);
    expect(result.summary.unparsedLines).toBe(1);
    expect(result.summary.truncatedLines).toBe(1);
  }, 120_000);

  it('keeps out-of-range timestamps as text and reports them, never crashing', async () => {
    const input = [
      '{"time":"9999999999999999999","level":"error","msg":"far future"}',
      '{"time":1e20,"level":"error","msg":"also far"}',
      '{"time":-1e300,"level":"info","msg":"far past"}',
      '[2025-08-23 10:30:15] INFO Bot: ordinary',
    ].join('\n');
    const records: unknown[] = [];
    const result = await analyzeLog(new TextEncoder().encode(input), { compiled: testCompiled(), onRecord: (r) => records.push(r) });
    expect(result.summary.records).toBe(4);
    expect(records).toHaveLength(4);
    expect(result.problems.map((p) => p.kind)).toContain('time-out-of-range');
    expect(result.summary.first).toBe('2025-08-23T10:30:15.000Z');
    const path = join(dir, 'times.log');
    writeFileSync(path, input);
    const r = cli([path, '--records']);
    expect(r.status).toBe(0);
    expect(publishedLines(r.stdout)).toHaveLength(4);
    publishedSummary(result);
  });

  it('keeps huge records within the byte budget and counts the rest', async () => {
    const big = 'e'.repeat(MB);
    async function* lines() {
      for (let i = 0; i < 600; i++) yield new TextEncoder().encode(`[2025-08-23 10:30:15] ERROR Bot: ${big}\n`);
    }
    const keep = { all: 100_000, bytes: 32 * MB, severe: 100_000, severeBytes: 32 * MB };
    const { result, mb } = await peakGrowth(() => analyzeLog(lines(), { compiled: testCompiled(), text: nodeText, keep }));
    expect(result.summary.records).toBe(600);
    expect(result.records.length).toBeLessThan(70);
    expect(result.summary.recordsKept).toBe(result.records.length);
    expect(result.problems.map((p) => p.kind)).toContain('records-not-kept');
    expect(mb).toBeLessThan(600);
    publishedSummary(result);
  }, 120_000);

  it('refuses an unknown format id with exit 2', () => {
    const path = join(dir, 'plain.log');
    writeFileSync(path, '[2025-08-23 10:30:15] INFO Bot: hello\n');
    const r = cli([path, '--format', 'no-such-format']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format/);
  });
});
