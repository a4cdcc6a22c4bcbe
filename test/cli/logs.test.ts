/** `errdex logs`: exit codes, --json and --records interfaces, the readable summary, stdin. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLogs, type LogsArgs } from '../../src/cli/logs.ts';
import { LEVELS } from '../../src/diagnostics/logs/levels.ts';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';
import { testRegistry } from '../diagnostics/logs/helpers.ts';
import { publishedJson, publishedLines } from '../published-json.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
let dir = '';
beforeAll(() => {
  dir = ensureLogFixtures();
});
const at = (name: string) => join(dir, name);

async function run(args: Partial<LogsArgs> & { files: string[] }, stdin?: Uint8Array) {
  let stdout = '';
  let stderr = '';
  const code = await runLogs(args, {
    registry: testRegistry,
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    stdin: async function* () {
      if (stdin) yield stdin;
    },
    tty: false,
    env: { LANG: 'C' },
    site: 'https://errdex.example',
  });
  return { code, stdout, stderr };
}

describe('errdex logs', () => {
  it('prints a readable summary with code titles and page links', async () => {
    const r = await run({ files: [at('roas-bot.log')] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('roas-bot 8');
    expect(r.stdout).toMatch(/DB_1506\s+×2/);
    expect(r.stdout).toContain('https://errdex.example/en/codes/db_1506/');
    const title = testRegistry().errors.find((e) => e.code === 'DB_1506')!.title.en;
    expect(r.stdout).toContain(title);
    expect(r.stdout).toContain('APP_1003');
  });

  it('speaks Traditional Chinese with --locale zh-TW', async () => {
    const r = await run({ files: [at('roas-bot.log')], locale: 'zh-TW' });
    expect(r.stdout).toContain('錯誤代碼');
    expect(r.stdout).toContain('https://errdex.example/codes/db_1506/');
    expect(r.stdout).toContain(testRegistry().errors.find((e) => e.code === 'DB_1506')!.title['zh-TW']);
  });

  it('--json prints the documented shape', async () => {
    const r = await run({ files: [at('roas-bot.log')], json: true });
    const json = publishedJson('logs', r.stdout);
    for (const key of ['records', 'levels', 'codes', 'exceptions', 'http', 'encoding', 'formats', 'first', 'last', 'files']) expect(json).toHaveProperty(key);
    expect(json.records).toBe(8);
    expect(Object.keys(json.levels)).toEqual([...LEVELS]);
    expect(json.levels.error).toBe(3);
    expect(json.codes.DB_1506).toBe(2);
    expect(json.exceptions).toEqual({ 'sqlite3.OperationalError': 1 });
    expect(json.encoding).toBe('utf-8');
    expect(json.formats).toEqual({ 'roas-bot': 8 });
    expect(json.first).toBe('2025-08-23T10:30:15.000Z');
    expect(json.files[0]!.file).toBe(at('roas-bot.log'));
  });

  it('--json adds up several files', async () => {
    const r = await run({ files: [at('roas-bot.log'), at('civitai.log'), at('roas-bot.big5')], json: true });
    const json = publishedJson('logs', r.stdout);
    expect(json.records).toBe(8 + 9 + 8);
    expect(json.codes.DB_1506).toBe(4);
    expect(json.encoding).toBe('mixed');
    expect(json.http['429']).toBe(1);
    expect(json.files.map((f) => f.encoding)).toEqual(['utf-8', 'utf-8', 'big5']);
  });

  it('--records prints one JSON object a line', async () => {
    const r = await run({ files: [at('python-logging.log')], records: true });
    const lines = publishedLines(r.stdout);
    expect(lines).toHaveLength(9);
    for (const l of lines) {
      for (const key of ['line', 'level', 'codes', 'templateId', 'template', 'message']) expect(l).toHaveProperty(key);
    }
    const locked = lines.find((l) => l.exception === 'sqlite3.OperationalError');
    expect(locked).toMatchObject({ timestamp: '2025-08-23 10:30:01,500', level: 'error', format: 'python-logging' });
    expect(locked!.codes.length).toBeGreaterThan(0);
    expect(r.stderr).toContain('9 records');
  });

  it.each([
    ['error', 1], ['critical', 1], ['warning', 1],
  ])('--fail-on %s exits %i when such records exist', async (level, code) => {
    expect((await run({ files: [at('roas-bot.log')], failOn: level })).code).toBe(code);
  });

  it('--fail-on passes when nothing reaches the level', async () => {
    expect((await run({ files: [at('python-basic.log')], failOn: 'error' })).code).toBe(0);
    expect((await run({ files: [at('python-basic.log')], failOn: 'warning' })).code).toBe(1);
  });

  it('reads standard input for -', async () => {
    const r = await run({ files: ['-'], json: true }, readFileSync(at('roas-bot.log.gz')));
    const json = publishedJson('logs', r.stdout);
    expect(json.records).toBe(8);
    expect(json.files[0]!.compression).toBe('gzip');
  });

  it.each([
    [{ files: [] }, /give one or more/],
    [{ files: ['x'], failOn: 'loud' }, /--fail-on must be a level/],
    [{ files: ['x'], json: true, records: true }, /cannot be combined/],
    [{ files: ['-', '-'] }, /only once/],
    [{ files: ['x'], locale: 'fr' }, /--locale/],
  ])('bad arguments exit 2: %j', async (args, message) => {
    const r = await run(args as LogsArgs);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a missing file exits 2, a binary one 3, and the worst file wins', async () => {
    expect((await run({ files: [at('missing.log')] })).code).toBe(2);
    const binary = await run({ files: [at('database.sqlite')] });
    expect(binary.code).toBe(3);
    expect(binary.stdout).toMatch(/SQLite database/);
    expect((await run({ files: [at('roas-bot.log'), at('archive.zip')], failOn: 'error' })).code).toBe(3);
    expect((await run({ files: [at('archive.zip'), at('missing.log')] })).code).toBe(2);
  });

  it('--json and --records of every fixture match their published schemas', async () => {
    const files = [...readdirSync(dir).filter((name) => name !== 'expected.json'), 'missing.log'].map(at);
    const json = publishedJson('logs', (await run({ files, json: true })).stdout);
    expect(json.files.map((f) => f.file)).toEqual(files);
    expect(new Set(json.files.map((f) => f.verdict))).toEqual(new Set(['ok', 'empty', 'binary', 'unknown-format', 'unreadable']));
    for (const file of files) publishedLines((await run({ files: [file], records: true })).stdout);
  });

  it('an empty file and an unknown format say so and exit 0', async () => {
    const r = await run({ files: [at('empty.log'), at('unknown.txt')] });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/empty/);
    expect(r.stdout).toMatch(/None of the 3 lines matches a known log format/);
  });
});

// The process itself, through main.ts and the registry on disk: runs once the log formats are
// installed as content/registry/log-formats.yaml.
describe.skipIf(!existsSync(join(ROOT, 'content/registry/log-formats.yaml')))('errdex logs (process)', () => {
  function errdex(args: string[], input?: Buffer) {
    const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/main.ts'), 'logs', ...args], { input, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LANG: 'C' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('exit codes and --json through main.ts', () => {
    const ok = errdex([at('roas-bot.log'), '--json']);
    expect(ok.code).toBe(0);
    expect(publishedJson('logs', ok.stdout).codes.DB_1506).toBe(2);
    expect(errdex([at('roas-bot.log'), '--fail-on', 'error']).code).toBe(1);
    expect(errdex([at('archive.zip')]).code).toBe(3);
    const missing = errdex([at('missing.log')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).not.toMatch(/\bat \w+ \(/);
  });

  it('reads standard input', () => {
    const r = errdex(['-', '--records'], readFileSync(at('civitai.log')));
    expect(r.code).toBe(0);
    expect(publishedLines(r.stdout)).toHaveLength(9);
  });
});
