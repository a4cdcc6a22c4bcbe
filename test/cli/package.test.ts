/**
 * The npm package: `npm pack`, `npm install -g` of the tarball into a temporary prefix, and every
 * command run from there with the machine's own Node (20 on Debian 12), away from this clone —
 * the registry and the search index come inside the package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoasBot } from '../fixtures/db/make-databases.ts';
import { publishedJson } from '../published-json.ts';
import { commandsIn, machineNode, ROOT, run } from './helpers.ts';

const node = machineNode();
const work = mkdtempSync(join(tmpdir(), 'errdex-package-'));
const prefix = join(work, 'prefix');
const away = join(work, 'elsewhere');
let bin = '';

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  mkdirSync(away, { recursive: true });
  // The bundle was just built by the test set-up; the `prepare` script would rebuild it.
  npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  const tarball = readdirSync(work).find((name) => /^errdex-.*\.tgz$/.test(name));
  if (!tarball) throw new Error('npm pack made no tarball');
  npm(['install', '--global', '--prefix', prefix, '--offline', join(work, tarball)], away);
  bin = join(prefix, 'bin', 'errdex');
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const errdex = (args: string[], input?: string) => run(node.path, bin, args, { cwd: away, input });

describe(`the package installed with npm install -g, run on the machine's Node (${node.version})`, () => {
  it('holds the bundle, the compiled registry and the search index, and no sources', () => {
    const pkg = join(prefix, 'lib', 'node_modules', 'errdex');
    expect(existsSync(join(pkg, 'generated', 'cli', 'errdex.mjs'))).toBe(true);
    expect(existsSync(join(pkg, 'generated', 'registry-snapshot.json'))).toBe(true);
    expect(existsSync(join(pkg, 'generated', 'search-index.json'))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'content'))).toBe(false);
    expect(existsSync(join(pkg, 'node_modules'))).toBe(false);
  });

  it('answers --help and every command\'s --help', () => {
    const help = errdex(['--help']);
    expect(help.code).toBe(0);
    const commands = commandsIn(help.stdout);
    expect(commands).toEqual(expect.arrayContaining(['db', 'logs', 'lookup']));
    for (const command of commands) expect(errdex([command, '--help']).code, command).toBe(0);
  });

  it('the maintainers\' commands say they need a clone', () => {
    for (const command of ['check', 'generate']) {
      const r = errdex([command]);
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toMatch(/there is no registry folder at .*clone of errdex/);
    }
  });

  it('lookup: a code, words, a pasted log', () => {
    const code = errdex(['lookup', 'DB_1506', '--json']);
    expect(code.code).toBe(0);
    expect(publishedJson('lookup', code.stdout).results[0]).toMatchObject({ code: 'DB_1506', url: 'https://errdex.example/en/codes/db_1506/' });
    const words = errdex(['lookup', 'database', 'is', 'locked', '--locale', 'zh-TW']);
    expect(words.code).toBe(0);
    expect(words.stdout).toMatch(/資料庫/);
    const pasted = errdex(['lookup', '-', '--json'], 'sqlite3.OperationalError: database is locked\n');
    expect(publishedJson('lookup', pasted.stdout).results.length).toBeGreaterThan(0);
    expect(errdex(['lookup', 'qqxzzv', 'wvvkjq']).code).toBe(1);
  });

  it('logs: a summary, and exit 1 with --fail-on when errors are present', () => {
    const log = join(away, 'bot.log');
    writeFileSync(log, '[2025-08-23 10:30:15] ERROR [DB_1506] Database: database is locked\n[2025-08-23 10:30:16] INFO [APP_1000] Bot: ready\n');
    const summary = errdex(['logs', log]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/DB_1506/);
    expect(errdex(['logs', log, '--fail-on', 'error']).code).toBe(1);
    expect(errdex(['logs', '--fail-om=error', log]).code).toBe(2);
  });

  it('db: a healthy database exits 0, a faulty one 1, a missing file 2', () => {
    const healthy = join(away, 'healthy.db');
    const faulty = join(away, 'faulty.db');
    makeRoasBot(healthy);
    makeRoasBot(faulty, { faults: true });
    const ok = errdex(['db', healthy, '--json']);
    expect(ok.code).toBe(0);
    expect(publishedJson('db', ok.stdout).profile).toBe('roas-bot');
    expect(errdex(['db', faulty]).code).toBe(1);
    expect(errdex(['db', join(away, 'missing.db')]).code).toBe(2);
  });

  it('salvage: the rows of a database into a new file, and logs --json, as their published schemas say', () => {
    const db = join(away, 'salvage-me.db');
    makeRoasBot(db);
    const saved = errdex(['salvage', db, '--out', join(away, 'saved.db'), '--json']);
    expect(saved.code).toBe(0);
    expect(publishedJson('salvage', saved.stdout)).toMatchObject({ complete: true, output: { quickCheck: ['ok'] } });
    expect(existsSync(join(away, 'saved.db'))).toBe(true);
    const log = join(away, 'json.log');
    writeFileSync(log, '[2025-08-23 10:30:15] ERROR [DB_1506] Database: database is locked\n');
    expect(publishedJson('logs', errdex(['logs', log, '--json']).stdout).codes).toEqual({ DB_1506: 1 });
  });
});
