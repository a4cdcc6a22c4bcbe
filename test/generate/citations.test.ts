import { describe, expect, it } from 'vitest';
import { collectCitations, headingText, pageUrl } from '../../src/generate/citations.ts';
import { codePage, systemPage } from '../../src/generate/pages.ts';
import { loadRegistry } from '../../src/registry/load.ts';
import { entry, source, systemFile } from '../registry/fixtures.ts';

const zhGuide = `---
title: 資料庫：連線與鎖定
---

import ErrorCode from '~/components/ErrorCode.astro';

開頭提到 <ErrorCode code="DB_1500" short />。

## 資料庫被鎖定

<ErrorCode code="DB_1506" />

### 症狀

- 日誌出現 <ErrorCode code="DB_1506" short />。

\`\`\`bash
# <ErrorCode code="DB_1599" /> inside a code block is not a citation
## nor is this a heading
\`\`\`

## 讀懂 \`[http_client]\` 行

### 症狀

其他：<ErrorCode code="DB_1500" short />
`;

const enGuide = `---
title: "Database: connections and locks"
---

## The database is locked

<ErrorCode code="DB_1506" />
`;

describe('guide citations', () => {
  const citations = collectCitations([
    { path: 'guides/demo/database.mdx', text: zhGuide },
    { path: 'en/guides/demo/database.mdx', text: enGuide },
  ]);

  it('names the page and the section of every citation, with the anchor the site gives that heading', () => {
    expect(citations.get('DB_1506')).toEqual([
      { locale: 'en', href: '/en/guides/demo/database/#the-database-is-locked', page: 'Database: connections and locks', section: 'The database is locked', primary: true },
      { locale: 'zh-TW', href: '/guides/demo/database/#資料庫被鎖定', page: '資料庫：連線與鎖定', section: '資料庫被鎖定', primary: true },
      { locale: 'zh-TW', href: '/guides/demo/database/#症狀', page: '資料庫：連線與鎖定', section: '資料庫被鎖定 › 症狀', primary: false },
    ]);
  });

  it('numbers repeated headings as the site does and cites the page itself before the first heading', () => {
    expect(citations.get('DB_1500')!.map((c) => c.href)).toEqual(['/guides/demo/database/', '/guides/demo/database/#症狀-1']);
  });

  it('ignores code blocks', () => {
    expect(citations.has('DB_1599')).toBe(false);
  });

  it('counts the codes of registry tables embedded in a guide', () => {
    const withTable = collectCitations(
      [{ path: 'guides/demo/codes.mdx', text: '---\ntitle: Codes\n---\n\n## All\n\n<CodeTable system="demo" category="db" />\n' }],
      (component, attrs) => (component === 'CodeTable' && attrs.category === 'db' ? ['DB_1500', 'DB_1506'] : []),
    );
    expect([...withTable.keys()]).toEqual(['DB_1500', 'DB_1506']);
    expect(withTable.get('DB_1506')![0]).toMatchObject({ href: '/guides/demo/codes/#all', primary: false });
  });

  it('turns paths into page URLs and headings into their shown text', () => {
    expect(pageUrl('en/guides/demo/index.mdx')).toBe('/en/guides/demo/');
    expect(pageUrl('guides/demo/database.mdx')).toBe('/guides/demo/database/');
    expect(headingText('Reading `[http_client]` lines with [the parser](/tools/logs/) **now**')).toBe('Reading [http_client] lines with the parser now');
  });
});

describe('back-links on generated pages', () => {
  const { registry } = loadRegistry([source(systemFile({}, [
    entry('DB_1506', { match: [{ literal: 'database is locked' }], examples: ['database is locked'] }),
    entry('DB_1500'),
  ]))]);
  registry.dbProfiles.push({
    id: 'demo-db', system: 'demo', name: { 'zh-TW': '示範資料庫', en: 'the demo database' }, path: 'data/demo.db',
    description: { 'zh-TW': '示範', en: 'Demo' }, detect: ['users'], tables: [], indexes: [],
    checks: [{ id: 'orphans', code: 'DB_1500', severity: 'warning', title: { 'zh-TW': '孤立', en: 'Orphans' }, sql: 'SELECT 1' }],
  });
  const citations = collectCitations([
    { path: 'guides/demo/database.mdx', text: zhGuide },
    { path: 'en/guides/demo/database.mdx', text: enGuide },
  ]);
  const options = { site: 'https://docs.example', withSearch: false, citations, guides: new Set(['demo']), updated: { demo: '2025-08-23' } };
  const [db1506, db1500] = registry.errors;

  it('lists the sections of the page locale only, the one about the code first', () => {
    const en = codePage(registry, db1506!, 'en', options).content;
    expect(en).toContain('## In the guides\n\nSections that explain this error:\n\n- [Database: connections and locks › The database is locked](/en/guides/demo/database/#the-database-is-locked)');
    expect(en).not.toContain('資料庫被鎖定');
    const zh = codePage(registry, db1506!, 'zh-TW', options).content;
    expect(zh).toMatch(/詳細說明這個錯誤的段落：\n\n- \[資料庫：連線與鎖定 › 資料庫被鎖定\]\(\/guides\/demo\/database\/#資料庫被鎖定\)\n\n其他提到它的段落：\n\n- \[資料庫：連線與鎖定 › 資料庫被鎖定 › 症狀\]/);
  });

  it('names the tool that detects the code, with the database profile where one applies', () => {
    expect(codePage(registry, db1506!, 'en', options).content).toContain('## Tools that find it\n\n- [Log parser](/en/tools/logs/)');
    const zh = codePage(registry, db1500!, 'zh-TW', options).content;
    expect(zh).toContain('- [資料庫檢查](/tools/db/?profile=demo-db): 檢查示範資料庫時，資料檢查會回報這個代碼。');
    expect(zh).not.toContain('[日誌分析]');
  });

  it('dates the pages by their registry file and leads the system page to its guides', () => {
    expect(codePage(registry, db1500!, 'en', options).content).toMatch(/^---\n[^]*\nlastUpdated: 2025-08-23\n[^]*---/);
    expect(systemPage(registry, 'demo', 'en', options).content).toContain('Troubleshooting guides for Demo: [find a problem by its symptom](/en/guides/demo/)');
  });

  it('shows a destructive step\'s warning between its text and its command', () => {
    const { registry: reg } = loadRegistry([source(systemFile({}, [entry('DB_1500', {
      resolution: [
        { text: { 'zh-TW': '備份', en: 'Back up' }, keepsCopy: true, command: { lang: 'bash', code: 'cp a.db a.db.bak' } },
        { text: { 'zh-TW': '刪除', en: 'Delete' }, destructive: { warning: { 'zh-TW': '會刪掉資料', en: 'Deletes the data' } }, command: { lang: 'bash', code: 'rm -rf data/' } },
      ],
    })]))]);
    const en = codePage(reg, reg.errors[0]!, 'en', options).content;
    expect(en).toContain('2. Delete\n\n   :::danger[Deletes or overwrites data]\n   Deletes the data\n   :::\n\n   ```bash\n   rm -rf data/\n   ```');
  });
});
