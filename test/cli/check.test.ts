import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { formatProblem } from '../../src/registry/load.ts';
import { runCheck } from '../../src/registry/check-fs.ts';
import { entry, registryDir, systemFile } from '../registry/fixtures.ts';

function errdex(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], { encoding: 'utf8' });
}

describe('errdex check', () => {
  it('is clean on the project registry and guides', { timeout: 240_000 }, () => {
    const run = errdex('check');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^errdex check: ok/);
    expect(run.status).toBe(0);
  });

  it('lists every problem with file:line, entry and field, and exits 1', () => {
    const dir = registryDir({ 'demo.yaml': systemFile({}, [entry('DB_1500'), entry('DB_1500', { related: ['APP_1099'] })]) });
    const docs = mkdtempSync(join(tmpdir(), 'errdex-docs-'));
    mkdirSync(join(docs, 'guides'), { recursive: true });
    writeFileSync(join(docs, 'guides', 'a.mdx'), '# A\n\nSee <ErrorCode code="DB_1599" />.\n');
    mkdirSync(join(docs, 'en', 'guides'), { recursive: true });
    writeFileSync(join(docs, 'en', 'guides', 'a.mdx'), '# A\n\nSee <ErrorCode code="DB_1500" />.\n');
    const run = errdex('check', '--registry', dir, '--docs', docs);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/demo\.yaml:\d+: DB_1500 errors\[1\]\.code: code DB_1500 is already defined/);
    expect(run.stderr).toMatch(/demo\.yaml:\d+: DB_1500 errors\[1\]\.related\[0\]: related code APP_1099 does not exist/);
    expect(run.stderr).toMatch(/guides\/a\.mdx:3: DB_1599: page refers to unknown code DB_1599/);
    expect(run.stderr).toMatch(/3 problem\(s\)/);
  });

  it('prints JSON with --json', () => {
    const docs = mkdtempSync(join(tmpdir(), 'errdex-docs-'));
    const run = errdex('check', '--json', '--registry', registryDir({ 'demo.yaml': 'system: [' }), '--docs', docs);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, problems: [expect.objectContaining({ rule: 'yaml' })] });
  });

  it('generate writes nothing when the registry is broken and exits 1', () => {
    const dir = registryDir({ 'demo.yaml': systemFile({}, [entry('DB_1500', { severity: 'fatal' })]) });
    const run = spawnSync(process.execPath, ['src/cli/main.ts', 'generate'], { encoding: 'utf8', env: { ...process.env, ERRDEX_REGISTRY: dir } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nothing was written/);
    expect(run.stderr).toMatch(/DB_1500 errors\[0\]\.severity/);
  });
});

describe('errdex check on guides', () => {
  it('reports a page that exists in one locale only', { timeout: 240_000 }, () => {
    const docs = mkdtempSync(join(tmpdir(), 'errdex-docs-'));
    mkdirSync(join(docs, 'en', 'guides'), { recursive: true });
    mkdirSync(join(docs, 'guides'), { recursive: true });
    writeFileSync(join(docs, 'guides', 'a.mdx'), '# A\n');
    writeFileSync(join(docs, 'guides', 'b.mdx'), '# B\n');
    writeFileSync(join(docs, 'en', 'guides', 'a.mdx'), '# A\n');
    writeFileSync(join(docs, 'en', 'guides', 'c.md'), '# C\n');
    const run = errdex('check', '--docs', docs, '--json');
    const problems = JSON.parse(run.stdout).problems.filter((p: { rule: string }) => p.rule === 'missing-translation');
    expect(problems.map((p: { message: string }) => p.message).sort()).toEqual([
      'page has no English version at en/guides/b.mdx',
      'page has no Traditional Chinese version at guides/c.mdx',
    ]);
    expect(run.status).toBe(1);
  });
});

describe('errdex check on destructive steps', () => {
  /** A copy of the project registry with steps appended to the resolutions of some roas-bot codes. */
  function registryWith(additions: Record<string, Record<string, unknown>[]>): string {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-registry-copy-'));
    cpSync('content/registry', dir, { recursive: true });
    const file = join(dir, 'roas-bot.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const errors = doc.get('errors') as YAMLSeq;
    for (const [code, steps] of Object.entries(additions)) {
      const entry = errors.items.find((e) => (e as YAMLMap).get('code') === code) as YAMLMap;
      const resolution = entry.get('resolution') as YAMLSeq;
      for (const step of steps) resolution.add(doc.createNode(step));
    }
    writeFileSync(file, doc.toString());
    return dir;
  }
  const text = { 'zh-TW': '清掉資料夾', en: 'Clear the folder' };
  const warning = { 'zh-TW': '這會刪除資料夾裡的一切。', en: 'This deletes everything in the folder.' };
  const rm = { lang: 'bash', code: 'rm -rf data/' };
  const copy = { text: { 'zh-TW': '先備份', en: 'Back up first' }, keepsCopy: true, command: { lang: 'bash', code: 'cp -a data "data.before-fix-$(date +%F)"' } };

  it('fails on an unmarked rm -rf data/ step and names the file, entry, step and command word', { timeout: 240_000 }, () => {
    const run = errdex('check', '--registry', registryWith({ APP_1000: [{ text, command: rm }] }));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/roas-bot\.yaml:\d+: APP_1000 resolution\[2\]\.command\.code: resolution step 3 runs `rm`: `rm -rf` is a recursive or forced removal.*\[unsafe-step\]/);
    expect(run.stderr).toMatch(/1 problem\(s\)/);
  });

  // In process and without the regex proof, which the run above already made: only the step rules are under test.
  it('requires a copy before a marked step and a real copy from a step marked keepsCopy, and passes a marked step after one', async () => {
    const { problems } = await runCheck({
      registryDir: registryWith({
        APP_1000: [{ text, destructive: { warning }, command: rm }],
        ECO_1301: [{ ...copy, command: { lang: 'bash', code: 'ls -la data' } }],
        ECO_1305: [copy, { text, destructive: { warning }, command: rm }],
      }),
      regexSafety: false,
    });
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/APP_1000 resolution\[2\]\.destructive: resolution step 3 is destructive, but no step before it keeps a copy.*\[destructive-without-copy\]$/),
      expect.stringMatching(/ECO_1301 resolution\[2\]\.keepsCopy: .*makes no copy.*\[copy-step\]$/),
    ]);
  });
});

describe('errdex check on the zh-TW glossary', () => {
  it('flags the other spelling in zh-TW registry text and guides, not in English or in what a system prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errdex-registry-copy-'));
    cpSync('content/registry', dir, { recursive: true });
    const file = join(dir, 'roas-bot.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('zh-TW: 資料庫連線錯誤', 'zh-TW: 資料庫連線錯誤（客戶端）'));
    const docs = mkdtempSync(join(tmpdir(), 'errdex-docs-'));
    mkdirSync(join(docs, 'en'), { recursive: true });
    writeFileSync(join(docs, 'a.mdx'), '# A\n\n先停止程序，再執行 docker-compose up；docker-compose.yml 不用改。\n');
    writeFileSync(join(docs, 'en', 'a.mdx'), '# A\n\nThe log says 程序 because the bot prints it.\n');
    const { problems } = await runCheck({ registryDir: dir, docsDir: docs, regexSafety: false });
    const lines = problems.map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(/roas-bot\.yaml:\d+: DB_1500 errors\[\d+\]\.title\.zh-TW: zh-TW text writes "客戶端"; the glossary \(content\/registry\/README\.md\) spells client as "用戶端" \[glossary\]$/),
      expect.stringMatching(/a\.mdx:3: zh-TW text writes "程序".*"行程" \[glossary\]$/),
      expect.stringMatching(/a\.mdx:3: zh-TW text writes "docker-compose".*"docker compose" \[glossary\]$/),
    ]);
  });
});
