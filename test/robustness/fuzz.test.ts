/**
 * Robustness sweep, seeded and reproducible (`ERRDEX_FUZZ_SEED=n` replays a run): random and
 * mutated log lines through the log core, random and mutated headers and databases through the
 * database checker. No exception may escape, and the work grows linearly with the input: ten
 * times the lines take less than `LINEAR_LIMIT` times the CPU time (measured in one run, so the
 * bound does not depend on how fast or busy the machine is).
 */
import { DatabaseSync } from 'node:sqlite';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { analyzeLog, compileLogRegistry } from '../../src/diagnostics/logs/analyze.ts';
import { nodeText } from '../../src/diagnostics/logs/analyze-fs.ts';
import { PieceParser } from '../../src/diagnostics/logs/engine/parse.ts';
import { buildSetup } from '../../src/diagnostics/logs/engine/setup.ts';
import { readHeader } from '../../src/diagnostics/db/header.ts';
import { checkDatabase } from '../../src/diagnostics/db/check.ts';
import { memorySource } from '../../src/diagnostics/db/source.ts';
import { requireRegistry } from '../../src/registry/load-fs.ts';
import { random as prng } from '../../scripts/lib/random.ts';

const SEED = Number(process.env.ERRDEX_FUZZ_SEED ?? 20261122);
const LINES = Number(process.env.ERRDEX_FUZZ_LINES ?? 100_000);
/** Ten times the lines may take at most this many times the CPU time (linear is 10). */
const LINEAR_LIMIT = 30;


const registry = requireRegistry();

/** Real lines to mutate: every format's samples and every entry's examples. */
const corpus = [
  ...registry.logFormats.flatMap((f) => f.samples.flatMap((s) => s.lines)),
  ...registry.errors.flatMap((e) => e.examples),
];

const ALPHABET = ['[', ']', '{', '}', '"', '\\', ':', ' ', '\t', '-', 'T', 'Z', '.', '0', '9', 'ERROR', 'WARN', '資料庫', '\u0000', '\uFFFD', '\u202E', 'a'.repeat(64), '\r', 'Traceback (most recent call last):', '  File "x.py", line 1', 'Context: ', '<script>'];

function mutate(line: string, rnd: () => number): string {
  const chars = [...line];
  const edits = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (chars.length + 1));
    const op = rnd();
    if (op < 0.3) chars.splice(at, 1 + Math.floor(rnd() * 8));
    else if (op < 0.6) chars.splice(at, 0, ALPHABET[Math.floor(rnd() * ALPHABET.length)]!);
    else if (op < 0.8) chars.splice(at, 0, String.fromCharCode(Math.floor(rnd() * 0xffff)));
    else chars.splice(at, 0, ...chars.slice(0, Math.floor(rnd() * chars.length)));
  }
  return chars.join('');
}

function randomLine(rnd: () => number): string {
  const length = Math.floor(rnd() ** 3 * 4000);
  let out = '';
  for (let i = 0; i < length; i++) out += rnd() < 0.1 ? ALPHABET[Math.floor(rnd() * ALPHABET.length)]! : String.fromCharCode(32 + Math.floor(rnd() * 95));
  return out;
}

describe(`robustness (seed ${SEED})`, () => {
  it(`parses ${LINES.toLocaleString('en')} random and mutated log lines without an exception, in time linear in their number`, () => {
    const rnd = prng(SEED);
    const parser = new PieceParser(buildSetup(compileLogRegistry(registry), { learned: [], genericSystems: [] }, nodeText));
    const encoder = new TextEncoder();
    const lines = Array.from({ length: LINES }, () => (rnd() < 0.75 ? mutate(corpus[Math.floor(rnd() * corpus.length)]!, rnd) : randomLine(rnd)));
    /** CPU milliseconds to parse `n` of the lines, in pieces of 1,000 lines. */
    const cpu = (n: number): number => {
      const started = process.cpuUsage();
      let total = 0;
      for (let i = 0; i < n; i += 1000) {
        const piece = encoder.encode(`${lines.slice(i, i + 1000).join('\n')}\n`);
        total += parser.parse(piece, 0).tally.lines;
      }
      expect(total).toBeGreaterThanOrEqual(n);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    };
    cpu(LINES / 10); // warm up the compiler
    const small = cpu(LINES / 10);
    const large = cpu(LINES);
    expect(large / Math.max(small, 1), `${small.toFixed(0)} ms for ${LINES / 10} lines, ${large.toFixed(0)} ms for ${LINES}`).toBeLessThan(LINEAR_LIMIT);
  });

  it('reads random bytes in every encoding guess, gzip-looking or not, without an exception', async () => {
    const rnd = prng(SEED + 1);
    const compiled = compileLogRegistry(registry);
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(Math.floor(rnd() * 20_000));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rnd() * 256);
      if (i % 4 === 0 && bytes.length > 2) bytes.set([0x1f, 0x8b, 0x08]);
      if (i % 4 === 1 && bytes.length > 2) bytes.set([0xff, 0xfe]);
      const result = await analyzeLog(bytes, { compiled });
      expect(['ok', 'binary', 'empty', 'unknown-format', 'unreadable']).toContain(result.summary.verdict);
    }
  });

  it('reads random and mutated database headers without an exception', () => {
    const rnd = prng(SEED + 2);
    const dir = mkdtempSync(join(tmpdir(), 'errdex-fuzz-'));
    const path = join(dir, 'base.db');
    const db = new DatabaseSync(path);
    db.exec('CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); INSERT INTO t(b) VALUES (\'x\'), (\'y\');');
    db.close();
    const base = readFileSync(path).subarray(0, 100);
    for (let i = 0; i < 20_000; i++) {
      const head = i % 2 === 0 ? Uint8Array.from(base) : new Uint8Array(100).map(() => Math.floor(rnd() * 256));
      for (let k = 0, n = Math.floor(rnd() * 8); k < n; k++) head[Math.floor(rnd() * 100)] = Math.floor(rnd() * 256);
      const size = Math.floor(rnd() * 1_000_000);
      const reading = readHeader(head.subarray(0, Math.floor(rnd() * 101)), size);
      expect(reading).toBeTypeOf('object');
    }
  });

  it('checks mutated databases without an exception, and every verdict is one of the documented ones', async () => {
    const rnd = prng(SEED + 3);
    const SQL = await initSqlJs();
    const dir = mkdtempSync(join(tmpdir(), 'errdex-fuzz-'));
    const path = join(dir, 'base.db');
    const db = new DatabaseSync(path);
    db.exec('CREATE TABLE users(id INTEGER PRIMARY KEY, guild_id INTEGER, name TEXT); CREATE INDEX users_guild ON users(guild_id);');
    const insert = db.prepare('INSERT INTO users(guild_id, name) VALUES (?, ?)');
    for (let i = 0; i < 400; i++) insert.run(i % 7, `user ${i} ${'x'.repeat(i % 50)}`);
    db.close();
    const base = readFileSync(path);
    for (let i = 0; i < 40; i++) {
      const bytes = Uint8Array.from(base);
      for (let k = 0, n = 1 + Math.floor(rnd() * 40); k < n; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.2 ? Math.floor(rnd() * bytes.length) : bytes.length;
      const outcome = checkDatabase({ db: { name: `fuzz-${i}.db`, source: memorySource(bytes.subarray(0, cut)) } }, { sql: SQL, registry });
      expect(outcome.problems).toEqual([]);
      expect(['ok', 'corrupt', 'unreadable']).toContain(outcome.report!.integrity);
    }
  });
});
