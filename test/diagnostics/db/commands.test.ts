/**
 * Suggested SQL says how to run it: every finding's SQL comes as one `sqlite3 FILE 'SQL'` line,
 * the file name and the SQL quoted by the one quoting function; and the native sqlite3 shell,
 * given each command as a person would paste it, runs it on a copy whose name a shell would
 * otherwise split or expand.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlCommand } from '../../../src/diagnostics/db/findings.ts';
import type { DbReport } from '../../../src/diagnostics/db/report.ts';
import { shellQuote } from '../../../src/diagnostics/shell-quote.ts';
import { hasSqlite3Cli, SQLITE3 } from '../../fixtures/db/native.ts';
import { check, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();
const dir = mkdtempSync(join(tmpdir(), 'errdex-commands-'));

/** A copy of `path` named as a person's file might be: a space, a quote, a dollar sign. */
function awkwardCopy(path: string, tag: string): string {
  const copy = join(dir, `it's $HOME ${tag}.db`);
  copyFileSync(path, copy);
  return copy;
}

const sqlFindings = (r: DbReport) => r.findings.filter((x) => x.command?.code.startsWith('sqlite3 '));

describe('suggested SQL', () => {
  it('is written as one line that runs it, quoted, with line breaks of the SQL folded', () => {
    expect(sqlCommand("it's.db", 'SELECT a\n  FROM t\n  WHERE b = \'x\n y\'')).toEqual({
      lang: 'bash',
      code: `sqlite3 'it'\\''s.db' ${shellQuote("SELECT a FROM t WHERE b = 'x\n y'")}`,
    });
    expect(sqlCommand('-x.db', 'PRAGMA quick_check;').code).toBe("sqlite3 './-x.db' 'PRAGMA quick_check;'");
    // A comment runs to the end of its line, so such SQL keeps its lines.
    expect(sqlCommand('a.db', 'SELECT 1 -- one\nFROM t').code).toBe(`sqlite3 'a.db' ${shellQuote('SELECT 1 -- one\nFROM t')}`);
  });

  it.each([
    ['a missing index', 'SQLT_9202', () => f.roas.missingIndex],
    ['a missing column', 'SQLT_9201', () => f.roas.missingColumn],
    ['data checks of roas-bot', 'GOV_1400', () => f.roas.faults],
    ['vectors of the wrong length', 'QWM_2206', () => f.qwen.badLengths],
    ['orphan vectors', 'QWM_2202', () => f.qwen.orphans],
    ['an index out of step with its table', 'SQLT_9102', () => f.damaged['index-mismatch.db']!],
    ['a foreign key violation', 'SQLT_9300', () => f.foreignKey],
  ] as const)('%s (%s): no bare SQL, and the shell runs it', async (name, code, file) => {
    const copy = awkwardCopy(file(), name.replace(/\W+/g, '-'));
    const r = await check(copy);
    expect(r.findings.filter((x) => x.command?.lang === 'sql')).toEqual([]);
    const commands = sqlFindings(r);
    expect(commands.map((x) => x.code)).toContain(code);
    for (const x of commands) {
      expect(x.command!.code.startsWith(`sqlite3 ${shellQuote(copy)} `), x.command!.code).toBe(true);
      expect(x.command!.code).not.toContain('\n');
    }
    if (!hasSqlite3Cli) return;
    for (const x of commands) {
      const run = spawnSync('sh', ['-c', x.command!.code.replace(/^sqlite3 /, `${shellQuote(SQLITE3)} -bail `)], { encoding: 'utf8' });
      expect(run.stderr, x.command!.code).toBe('');
      expect(run.status, x.command!.code).toBe(0);
    }
  });
});
