/** `errdex lookup`: the terminal output, the --json interface, standard input and exit codes. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLookup, type LookupIo } from '../../src/cli/lookup.ts';
import { pickLocale } from '../../src/cli/locale.ts';
import { RegistryError } from '../../src/registry/load.ts';
import { requireRegistry } from '../../src/registry/load-fs.ts';
import { PYTHON_TRACEBACK } from '../diagnostics/search/query-set.ts';
import { publishedJson } from '../published-json.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const registry = requireRegistry();
const SITE = 'https://errdex.example';
const io = (stdin = ''): LookupIo => ({ registry: () => registry, stdin: () => stdin, site: SITE, env: {} });

describe('runLookup', () => {
  it('--json: exactly {"results":[{code, system, title, summary, url, score}]}, best first', () => {
    const run = runLookup({ query: 'db-1506', json: true, locale: 'en' }, io());
    expect(run.exitCode).toBe(0);
    const json = publishedJson('lookup', run.stdout);
    expect(Object.keys(json)).toEqual(['results']);
    const entry = registry.errors.find((e) => e.code === 'DB_1506')!;
    expect(json.results[0]).toEqual({
      code: 'DB_1506', system: 'roas-bot', title: entry.title.en, summary: entry.summary.en,
      url: `${SITE}/en/codes/db_1506/`, score: 4,
    });
    for (const r of json.results) expect(Object.keys(r)).toEqual(['code', 'system', 'title', 'summary', 'url', 'score']);
    const scores = json.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('the terminal shows the top entry in full: symptoms, causes, steps and their commands', () => {
    const run = runLookup({ query: 'DB_1506', locale: 'en' }, io());
    const entry = registry.errors.find((e) => e.code === 'DB_1506')!;
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`DB_1506  ${entry.title.en}`);
    expect(run.stdout).toContain(`${SITE}/en/codes/db_1506/`);
    for (const s of entry.symptoms) expect(run.stdout).toContain(s.en);
    for (const c of entry.causes) expect(run.stdout).toContain(c.en);
    for (const step of [...entry.diagnosis, ...entry.resolution]) {
      expect(run.stdout).toContain(step.text.en);
      if (step.command) expect(run.stdout).toContain(step.command.code.split('\n')[0]!.trim());
    }
  });

  it('Chinese output with --locale zh-TW', () => {
    const run = runLookup({ query: '資料庫鎖定', locale: 'zh-TW' }, io());
    const entry = registry.errors.find((e) => e.code === 'DB_1506')!;
    expect(run.stdout.startsWith(`DB_1506  ${entry.title['zh-TW']}`)).toBe(true);
    expect(run.stdout).toContain('/codes/db_1506/');
    expect(run.stdout).toContain('其他結果');
  });

  it('`-` reads a pasted traceback from standard input', () => {
    const run = runLookup({ query: '-', json: true }, io(PYTHON_TRACEBACK));
    expect(run.exitCode).toBe(0);
    expect(publishedJson('lookup', run.stdout).results[0].code).toBe('QWM_2000');
  });

  it('--json says when a message is documented for several systems', () => {
    const json = publishedJson('lookup', runLookup({ query: 'database is locked', json: true }, io()).stdout);
    expect(json.ambiguous?.codes.slice().sort()).toEqual(['DB_1506', 'QWM_2200']);
    expect(json.ambiguous?.systems.slice().sort()).toEqual(['qwen3-memory', 'roas-bot']);
  });

  it('--system keeps one system; --limit caps the results', () => {
    const run = runLookup({ query: 'database is locked', system: 'qwen3-memory', limit: '2', json: true }, io());
    const results = publishedJson('lookup', run.stdout).results;
    expect(results.length).toBe(2);
    expect(results.every((r) => r.system === 'qwen3-memory')).toBe(true);
  });

  it('exit 1 when nothing matches, with an empty result list in --json', () => {
    const run = runLookup({ query: 'qqxzzv wvvkjq', json: true }, io());
    expect(run.exitCode).toBe(1);
    expect(publishedJson('lookup', run.stdout)).toEqual({ results: [] });
    expect(run.stderr).toMatch(/no entry matches/);
  });

  it('exit 1 and a clear message for binary input', () => {
    const run = runLookup({ query: '-' }, io('\u0000\u0001\u0002binary'.repeat(100)));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/binary data/);
  });

  it.each([
    [{ query: 'x', locale: 'fr' }, /--locale must be zh-TW or en/],
    [{ query: 'x', system: 'nope' }, /there is no system "nope"; the systems are: .*roas-bot/],
    [{ query: 'x', limit: '0' }, /--limit must be a positive whole number/],
    [{}, /give a code, a message or `-`/],
  ])('exit 2 for bad arguments: %j', (args, message) => {
    const run = runLookup(args, io());
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exit 2 when the registry cannot be loaded', () => {
    const broken: LookupIo = { ...io(), registry: () => { throw new RegistryError([{ file: 'x.yaml', rule: 'yaml', message: 'bad' }]); } };
    const run = runLookup({ query: 'DB_1506' }, broken);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/x\.yaml: bad/);
  });

  it('the default locale follows the environment', () => {
    expect(pickLocale(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(pickLocale(undefined, { LANG: 'C' })).toBe('en');
    expect(pickLocale(undefined, { ERRDEX_LANG: 'zh', LANG: 'C' })).toBe('zh-TW');
    expect(pickLocale('en', { LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(pickLocale('xx')).toBeUndefined();
  });
});

describe('errdex lookup (process)', () => {
  const errdex = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/main.ts'), 'lookup', ...args], {
      encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, LANG: 'C', ERRDEX_SITE: SITE },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('a pasted traceback on standard input, --json', () => {
    const r = errdex(['-', '--json'], PYTHON_TRACEBACK);
    expect(r.code).toBe(0);
    expect(publishedJson('lookup', r.stdout).results[0]).toMatchObject({ code: 'QWM_2000', url: `${SITE}/en/codes/qwm_2000/` });
  });

  it('nothing matches: exit 1', () => {
    const r = errdex(['qqxzzv wvvkjq']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});
