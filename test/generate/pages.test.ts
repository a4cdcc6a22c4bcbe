import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/registry/load.ts';
import { codePage, generatePages, systemPage } from '../../src/generate/pages.ts';
import { generateData, publishRegistry } from '../../src/generate/data.ts';
import { PublishedRegistry } from '../../src/generate/data.ts';
import { entry, source, systemFile } from '../registry/fixtures.ts';

const options = { site: 'https://docs.example', withSearch: false };

function registry() {
  const { registry, problems } = loadRegistry([source(systemFile({}, [
    entry('DB_1506', {
      retryable: true,
      retry: { strategy: 'exponential', baseDelayMs: 100, multiplier: 2, maxDelayMs: 5000, jitter: { ratio: 0.1 }, maxAttempts: 5 },
      summary: { 'zh-TW': '資料庫被 <script>alert(1)</script> {鎖定}', en: 'Locked `<b>` by {x}' },
      diagnosis: [{ text: { 'zh-TW': '找出持有者', en: 'Find the holder' }, command: { lang: 'bash', code: 'echo ```\nlsof db' } }],
      related: ['DB_1500'],
      http: [503],
      exceptions: ['sqlite3.OperationalError'],
      match: [{ literal: 'database is locked' }],
      examples: ['sqlite3.OperationalError: database is locked'],
    }),
    entry('DB_1500'),
  ]))]);
  expect(problems).toEqual([]);
  return registry;
}

describe('code pages', () => {
  const reg = registry();
  const e = reg.errors[0]!;

  it('has one page per code and locale and one index per system and locale', () => {
    const paths = generatePages(reg, options).map((f) => f.path).sort();
    expect(paths).toEqual([
      'content/docs/codes/db_1500.mdx', 'content/docs/codes/db_1506.mdx',
      'content/docs/en/codes/db_1500.mdx', 'content/docs/en/codes/db_1506.mdx',
      'content/docs/en/systems/demo.mdx', 'content/docs/systems/demo.mdx',
    ]);
  });

  it('writes every section in the page locale with locale-prefixed links', () => {
    const en = codePage(reg, e, 'en', options).content;
    const zh = codePage(reg, e, 'zh-TW', options).content;
    expect(en).toContain('title: "DB_1506 Title DB_1506"');
    expect(en).toMatch(/## Symptoms[\s\S]*## Likely causes[\s\S]*## Diagnosis[\s\S]*## Resolution/);
    expect(zh).toMatch(/## 症狀[\s\S]*## 可能原因[\s\S]*## 診斷步驟[\s\S]*## 解決方法/);
    expect(en).toContain('[DB_1500](/en/codes/db_1500/)');
    expect(zh).toContain('[DB_1500](/codes/db_1500/)');
    expect(en).toContain('https://docs.example/en/codes/db_1506/');
    expect(en).toContain('| HTTP status | 503 |');
    expect(en).toContain('`sqlite3.OperationalError`');
  });

  it('never lets registry text open a tag or an MDX expression, and fences survive backticks', () => {
    const zh = codePage(reg, e, 'zh-TW', options).content.split('\n---\n')[1]!;
    expect(zh).not.toContain('<script>');
    expect(zh).toContain('&#60;script&#62;');
    expect(zh).toContain('&#123;鎖定&#125;');
    expect(codePage(reg, e, 'en', options).content).toContain('Locked `<b>` by &#123;x&#125;');
    expect(zh).toContain('````bash\n   echo ```\n   lsof db\n   ````');
  });

  it('system pages list categories through the registry table component', () => {
    const page = systemPage(reg, 'demo', 'en', options).content;
    expect(page).toContain(`<CodeTable system="demo" category="db" />`);
    expect(page).not.toContain('category="app"');
    expect(page).not.toContain('ErrorSearch');
    expect(systemPage(reg, 'demo', 'en', { ...options, withSearch: true }).content).toContain('<ErrorSearch system="demo" />');
  });
});

describe('published registry', () => {
  it('carries the permanent URL of every code and validates against its own schema', () => {
    const published = publishRegistry(registry(), 'https://docs.example');
    expect(published.errors[0]!.url).toEqual({ 'zh-TW': 'https://docs.example/codes/db_1506/', en: 'https://docs.example/en/codes/db_1506/' });
    expect(PublishedRegistry.safeParse(JSON.parse(JSON.stringify(published))).success).toBe(true);
  });

  it('emits registry.json and a JSON Schema describing it', () => {
    const [json, schema] = generateData(registry(), 'https://docs.example');
    expect(json!.path).toBe('public/registry.json');
    const parsed = JSON.parse(schema!.content);
    expect(parsed.$id).toBe('https://docs.example/registry.schema.json');
    expect(parsed.properties.errors.items.properties.code.pattern).toBeTruthy();
    expect(parsed.required).toEqual(expect.arrayContaining(['systems', 'errors']));
  });
});
