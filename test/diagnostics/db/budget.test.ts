/**
 * The budget of SQLite's own checks: the schema's expressions are found; a check that
 * evaluates them is stopped past its time (by the second thread's watchdog, or by the page,
 * which then checks again with `stopped`) or its memory, and what can stand in for it runs.
 * Bounds are asserted by outcome, never by how fast anything ran.
 */
import { describe, expect, it } from 'vitest';
import { readCatalog } from '../../../src/diagnostics/db/catalog.ts';
import { checkConstraints, fallbackFor, indexWhere, schemaExpressions } from '../../../src/diagnostics/db/expressions.ts';
import { openImage } from '../../../src/diagnostics/db/engine.ts';
import { fileSource } from '../../../src/diagnostics/db/node/source-fs.ts';
import { loadSqlJs } from '../../../src/diagnostics/db/node/sqljs-node.ts';
import { runDb } from '../../../src/cli/db.ts';
import { makeHostileDatabases } from '../../hostile/make-hostile-db.ts';
import { byCode, check, loadSql, registry } from './helpers.ts';

const h = makeHostileDatabases();

describe('expressions of the schema', () => {
  it('finds CHECK constraints in CREATE TABLE text, skipping strings, quoted names and comments', () => {
    expect(checkConstraints(`CREATE TABLE "check" (a CHECK (a > 0), 'CHECK (x)' TEXT, b -- CHECK (no)
      , CONSTRAINT pos CHECK ((b + 1) * 2 > length('(')), /* CHECK (c) */ c)`)).toEqual([
      { text: 'a > 0' },
      { name: 'pos', text: "(b + 1) * 2 > length('(')" },
    ]);
  });

  it('finds the WHERE of a partial index', () => {
    expect(indexWhere('CREATE INDEX i ON t (x) WHERE x > 0 AND y IN (SELECT 1)')).toBe('x > 0 AND y IN (SELECT 1)');
    expect(indexWhere("CREATE INDEX i ON t (x, 'WHERE')")).toBeUndefined();
  });

  it('lists what each hostile file and an honest one evaluate', async () => {
    const SQL = await loadSql();
    const kinds = (path: string) => {
      const source = fileSource(path);
      const o = openImage(SQL, source);
      try {
        return schemaExpressions(readCatalog(o.db)).map((e) => `${e.kind} ${e.table}${e.name ? ` ${e.name}` : ''}${e.quick ? ' (quick)' : ''}`);
      } finally {
        o.close();
        source.close();
      }
    };
    expect(kinds(h.checkSlow)).toEqual(['check t (quick)']);
    expect(kinds(h.checkHuge)).toEqual(['check t huge (quick)']);
    expect(kinds(h.indexSlow)).toEqual(['partial-index t t_key']);
    expect(kinds(h.generatedSlow)).toEqual(['generated t g (quick)']);
    expect(kinds(h.honestChecks).sort()).toEqual(['check accounts (quick)', 'check accounts (quick)', 'index-expression accounts accounts_owner', 'partial-index accounts accounts_rich']);
  });

  it('what stands in for a stopped check', () => {
    const e = (kind: 'check' | 'generated' | 'index-expression' | 'partial-index') => ({ kind, table: 't', text: 'x', quick: kind === 'check' || kind === 'generated' });
    expect(fallbackFor([e('check')], 'integrity_check')).toEqual({ pragma: 'integrity_check', ignoreChecks: true });
    expect(fallbackFor([e('check'), e('partial-index')], 'integrity_check')).toEqual({ pragma: 'quick_check', ignoreChecks: true });
    expect(fallbackFor([e('index-expression')], 'integrity_check')).toEqual({ pragma: 'quick_check', ignoreChecks: false });
    expect(fallbackFor([e('check')], 'quick_check')).toEqual({ pragma: 'quick_check', ignoreChecks: true });
    expect(fallbackFor([e('generated'), e('check')], 'integrity_check')).toBeUndefined();
  });
});

describe('an honest schema with expressions', () => {
  it('is checked in full, as SQLite checks it', async () => {
    const r = await check(h.honestChecks);
    expect(r.checks).toMatchObject({ integrityCheck: 'ok' });
    expect(byCode(r, 'SQLT_9105')).toEqual([]);
  });
});

describe('a check stopped by the page (checked again with `stopped`)', () => {
  it('a CHECK constraint: integrity_check runs again with CHECK constraints ignored', async () => {
    const r = await check(h.checkSlow, undefined, { stopped: { pragma: 'integrity_check', reason: 'time', afterMs: 20_500 } });
    expect(r.integrity).toBe('ok');
    expect(r.checks.integrityCheck).toBe('ok');
    const [x] = byCode(r, 'SQLT_9105');
    expect(x?.severity).toBe('warning');
    expect(x?.message.en).toMatch(/did not finish within its time budget \(stopped after 20\.5 s\)/);
    expect(x?.message.en).toMatch(/the CHECK constraints were not/);
    expect(x?.evidence).toEqual(["CHECK constraint t: length(printf('%.*c', 5000000 + x, 'x')) > 0"]);
    expect(r.verdict).toBe('warning');
  });

  it('a partial index: quick_check stands in, and the index comparison is what was not checked', async () => {
    const r = await check(h.indexSlow, undefined, { stopped: { pragma: 'integrity_check', reason: 'time', afterMs: 1000 } });
    expect(r.checks).toMatchObject({ quickCheck: 'ok', integrityCheck: 'stopped' });
    expect(byCode(r, 'SQLT_9105')[0]?.message.en).toMatch(/whether the indexes agree with their tables/);
  });

  it('a computed column: nothing can stand in, so the file is reported as not checked', async () => {
    const r = await check(h.generatedSlow, undefined, { stopped: { pragma: 'integrity_check', reason: 'time', afterMs: 1000 } });
    expect(r.integrity).toBe('unreadable');
    expect(r.verdict).toBe('unreadable');
    expect(byCode(r, 'SQLT_9105')[0]?.severity).toBe('error');
    expect(r.checks.foreignKeyCheck).toBe('skipped');
  });

  it('the page is told which phase needs a watchdog, and with what budget', async () => {
    const guards: unknown[] = [];
    await check(h.honestChecks, undefined, { budgetMs: 1234, onProgress: (p) => p.guard && guards.push({ phase: p.phase, ...p.guard }) });
    expect(guards).toEqual([{ phase: 'integrity_check', budgetMs: 1234 }]);
    const none: unknown[] = [];
    await check(h.honestChecks.replace('honest-checks', 'check-huge'), undefined, { depth: 'quick', onProgress: (p) => p.guard && none.push(p) });
    expect(none).toHaveLength(1);
  });
});

describe('a check stopped by its memory limit', () => {
  it('a CHECK asking for a 900 MB string fails at SQLite\'s heap limit at once, and is reported so', async () => {
    const r = await check(h.checkHuge);
    const [x] = byCode(r, 'SQLT_9105');
    expect(x?.message.en).toMatch(/ran out of the memory SQLite may use/);
    expect(r.integrity).toBe('ok');
  });
});

describe('the watchdog of the second thread (errdex db)', () => {
  it.each([
    ['checkSlow', 0, 'warning', 'integrityCheck', 'ok'],
    ['generatedSlow', 2, 'unreadable', 'integrityCheck', 'stopped'],
  ] as const)('%s: stopped at the time limit, exit %d', async (name, exit, verdict, field, state) => {
    const { sql, module } = await loadSqlJs();
    const r = runDb({ file: h[name], json: true, timeLimitMs: 300 }, { sql, module, registry: registry() });
    expect(r.exitCode).toBe(exit);
    expect(r.parallel).toBe(true);
    expect(r.report?.verdict).toBe(verdict);
    expect(r.report?.checks[field]).toBe(state);
    expect(byCode(r.report!, 'SQLT_9105')[0]?.message.en).toMatch(/did not finish within its time budget/);
  });
});
