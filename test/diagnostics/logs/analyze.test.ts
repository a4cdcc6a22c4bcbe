import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLog, MAX_LINE } from '../../../src/diagnostics/logs/analyze.ts';
import { nodeText } from '../../../src/diagnostics/logs/analyze-fs.ts';
import type { LogRecord } from '../../../src/diagnostics/logs/types.ts';
import { CIVITAI, ensureLogFixtures, GENERIC, ROAS_BOT, TRACING, XSS } from '../../fixtures/logs/make-fixtures.ts';
import { bytes, codesOf, file, testCompiled, text } from './helpers.ts';
import { FILE_KINDS, MAGIC_KINDS } from '../../../src/diagnostics/file-magic.ts';
import { binarySamples, ownExecutable } from '../../fixtures/binary-samples.ts';

let dir = '';
beforeAll(() => {
  dir = ensureLogFixtures();
});
const at = (name: string) => join(dir, name);

/** A summary without the fields that depend on how the input was read. */
function essence(s: Awaited<ReturnType<typeof bytes>>) {
  const { elapsedMs: _e, bytes: _b, textBytes: _t, encoding: _n, bom: _m, compression: _c, gzipMembers: _g, ...rest } = s.summary;
  return { ...rest, records: s.records };
}

describe('roas-bot log', () => {
  it('groups Context/Details lines and tracebacks with their head line', async () => {
    const { summary, records } = await file(at('roas-bot.log'));
    expect(summary.verdict).toBe('ok');
    expect(summary.records).toBe(8);
    expect(summary.unparsedLines).toBe(0);
    const svc = records.find((r) => r.explicitCode === 'SVC_1102')!;
    expect(svc.continuation).toEqual([
      'Context: {"user_id": 12345, "guild_id": 67890, "operation": "initialize"}',
      'Details: 無法連接到資料庫，檢查DATABASE_URL配置',
    ]);
    expect(svc.lines).toBe(3);
    const db = records.find((r) => r.explicitCode === 'DB_1506')!;
    expect(db.exception).toBe('sqlite3.OperationalError');
    expect(db.lines).toBe(5);
  });

  it('counts levels, loggers, first and last', async () => {
    const { summary } = await file(at('roas-bot.log'));
    expect(summary.levels).toEqual({ trace: 0, debug: 1, info: 2, notice: 0, warning: 1, error: 3, critical: 1 });
    expect(summary.loggers).toMatchObject({ AchievementService: 2, DatabaseManager: 2, Bot: 2 });
    expect(summary.first).toBe('2025-08-23T10:30:15.000Z');
    expect(summary.last).toBe('2025-08-23T10:34:00.000Z');
    expect(summary.formats).toEqual({ 'roas-bot': 8 });
    expect(summary.systems).toEqual(['roas-bot']);
  });

  it('validates explicit codes against the registry and infers the rest', async () => {
    const { summary, records } = await file(at('roas-bot.log'));
    expect(summary.unknownCodes).toEqual({ APP_1003: 1 });
    expect(records.find((r) => r.unknownCode === 'APP_1003')!.codes).not.toContain('APP_1003');
    // "database is locked" on a roas-bot warning line is DB_1506, without the line saying so.
    const warning = records.find((r) => r.level === 'warning')!;
    expect(warning.codes).toContain('DB_1506');
    expect(warning.explicitCode).toBeUndefined();
    const db = summary.codeDetails.find((c) => c.code === 'DB_1506')!;
    expect(db).toMatchObject({ system: 'roas-bot', records: 2, explicit: 1, inferred: 1 });
    // An explicit code counts on an info line too.
    expect(summary.codes.ACH_1201).toBe(1);
    // Each code is also a finding: code, severity, a message in both languages, evidence.
    const f = summary.findings.find((x) => x.code === 'DB_1506')!;
    expect(f.evidence).toMatchObject({ records: 2, line: 5 });
    expect(['info', 'warning', 'error']).toContain(f.severity);
    expect(f.message.en).toMatch(/2 records carry DB_1506 \(written 1, recognised 1\)/);
    expect(f.message['zh-TW']).toMatch(/2 筆紀錄帶有 DB_1506/);
    // Inferred codes stay within the format's system.
    const roas = codesOf('roas-bot');
    for (const code of Object.keys(summary.codes)) expect(roas).toContain(code);
  });
});

describe('Python logging (written by the logging module)', () => {
  const expected = () => JSON.parse(readFileSync(at('expected.json'), 'utf8')) as Record<string, Record<string, unknown>>;

  it.each(['python-logging.log', 'python-basic.log', 'django.json'])('%s has the records Python wrote', async (name) => {
    const { summary } = await file(at(name));
    const want = expected()[name]!;
    expect(summary.verdict).toBe('ok');
    expect(summary.records).toBe(want.records);
    expect(summary.unparsedLines).toBe(0);
    expect(summary.formats).toEqual(want.formats);
    for (const [level, n] of Object.entries(want.levels as Record<string, number>)) expect(summary.levels[level as 'info']).toBe(n);
    if (want.exceptions) expect(summary.exceptions).toEqual(want.exceptions);
    if (want.http) expect(summary.http).toEqual(want.http);
  });

  it('keeps a traceback and a multi-line message with their records', async () => {
    const { records } = await file(at('python-logging.log'));
    const locked = records.find((r) => r.exception === 'sqlite3.OperationalError')!;
    expect(locked.continuation[0]).toBe('Traceback (most recent call last):');
    expect(locked.continuation.at(-1)).toBe('sqlite3.OperationalError: database is locked');
    expect(records.find((r) => r.message === 'multi-line message')!.continuation).toEqual(['second line of the same record']);
  });

  it('scopes inference to the systems of the format: the same message means a qwen3-memory code here', async () => {
    const { records } = await file(at('python-logging.log'));
    const locked = records.find((r) => r.exception === 'sqlite3.OperationalError')!;
    expect(locked.codes.length).toBeGreaterThan(0);
    expect(locked.codes).not.toContain('DB_1506');
    const allowed = new Set([...codesOf('qwen3-memory'), ...codesOf('civitai-client')]);
    for (const c of locked.codes) expect(allowed).toContain(c);
    const oom = records.find((r) => r.message.includes('CUDA out of memory'))!;
    expect([...oom.codes].every((c) => codesOf('qwen3-memory').has(c))).toBe(true);
    expect(oom.codes.length).toBeGreaterThan(0);
  });

  it('reads a repeated one-line error the same way every time, in the scope of its own format', async () => {
    const lines = [
      '2025-08-23 10:30:15,001 - qwen3.migration - ERROR - database is locked (write of batch 7)',
      '[2025-08-23 10:30:16] ERROR DatabaseManager: database is locked (write of batch 7)',
      '2025-08-23 10:30:17,001 - qwen3.migration - ERROR - database is locked (write of batch 7)',
      '[2025-08-23 10:30:18] ERROR [DB_1506] DatabaseManager: database is locked (write of batch 7)',
      '[2025-08-23 10:30:19] ERROR DatabaseManager: database is locked (write of batch 7)',
    ];
    const { records } = await text(`${lines.join('\n')}\n`);
    expect(records.map((r) => r.format)).toEqual(['python-logging', 'roas-bot', 'python-logging', 'roas-bot', 'roas-bot']);
    const [py1, roas1, py2, roas2, roas3] = records as [LogRecord, LogRecord, LogRecord, LogRecord, LogRecord];
    expect(roas1.codes).toContain('DB_1506');
    expect(py1.codes).not.toContain('DB_1506');
    expect(py1.codes.length).toBeGreaterThan(0);
    expect(py2.codes).toEqual(py1.codes);
    expect(roas3.codes).toEqual(roas1.codes);
    expect(roas2.explicitCode).toBe('DB_1506');
    expect(roas2.codes.filter((c) => c === 'DB_1506')).toHaveLength(1);
    expect(new Set(records.map((r) => r.templateId)).size).toBe(1);
  });

  it('reads Django JSON records with exc_info as continuation lines', async () => {
    const { records, summary } = await file(at('django.json'));
    const failed = records.find((r) => r.http === 500)!;
    expect(failed.logger).toBe('django.request');
    expect(failed.exception).toBe('ConnectionError');
    expect(failed.continuation[0]).toBe('Traceback (most recent call last):');
    expect(summary.loggers).toEqual({ 'django.request': 3, 'proxy.health': 2 });
    expect(summary.first).toBe('2025-08-23T10:30:03.500Z');
    const nodes = records.find((r) => r.message === 'no healthy nodes available')!;
    expect(nodes.codes.every((c) => codesOf('aivonx-proxy').has(c))).toBe(true);
    expect(nodes.codes.length).toBeGreaterThan(0);
  });
});

describe('Civitai, tracing and generic logs', () => {
  it('reads [http_client] lines, their wrapped second line and their HTTP statuses', async () => {
    const { summary, records } = await bytes(CIVITAI);
    expect(summary.records).toBe(9);
    expect(summary.http).toEqual({ '401': 1, '403': 1, '429': 1, '500': 1, '524': 1 });
    const conn = records.find((r) => r.exception === 'ConnectionError')!;
    expect(conn.continuation).toEqual(['Max retries exceeded with url: /api/v1/models/12345']);
    expect(conn.level).toBe('error');
    expect(conn.levelInferred).toBe(true);
    expect(records[0]!.level).toBe('info');
    const retry = records.find((r) => r.message.startsWith('Retry'))!;
    expect(retry).toMatchObject({ level: 'warning', timestamp: '2025-08-23 10:30:15,204' });
    expect(retry.levelInferred).toBeUndefined();
    const civitai = codesOf('civitai-client');
    const coded = records.filter((r) => r.http && r.http >= 400);
    for (const r of coded) {
      expect(r.codes.length, r.message).toBeGreaterThan(0);
      for (const c of r.codes) expect(civitai).toContain(c);
    }
    // 401 and 429 are different errors: different codes.
    expect(records.find((r) => r.http === 401)!.codes).not.toEqual(records.find((r) => r.http === 429)!.codes);
  });

  it('reads Rust tracing output, with ANSI colours and Caused by: lines', async () => {
    const { summary, records } = await bytes(TRACING);
    expect(summary.records).toBe(6);
    expect(summary.unparsedLines).toBe(0);
    expect(summary.levels).toMatchObject({ debug: 1, info: 1, warning: 2, error: 2 });
    const colored = records.find((r) => r.logger === 'botrs::health')!;
    expect(colored.message).toBe('长时间未收到消息，可能存在连接问题');
    expect(records.find((r) => r.message.startsWith('机器人连接失败'))!.continuation).toHaveLength(3);
    expect(records.find((r) => r.exception === 'BotError::RateLimited')).toBeDefined();
    const botrs = codesOf('botrs');
    expect(Object.keys(summary.codes).length).toBeGreaterThan(0);
    for (const c of Object.keys(summary.codes)) expect(botrs).toContain(c);
  });

  it('falls back to the generic format for unknown logs with a timestamp and a level', async () => {
    const { summary, records } = await bytes(GENERIC);
    expect(summary.formats).toEqual({ generic: 4 });
    expect(summary.levels).toMatchObject({ error: 2, warning: 1, notice: 1 });
    const java = records.find((r) => r.message === 'c.e.Service - request failed' || r.message.includes('request failed'))!;
    expect(java.lines).toBe(6);
    expect(java.exception).toBe('java.lang.IllegalStateException');
  });

  it('reads a file that mixes formats line by line', async () => {
    const { summary } = await file(at('mixed.log'));
    expect(summary.formats).toEqual({ 'roas-bot': 8, 'civitai-http-client': 9, 'rust-tracing': 6, generic: 4 });
    expect(summary.unparsedLines).toBe(0);
    expect(summary.codes.DB_1506).toBe(2);
  });
});

describe('encodings, compression and line endings', () => {
  const reference = async () => essence(await file(at('roas-bot.log')));

  it.each([
    ['roas-bot.utf-8-sig', 'utf-8', true],
    ['roas-bot.utf-16-le+bom', 'utf-16le', true],
    ['roas-bot.utf-16-be+bom', 'utf-16be', true],
    ['roas-bot.utf-16-le', 'utf-16le', false],
    ['roas-bot.utf-16-be', 'utf-16be', false],
    ['roas-bot.big5', 'big5', false],
    ['roas-bot.gb18030', 'gb18030', false],
  ])('%s is detected as %s and read like the UTF-8 original', async (name, encoding, bom) => {
    const got = await file(at(name));
    expect(got.summary.encoding).toBe(encoding);
    expect(got.summary.bom).toBe(bom);
    expect(essence(got)).toEqual(await reference());
  });

  it.each([
    ['tracing.gbk', 'tracing-plain.log'],
    ['tracing.gb18030', 'tracing-plain.log'],
    ['short-zh-tw.big5', 'short-zh-tw.log'],
    ['short-zh-cn.gbk', 'short-zh-cn.log'],
  ])('%s reads like %s', async (name, original) => {
    const got = await file(at(name));
    expect(['big5', 'gb18030']).toContain(got.summary.encoding);
    expect(essence(got)).toEqual(essence(await file(at(original))));
  });

  it('keeps a message whole across a lone carriage return or U+2028 inside the line', async () => {
    const input = '[2025-08-23 10:30:15] INFO Bot: before\rafter\n[2025-08-23 10:30:16] INFO Bot: one\u2028two\n';
    for (const fast of [true, false]) {
      const { records } = await bytes(input, { fast });
      expect(records.map((r) => r.message)).toEqual(['before\rafter', 'one\u2028two']);
    }
    expect((await text(input)).records.map((r) => r.message)).toEqual(['before\rafter', 'one\u2028two']);
  });

  it('reads CRLF line endings', async () => {
    expect(essence(await file(at('roas-bot.crlf.log')))).toEqual(await reference());
  });

  it('decompresses gzip', async () => {
    const got = await file(at('roas-bot.log.gz'));
    expect(got.summary.compression).toBe('gzip');
    expect(essence(got)).toEqual(await reference());
    expect((await file(at('mixed.log.gz'))).summary.records).toBe(27);
  });

  it('reports a truncated gzip file and keeps what it read', async () => {
    const got = await file(at('truncated.log.gz'));
    expect(got.problems.map((p) => p.kind)).toContain('decompression');
    expect(got.summary.records).toBeGreaterThan(0);
  });

  it('replaces invalid bytes and goes on', async () => {
    const got = await file(at('invalid-utf8.log'));
    const bad = got.records.find((r) => r.message.startsWith('bad bytes'))!;
    expect(bad.message).toContain('\ufffd');
    expect(got.summary.records).toBe(8 * 3001 + 1);
    const viaDecoder = await bytes(readFileSync(at('invalid-utf8.log')));
    expect(viaDecoder.problems.map((p) => p.kind)).toContain('invalid-bytes');
    expect(viaDecoder.summary.records).toBe(got.summary.records);
  });

  it('gives the same result whatever the chunk boundaries, through either decoding path', async () => {
    const input = readFileSync(at('mixed.log'));
    const whole = essence(await bytes(input, { fast: true, chunk: input.length }));
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 700 }), fc.boolean(), async (chunk, fast) => {
      expect(essence(await bytes(input, { fast, chunk }))).toEqual(whole);
    }), { numRuns: 25 });
  });

  it('reads a web ReadableStream and a Blob', async () => {
    const data = readFileSync(at('roas-bot.log'));
    const stream = new Blob([data]).stream();
    const viaStream = await analyzeLog(stream, { compiled: testCompiled() });
    const viaBlob = await analyzeLog(new Blob([data]), { compiled: testCompiled() });
    expect(viaStream.summary.records).toBe(8);
    expect(viaBlob.summary.records).toBe(8);
  });
});

describe('bad input gets a clear verdict', () => {
  it.each([
    ['empty.log', 'empty', 'empty'],
    ['blank.log', 'empty', 'empty'],
    ['binary.bin', 'binary', 'binary'],
    ['archive.zip', 'binary', 'binary'],
    ['database.sqlite', 'binary', 'binary'],
    ['unknown.txt', 'unknown-format', 'unknown-format'],
    ['no-such-file.log', 'unreadable', 'read-error'],
  ])('%s: %s', async (name, verdict, problem) => {
    const got = await file(at(name));
    expect(got.summary.verdict).toBe(verdict);
    expect(got.problems[0]!.kind).toBe(problem);
    expect(got.problems[0]!.message.en.length).toBeGreaterThan(10);
    expect(got.problems[0]!.message['zh-TW'].length).toBeGreaterThan(5);
  });

  it('reads around zero-filled blocks, as a crash leaves them, and says how many zero bytes it skipped', async () => {
    const line = (s: number, level: string, msg: string) => `[2025-08-23 10:30:${String(s).padStart(2, '0')}] ${level} DatabaseManager: ${msg}\n`;
    const enc = new TextEncoder();
    const zeros = new Uint8Array(4096);
    // A block of zeros at the very start (within the encoding sample) and one that cuts a line in two.
    const parts = [zeros, enc.encode(line(1, 'INFO', 'started')), enc.encode('[2025-08-23 10:30:02] ERROR DatabaseManager: database is lo'), zeros, zeros, enc.encode(line(3, 'ERROR', 'database is locked'))];
    const bytesIn = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytesIn.set(p, at);
      at += p.length;
    }
    for (const fast of [false, true]) {
      const got = await bytes(bytesIn, { fast, chunk: 1000 });
      expect(got.summary.verdict).toBe('ok');
      expect(got.summary.zeroBytes).toBe(3 * 4096);
      expect(got.problems.map((p) => p.kind)).toContain('zero-bytes');
      expect(got.summary.records).toBe(3);
      expect(got.records.map((r) => r.message)).toEqual(['started', 'database is lo', 'database is locked']);
      // The cut line and the line after the zeros are one line of the file.
      expect(got.records.map((r) => r.line)).toEqual([1, 2, 2]);
      expect(got.summary.lines).toBe(2);
      expect(got.records[2]!.codes.length).toBeGreaterThan(0);
    }
  });

  it('still calls a file with scattered zero bytes binary', async () => {
    const noise = new Uint8Array(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = i % 97 === 0 ? 0 : 65 + (i % 26);
    expect((await bytes(noise)).summary.verdict).toBe('binary');
  });

  it('names the kind of a recognised binary file', async () => {
    expect((await file(at('archive.zip'))).summary.container).toBe('zip');
    expect((await file(at('database.sqlite'))).problems[0]!.message.en).toMatch(/SQLite/);
  });

  it('names every known kind of file for what it is, and says to extract only what can be extracted', async () => {
    const samples = binarySamples();
    for (const kind of MAGIC_KINDS) {
      if (kind === 'gzip') continue; // read as a log: gzip is decompressed
      const got = await bytes(samples[kind]);
      expect(got.summary.verdict, kind).toBe('binary');
      expect(got.summary.container, kind).toBe(kind);
      const { en, 'zh-TW': zh } = got.problems[0]!.message;
      expect(en, kind).toContain(FILE_KINDS[kind].name.en);
      expect(zh, kind).toContain(FILE_KINDS[kind].name['zh-TW']);
      const family = FILE_KINDS[kind].family;
      expect(/extract|decompress/i.test(en), `${kind}: ${en}`).toBe(family === 'archive' || family === 'compressed');
    }
    const program = await bytes(ownExecutable().bytes);
    expect(program.problems[0]!.message.en).toMatch(/^This is not a text log but a .*executable.*\. This is a program itself, not a log it writes/);
    expect(program.problems[0]!.message['zh-TW']).toContain('這是程式本身，不是它寫出的日誌');
  });

  it('caps a line of megabytes instead of hanging', async () => {
    const started = performance.now();
    const got = await file(at('huge-line.log'));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(got.summary.records).toBe(3);
    expect(got.summary.truncatedLines).toBe(1);
    expect(got.problems.map((p) => p.kind)).toContain('truncated-lines');
    expect(got.records[1]!.message.length).toBeLessThanOrEqual(MAX_LINE);
    expect(got.records[2]!.message).toBe('after');
  });

  it('caps a line that never ends', async () => {
    async function* endless() {
      const piece = new TextEncoder().encode('[2025-08-23 10:30:01] ERROR Bot: ' + 'y'.repeat(1 << 20));
      yield piece;
      for (let i = 0; i < 40; i++) yield new Uint8Array(1 << 20).fill(0x79);
    }
    const got = await analyzeLog(endless(), { compiled: testCompiled(), text: nodeText });
    expect(got.summary.records).toBe(1);
    expect(got.summary.truncatedLines).toBe(1);
  });

  it('keeps markup in log text as text (never interpreted)', async () => {
    const { records, summary } = await bytes(XSS);
    expect(summary.records).toBe(3);
    expect(records[0]!.logger).toBe('<img/src=x/onerror=alert(1)>');
    expect(records[0]!.message).toBe('<script>alert("message")</script>');
    expect(records[0]!.continuation).toEqual(['Details: <img src=x onerror=alert("details")>']);
    expect(records[1]!.logger).toBe('<script>alert("logger")</script>');
    expect(records[1]!.continuation).toContain('<script>alert("exc")</script>');
    expect(records[2]!.message).toContain('<script>');
  });

  it('stops when cancelled and says so', async () => {
    const controller = new AbortController();
    async function* slow() {
      for (let i = 0; i < 1000; i++) {
        if (i === 3) controller.abort();
        yield new TextEncoder().encode(ROAS_BOT);
      }
    }
    const got = await analyzeLog(slow(), { compiled: testCompiled(), signal: controller.signal });
    expect(got.summary.cancelled).toBe(true);
    expect(got.problems.map((p) => p.kind)).toContain('cancelled');
    expect(got.summary.records).toBeLessThan(8 * 10);
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await analyzeLog(readFileSync(at('invalid-utf8.log')), { compiled: testCompiled(), onProgress: (p) => seen.push(p.bytes), progressEveryMs: 0 });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(readFileSync(at('invalid-utf8.log')).length);
  });
});

describe('summary', () => {
  it('buckets warnings and errors over time', async () => {
    const { summary } = await file(at('roas-bot.log'));
    const t = summary.timeline;
    const sum = (k: 'warning' | 'error' | 'critical' | 'records') => t.buckets.reduce((n, b) => n + b[k], 0);
    expect(sum('records')).toBe(8);
    expect(sum('warning')).toBe(1);
    expect(sum('error')).toBe(3);
    expect(sum('critical')).toBe(1);
    expect(t.buckets.length).toBeLessThanOrEqual(240);
  });

  it('lists the top templates with stable ids', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `[2025-08-23 10:30:${String(i % 60).padStart(2, '0')}] INFO Bot: user ${i} joined guild ${i * 7}`);
    lines.push('[2025-08-23 10:31:00] ERROR Bot: failed to load "config.json"');
    const { summary, records } = await text(lines.join('\n'));
    expect(summary.templates[0]).toMatchObject({ template: 'user <*> joined guild <*>', count: 50, level: 'info', firstLine: 1, example: 'user 0 joined guild 0' });
    expect(summary.templates[1]).toMatchObject({ template: 'failed to load "<*>"', count: 1, level: 'error' });
    expect(records[0]!.templateId).toBe(summary.templates[0]!.id);
    expect(summary.templatesApproximate).toBe(false);
  });

  it('keeps memory bounded on many distinct templates', async () => {
    const word = (i: number) => [...i.toString(26)].map((c) => String.fromCharCode(parseInt(c, 26) + 103)).join('');
    const lines = Array.from({ length: 30_000 }, (_, i) => `[2025-08-23 10:30:00] ERROR Bot: failure ${word(i)} happened`);
    const { summary } = await text(lines.join('\n'));
    expect(summary.records).toBe(30_000);
    expect(summary.templateCount).toBeLessThanOrEqual(20_000);
    expect(summary.templatesApproximate).toBe(true);
    expect(summary.levels.error).toBe(30_000);
  });
});

describe('encoding of nearly valid text', () => {
  it('keeps a UTF-8 file with one bad byte in 35,000 characters UTF-8, the byte counted', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `[2025-08-23 10:30:15] INFO DatabaseManager: 查詢完成，耗時 ${i} ms，回傳 ${i % 40} 筆`);
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const bad = Uint8Array.from(bytes);
    bad[bytes.length - 200] = 0xff;
    const got = await analyzeLog(bad, { compiled: testCompiled() });
    expect(got.summary.encoding).toBe('utf-8');
    expect(got.summary.invalidSequences).toBe(1);
    expect(got.problems.find((p) => p.kind === 'invalid-bytes')?.message.en).toMatch(/^1 byte sequence is not valid utf-8/);
    expect(got.summary.records).toBe(1000);
  });

  it('reports bad bytes found after the sample the encoding was detected on', async () => {
    const line = '[2025-08-23 10:30:15] INFO Bot: 資料庫 ok\n';
    const bytes = new TextEncoder().encode(line.repeat(20_000));
    bytes[bytes.length - 10] = 0xc3; // a lead byte without its continuation
    const got = await analyzeLog(bytes, { compiled: testCompiled() });
    expect(got.summary.encoding).toBe('utf-8');
    expect(got.summary.invalidSequences).toBe(1);
  });

  it('does not call text with one run of fifteen zero bytes binary', async () => {
    const text = new TextEncoder().encode('[2025-08-23 10:30:15] INFO Bot: before\n'.repeat(50));
    const input = new Uint8Array(text.length + 15);
    input.set(text.subarray(0, 400));
    input.set(text.subarray(400), 415);
    const got = await analyzeLog(input, { compiled: testCompiled() });
    expect(got.summary.verdict).toBe('ok');
    expect(got.summary.zeroBytes).toBe(15);
  });
});

describe('text with no recognisable head', () => {
  it('is read line by line as plain text: records, levels from words, codes and templates', async () => {
    const lines = [
      'starting the nightly export for guild 1201',
      'starting the nightly export for guild 1202',
      'sqlite3.OperationalError: database is locked',
      'export failed after 3 retries',
      '   ',
      'starting the nightly export for guild 1203',
    ];
    const got = await text(`${lines.join('\n')}\n`);
    expect(got.summary.verdict).toBe('unknown-format');
    expect(got.summary.formats).toEqual({ 'plain-text': 5 });
    expect(got.summary.formatInfo['plain-text']).toMatchObject({ learned: true });
    expect(got.summary.records).toBe(5);
    expect(got.summary.blankLines).toBe(1);
    expect(got.summary.levels.error).toBe(2);
    expect(got.summary.levelsFromMessage.error).toBe(2);
    expect(got.records.every((r) => r.levelSource === 'message')).toBe(true);
    expect(got.summary.templates[0]).toMatchObject({ count: 3 });
    expect(Object.keys(got.summary.codes).length).toBeGreaterThan(0);
    expect(got.problems[0]!.message.en).toMatch(/read as a record of plain text/);
  });
});

describe('several files as one (rotated logs)', () => {
  it('reads them in the order of their times, each as its own file, and says where each starts', async () => {
    const { analyzeLogs, DEFAULT_KEEP } = await import('../../../src/diagnostics/logs/analyze.ts');
    const { gzipSync } = await import('node:zlib');
    const day = (d: number, level: string, msg: string) => `[2025-08-${d} 10:30:15] ${level} Bot: ${msg}\n`;
    const current = new TextEncoder().encode(day(23, 'INFO', 'today one') + day(23, 'ERROR', 'database is locked'));
    const older = new TextEncoder().encode(day(22, 'INFO', 'yesterday'));
    const oldest = gzipSync(day(21, 'WARNING', 'two days ago') + day(21, 'INFO', 'still two days ago'));
    const got = await analyzeLogs(
      [{ name: 'app.log', source: current }, { name: 'app.log.2.gz', source: oldest }, { name: 'app.log.1', source: older }],
      { compiled: testCompiled(), keep: DEFAULT_KEEP },
    );
    expect(got.summary.files!.map((f) => [f.name, f.startLine, f.lines])).toEqual([['app.log.2.gz', 1, 2], ['app.log.1', 3, 1], ['app.log', 4, 2]]);
    expect(got.summary.records).toBe(5);
    expect(got.records.map((r) => `${r.file}:${r.line}`)).toEqual(['app.log.2.gz:1', 'app.log.2.gz:2', 'app.log.1:1', 'app.log:1', 'app.log:2']);
    expect(got.summary.first).toBe('2025-08-21T10:30:15.000Z');
    expect(got.summary.last).toBe('2025-08-23T10:30:15.000Z');
    expect(got.summary.codeDetails.find((c) => c.code === 'DB_1506')?.firstLine).toBe(5);
    expect(got.summary.encoding).toBe('utf-8');
  });

  it('gives one file read as a list of one the same result as read alone', async () => {
    const { analyzeLogs, DEFAULT_KEEP } = await import('../../../src/diagnostics/logs/analyze.ts');
    const data = readFileSync(at('mixed.log'));
    const alone = await analyzeLog(data, { compiled: testCompiled(), keep: DEFAULT_KEEP });
    const listed = await analyzeLogs([{ name: 'mixed.log', source: data }], { compiled: testCompiled(), keep: DEFAULT_KEEP });
    const strip = (r: typeof alone) => ({ ...r, summary: { ...r.summary, elapsedMs: 0 }, records: r.records.map(({ file: _f, ...x }) => x) });
    expect(strip(listed)).toEqual(strip(alone));
  });
});
