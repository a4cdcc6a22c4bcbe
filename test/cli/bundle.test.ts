/**
 * The bundled `errdex` (`generated/cli/`, built by the test set-up), run through `bin/errdex.mjs`
 * on the machine's own Node: every command's help, option checks and exit codes; answers equal
 * to the TypeScript sources'; the compiled registry rebuilt when the YAML changes and never used
 * stale; text output that never writes a control character from a file to the terminal.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRoasBot } from '../fixtures/db/make-databases.ts';
import { PYTHON_TRACEBACK } from '../diagnostics/search/query-set.ts';
import { publishedJson, publishedLines } from '../published-json.ts';
import { BIN, commandsIn, machineNode, ROOT, run } from './helpers.ts';

const node = machineNode();
const errdex = (args: string[], options?: Parameters<typeof run>[3]) => run(node.path, BIN, args, options);
const sources = (args: string[], options?: Parameters<typeof run>[3]) => run(process.execPath, join(ROOT, 'src/cli/main.ts'), args, options);
const work = mkdtempSync(join(tmpdir(), 'errdex-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ESC = '\u001b';
const CLEAR = `${ESC}[H${ESC}[J`;

describe(`bin/errdex.mjs on the machine's Node (${node.version})`, () => {
  const help = errdex(['--help']);
  const commands = commandsIn(help.stdout);

  it('lists every command of src/cli/', () => {
    expect(help.code).toBe(0);
    expect(commands).toEqual(expect.arrayContaining(['check', 'db', 'generate', 'logs', 'lookup']));
  });

  it('runs the bundle, not the sources', () => {
    expect(help.stderr).toBe('');
    expect(Number(node.version.slice(1).split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  it('every command: --help exits 0; an unknown option, a missing value or a stray word exits 2 with a usage line', () => {
    for (const command of commands) {
      const own = errdex([command, '--help']);
      expect(own.code, command).toBe(0);
      expect(own.stdout, command).toMatch(new RegExp(`^usage: errdex ${command} `, 'm'));
      const unknown = errdex([command, '--no-such-option']);
      expect(unknown.code, command).toBe(2);
      expect(unknown.stderr, command).toMatch(new RegExp(`^errdex ${command}: unknown option --no-such-option\\nusage: errdex ${command} `));
    }
    const typo = errdex(['logs', '--fail-om=error', 'x.log']);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toMatch(/unknown option --fail-om \(did you mean --fail-on\?\)\nusage: errdex logs \[options\] \[FILES\.\.\.\]/);
    expect(errdex(['lookup', '--limit'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--limit needs a value/) });
    expect(errdex(['db', 'a.db', 'b.db'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/too many arguments/) });
    expect(errdex(['lookup', '--json=maybe', 'x'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--json takes no value/) });
    expect(errdex(['nosuch'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "nosuch"/) });
    expect(errdex([])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^usage: errdex <command>/m) });
  });

  it.each([
    [['logs', '--json', '--records', 'x.log'], /--json and --records cannot be used together/],
    [['db', '--json', '--markdown', 'x.db'], /--json and --markdown cannot be used together/],
    [['db', '--quick', '--both', 'x.db'], /--quick and --both cannot be used together/],
  ])('conflicting flags %j: exit 2', (args, message) => {
    const r = errdex(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\nusage: errdex /);
  });

  it('lookup answers as the sources do: words, standard input, --json', () => {
    for (const args of [['database', 'is', 'locked', '--json'], ['DB_1506', '--json', '--locale', 'zh-TW'], ['資料庫鎖定', '--json'], ['qqxzzv', '--json']]) {
      const bundled = errdex(['lookup', ...args]);
      expect(bundled, args.join(' ')).toEqual(sources(['lookup', ...args]));
      publishedJson('lookup', bundled.stdout);
    }
    const pasted = errdex(['lookup', '-', '--json'], { input: PYTHON_TRACEBACK });
    expect(pasted.code).toBe(0);
    expect(publishedJson('lookup', pasted.stdout).results[0]).toMatchObject({ code: 'QWM_2000', url: 'https://errdex.example/en/codes/qwm_2000/' });
    expect(errdex(['lookup', 'qqxzzv', 'wvvkjq']).code).toBe(1);
  });

  it('logs and db answer as the sources do', () => {
    const log = join(work, 'bot.log');
    writeFileSync(log, '[2025-08-23 10:30:15] ERROR [DB_1506] Database: database is locked\n[2025-08-23 10:30:16] INFO [APP_1000] Bot: ready\n');
    const db = join(work, 'roas.db');
    makeRoasBot(db, { faults: true });
    const strip = (r: ReturnType<typeof errdex>) => ({ ...r, stdout: r.stdout.replace(/"(durationMs|elapsedMs)": \d+(\.\d+)?/g, '').replace(/; \d+\.\d+ s/g, '') });
    for (const args of [['logs', log], ['logs', log, '--json', '--fail-on', 'error'], ['db', db, '--json'], ['db', db, '--lang', 'zh-TW']]) {
      const raw = errdex(args);
      if (args.includes('--json')) publishedJson(args[0] === 'logs' ? 'logs' : 'db', raw.stdout);
      const bundled = strip(raw);
      expect(bundled, args.join(' ')).toEqual(strip(sources(args)));
    }
    expect(errdex(['logs', log, '--fail-on', 'error']).code).toBe(1);
    expect(errdex(['db', db]).code).toBe(1);
  });
});

describe('terminal safety: ESC[H ESC[J from a file or the user never reaches the terminal', () => {
  const noRawControl = (text: string) => expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);

  it('lookup: a query with escapes, its evidence and the message', () => {
    const r = errdex(['lookup', `${CLEAR}database is locked\u202e`]);
    expect(r.code).toBe(0);
    noRawControl(r.stdout + r.stderr);
    const none = errdex(['lookup', '--system', `x${CLEAR}`, 'y']);
    expect(none.code).toBe(2);
    noRawControl(none.stderr);
    expect(none.stderr).toContain('x\\u001b[H\\u001b[J');
  });

  it('logs: a line and a file name with escapes', () => {
    const dir = join(work, 'esc');
    mkdirSync(dir, { recursive: true });
    const log = join(dir, `bad${CLEAR}.log`);
    writeFileSync(log, `[2025-08-23 10:30:15] ERROR [DB_1506] Database: locked ${CLEAR} here\u009b2J\n`);
    for (const args of [[log], [log, '--json'], [log, '--records']]) {
      const r = errdex(['logs', ...args]);
      noRawControl(r.stdout + r.stderr);
      if (args.includes('--json')) publishedJson('logs', r.stdout);
      if (args.includes('--records')) expect(publishedLines(r.stdout)[0]!.message).toContain('\u001b[H\u001b[J');
      expect(r.stdout + r.stderr).toContain('\\u001b[H\\u001b[J');
    }
  });

  it('db: a file name and values with escapes', () => {
    const db = join(work, `evil${CLEAR}.db`);
    makeRoasBot(db, { faults: true });
    for (const args of [[db], [db, '--markdown'], [db, '--json']]) {
      const r = errdex(['db', ...args]);
      noRawControl(r.stdout + r.stderr);
      if (args.includes('--json')) publishedJson('db', r.stdout);
      expect(r.stdout).toContain('\\u001b[H\\u001b[J');
    }
    const missing = errdex(['db', join(work, `gone${CLEAR}.db`)]);
    expect(missing.code).toBe(2);
    noRawControl(missing.stderr);
  });
});

describe('the compiled registry in a copy of the project', () => {
  const root = join(work, 'project');
  mkdirSync(join(root, 'generated'), { recursive: true });
  cpSync(join(ROOT, 'generated', 'cli'), join(root, 'generated', 'cli'), { recursive: true });
  cpSync(join(ROOT, 'content', 'registry'), join(root, 'content', 'registry'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  const bundled = (args: string[]) => run(node.path, join(root, 'generated', 'cli', 'errdex.mjs'), args, { cwd: work });
  const roas = join(root, 'content', 'registry', 'roas-bot.yaml');
  const title = (code: string) => publishedJson('lookup', bundled(['lookup', code, '--json']).stdout).results[0]!.title;

  it('is made from the YAML when missing, then read', () => {
    expect(title('DB_1506')).toBe('Database locked');
    const snapshot = JSON.parse(readFileSync(join(root, 'generated', 'registry-snapshot.json'), 'utf8'));
    expect(snapshot.registry.errors.find((e: { code: string }) => e.code === 'DB_1506').title.en).toBe('Database locked');
    expect(title('DB_1506')).toBe('Database locked');
  });

  it('is rebuilt when a registry file changes, never used stale', () => {
    writeFileSync(roas, readFileSync(roas, 'utf8').replace('en: Database locked\n', 'en: Database locked (edited)\n'));
    expect(title('DB_1506')).toBe('Database locked (edited)');
    expect(readFileSync(join(root, 'generated', 'registry-snapshot.json'), 'utf8')).toContain('Database locked (edited)');
  });

  it('a registry with a problem: exit 2 naming it, for every command that reads it', () => {
    writeFileSync(roas, readFileSync(roas, 'utf8').replace('  - code: DB_1506\n', '  - code: DB_1506\n    bogus: 1\n'));
    for (const args of [['lookup', 'DB_1506'], ['logs', join(ROOT, 'package.json')], ['db', join(ROOT, 'package.json')]]) {
      const r = bundled(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toMatch(/roas-bot\.yaml:\d+: DB_1506 .*unknown field\(s\): bogus/);
    }
  });
});
