/** The sql.js glue: files are read lazily through MEMFS, and the connection cannot write. */
import { describe, expect, it } from 'vitest';
import { classifyError, openImage, quoteId, supportsLazyOpen } from '../../../src/diagnostics/db/engine.ts';
import { chunkedSource } from '../../../src/diagnostics/db/source.ts';
import { readFileSync } from 'node:fs';
import { fixturesOnce, loadSql } from './helpers.ts';

const f = fixturesOnce();

describe('engine', () => {
  it('this sql.js reads a database through the lazy view', async () => {
    expect(supportsLazyOpen(await loadSql())).toBe(true);
  });

  it('only the pages SQLite asks for are read', async () => {
    const bytes = new Uint8Array(readFileSync(f.qwen.healthy));
    let read = 0;
    const source = chunkedSource(bytes.length, (o, into) => { const p = bytes.subarray(o, o + into.length); into.set(p); read += p.length; return p.length; }, { chunkSize: 4096 });
    const o = openImage(await loadSql(), source);
    expect(o.lazy).toBe(true);
    expect(o.db.exec('SELECT count(*) FROM messages')[0]!.values[0]![0]).toBe(200);
    // Counting messages does not touch the embeddings' vectors, most of the file.
    expect(read).toBeLessThan(bytes.length / 4);
    o.close();
  });

  it('the connection is read-only and distrusts the schema', async () => {
    const o = openImage(await loadSql(), chunkedSource(0, () => 0));
    expect(o.db.exec('PRAGMA trusted_schema')[0]!.values[0]![0]).toBe(0);
    expect(() => o.db.exec('CREATE TABLE t(x)')).toThrow(/readonly|read-only|query_only/i);
    o.close();
  });

  it.each([
    ['file is not a database', 'notadb'],
    ['database disk image is malformed', 'corrupt'],
    ['malformed database schema (x)', 'corrupt'],
    ['unsupported file format', 'unsupported'],
    ['out of memory', 'nomem'],
    ['something else', 'other'],
  ])('%s -> %s', (message, kind) => {
    expect(classifyError(new Error(message)).kind).toBe(kind);
  });

  it('quotes identifiers', () => {
    expect(quoteId('a"b')).toBe('"a""b"');
  });
});
