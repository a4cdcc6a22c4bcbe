/** The header and WAL readers, and the image that applies a WAL, against files SQLite wrote. */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { readHeader, sniffKind } from '../../../src/diagnostics/db/header.ts';
import { buildImage, walLayer } from '../../../src/diagnostics/db/image.ts';
import { chunkedSource, memorySource, readAll } from '../../../src/diagnostics/db/source.ts';
import { readWal } from '../../../src/diagnostics/db/wal.ts';
import { FILE_KINDS, MAGIC_KINDS } from '../../../src/diagnostics/file-magic.ts';
import { ownExecutable, writeBinarySamples } from '../../fixtures/binary-samples.ts';
import { byCode, check, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();
const bytes = (p: string) => new Uint8Array(readFileSync(p));

describe('files that are not databases', () => {
  it('are named by their magic number, not guessed from their bytes: a PNG is not "encrypted", a program is a program', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-not-db-'));
    const files = writeBinarySamples(dir);
    for (const kind of MAGIC_KINDS) {
      if (kind === 'sqlite') continue;
      const r = await check(files[kind]);
      expect(r.file.kind, kind).toBe(kind);
      expect(r.verdict, kind).toBe('unreadable');
      const [x] = byCode(r, 'SQLT_9000');
      expect(x?.message.en, kind).toContain(`but with the signature of ${FILE_KINDS[kind].name.en}`);
      expect(x?.message['zh-TW'], kind).toContain(FILE_KINDS[kind].name['zh-TW']);
      expect(byCode(r, 'SQLT_9004'), kind).toEqual([]);
      const family = FILE_KINDS[kind].family;
      expect(/extract|decompress/i.test(x!.message.en), `${kind}: ${x!.message.en}`).toBe(family === 'archive' || family === 'compressed');
    }
    const program = byCode(await check(files[ownExecutable().kind]), 'SQLT_9000')[0]!;
    expect(program.message.en).toContain('This is a program itself, not its database');
  });
});

describe('header', () => {
  it('reads the fields SQLite wrote', () => {
    const b = bytes(f.roas.healthy);
    const { kind, header, issues } = readHeader(b.subarray(0, 100), b.length);
    expect(kind).toBe('sqlite');
    expect(issues).toEqual([]);
    const db = new DatabaseSync(f.roas.healthy, { readOnly: true });
    const pragma = (p: string) => Object.values(db.prepare(`PRAGMA ${p}`).get() as object)[0];
    expect(header).toMatchObject({
      pageSize: pragma('page_size'), pageCount: pragma('page_count'), freelistPages: pragma('freelist_count'),
      userVersion: pragma('user_version'), applicationId: pragma('application_id'), textEncoding: 'UTF-8', journalMode: 'rollback',
      headerPageCountValid: true, schemaFormat: 4,
    });
    expect(header!.sqliteVersion).toBe((db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
    db.close();
  });

  it.each([
    [16, [0x03, 0xe8], 'pageSize'],
    [18, [3], 'writeVersion'],
    [21, [50], 'maxPayloadFraction'],
    [44, [0, 0, 0, 9], 'schemaFormat'],
    [56, [0, 0, 0, 7], 'textEncoding'],
  ] as const)('byte %d damaged -> %s', (at, value, field) => {
    const b = bytes(f.roas.healthy).slice(0, 4096);
    b.set(value, at);
    expect(readHeader(b, 114688).issues.map((i) => i.field)).toContain(field);
  });

  it.each([
    ['PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;', 'sql-dump'],
    ['just some words\n', 'text'],
  ])('sniffs %j as %s', (text, kind) => {
    const b = new TextEncoder().encode(text);
    expect(sniffKind(b, b.length).kind).toBe(kind);
  });
  it('sniffs compressed, random and empty files', () => {
    expect(readHeader(bytes(f.damaged['gzipped.db']!), 1).kind).toBe('gzip');
    expect(readHeader(bytes(f.damaged['random-bytes.db']!).subarray(0, 4096), 65536).kind).toBe('encrypted');
    expect(readHeader(new Uint8Array(0), 0).kind).toBe('empty');
    expect(readHeader(bytes(f.wal.pending.wal).subarray(0, 4096), 1000).kind).toBe('wal');
  });
});

describe('sources', () => {
  it('a chunked source returns the same bytes as the file, across chunk edges', () => {
    const b = bytes(f.roas.healthy);
    const s = chunkedSource(b.length, (o, into) => { const part = b.subarray(o, o + into.length); into.set(part); return part.length; }, { chunkSize: 1000, maxChunks: 3 });
    for (const [o, l] of [[0, 100], [990, 20], [2500, 4000], [b.length - 5, 50], [b.length + 10, 5]] as const) {
      expect(s.read(o, l)).toEqual(b.subarray(Math.min(o, b.length), Math.min(b.length, o + l)));
    }
    expect(readAll(s)).toEqual(b);
  });
});

describe('WAL', () => {
  it('a pending WAL: every frame valid, five commits', () => {
    const r = readWal(memorySource(bytes(f.wal.pending.wal)), 4096);
    expect(r).toMatchObject({ usable: true, commits: 5 });
    expect(r.stop).toBeUndefined();
    expect(r.validFrames).toBe(r.frames);
    expect(r.committedFrames).toBe(r.frames);
  });

  it('the image with the WAL applied is the database SQLite checkpoints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-wal-'));
    const path = join(dir, 'c.db');
    copyFileSync(f.wal.pending.db, path);
    copyFileSync(f.wal.pending.wal, `${path}-wal`);
    const db = bytes(f.wal.pending.db);
    const wal = memorySource(bytes(f.wal.pending.wal));
    const reading = readWal(wal, 4096);
    const image = readAll(buildImage(memorySource(db), { wal: walLayer(wal, reading), pageSize: 4096 }));
    const native = new DatabaseSync(path);
    native.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    native.close();
    const checkpointed = bytes(path);
    expect(image.length).toBe(checkpointed.length);
    // The image reads as rollback mode (bytes 18-19) so SQLite does not look for a WAL of its own.
    expect([image[18], image[19], checkpointed[18], checkpointed[19]]).toEqual([1, 1, 2, 2]);
    image[18] = image[19] = 2;
    expect(Buffer.compare(Buffer.from(image), Buffer.from(checkpointed))).toBe(0);
  });

  it('frames of a transaction that never committed are left out', () => {
    const r = readWal(memorySource(bytes(f.wal.uncommitted.wal)), 4096);
    expect(r.frames).toBeGreaterThan(r.committedFrames);
    expect(r.commits).toBe(5);
  });

  it('a torn WAL stops at the bad checksum', () => {
    const r = readWal(memorySource(bytes(f.wal.torn.wal)), 4096);
    expect(r.stop).toBe('checksum');
    expect(r.commits).toBe(4);
  });

  it('a WAL of another page size is not used', () => {
    expect(readWal(memorySource(bytes(f.wal.foreign.wal)), 4096)).toMatchObject({ usable: false, problem: 'page-size-differs' });
  });

  it.each([
    ['pending', () => check(f.wal.pending.db, f.wal.pending.wal), 'SQLT_9008'],
    ['without its WAL', () => check(f.wal.withoutWal), 'SQLT_9005'],
    ['uncommitted', () => check(f.wal.uncommitted.db, f.wal.uncommitted.wal), 'SQLT_9007'],
    ['torn', () => check(f.wal.torn.db, f.wal.torn.wal), 'SQLT_9007'],
    ['foreign', () => check(f.wal.foreign.db, f.wal.foreign.wal), 'SQLT_9006'],
  ] as const)('the report of a WAL %s says so (%s)', async (_name, run, code) => {
    const r = await run();
    expect(byCode(r, code)).toHaveLength(1);
  });

  it('a WAL database closed cleanly, without a -wal beside it, is healthy: a note says what is known, and no system error is named', async () => {
    const r = await check(f.wal.closed);
    expect(r.header?.journalMode).toBe('wal');
    expect(r.profile).toBe('roas-bot');
    expect(r.verdict).toBe('healthy');
    const note = byCode(r, 'SQLT_9005');
    expect(note).toEqual([expect.objectContaining({ severity: 'info' })]);
    // SQLT_9005 is related to DB_1506 in the registry, but a closed database is not "Database locked".
    expect(note[0]!.systemCode).toBeUndefined();
    expect(note[0]!.message.en).toMatch(/clean close/);
    expect(note[0]!.message.en).toMatch(/cannot tell/);
    expect(r.findings.every((x) => x.systemCode !== 'DB_1506')).toBe(true);
  });

  it('a copy taken while in use gets the same note: the file alone cannot tell the two apart', async () => {
    const r = await check(f.wal.withoutWal);
    expect(byCode(r, 'SQLT_9005')).toEqual([expect.objectContaining({ severity: 'info' })]);
    expect(r.verdict).not.toBe('warning');
  });

  it('with its WAL, the rows written after the last checkpoint are seen', async () => {
    const withWal = await check(f.wal.pending.db, f.wal.pending.wal);
    const without = await check(f.wal.withoutWal);
    expect(withWal.wal?.applied).toBe(true);
    expect(withWal.header!.pageCount).toBeLessThan(withWal.wal!.dbPages);
    expect(withWal.profile).toBe('qwen3-memory');
    expect(without.profile).toBe('qwen3-memory');
  });
});
