/** Reports: the JSON shape is the documented schema; Markdown keeps file content inert. */
import { describe, expect, it } from 'vitest';
import { mdBlock, mdCode, reportToJson, reportToMarkdown } from '../../../src/diagnostics/db/export.ts';
import { DbReport } from '../../../src/diagnostics/db/report.ts';
import { check, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();

describe('exports', () => {
  it.each([f.roas.faults, f.damaged['flipped-btree-header.db']!, f.damaged['zero-length.db']!, f.damaged['random-bytes.db']!])('%s: JSON matches the schema', async (path) => {
    const r = await check(path);
    expect(DbReport.safeParse(JSON.parse(reportToJson(r))).success).toBe(true);
  });

  it('Markdown links codes and fences what came from the file', async () => {
    const r = await check(f.malicious);
    const md = reportToMarkdown(r, { locale: 'en', codeUrl: (c) => `https://example.test/en/codes/${c.toLowerCase()}/` });
    expect(md).toContain('[SQLT_9206](https://example.test/en/codes/sqlt_9206/)');
    expect(md).toContain('<img src=x onerror=alert(1)>');
    // Outside fenced blocks and code spans, nothing from the file is left.
    const prose = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');
    expect(prose).not.toContain('<img');
    const zh = reportToMarkdown(await check(f.roas.faults), { locale: 'zh-TW' });
    expect(zh).toContain('## 發現');
    expect(zh).toContain('GOV_1400');
  });

  it('code spans and blocks survive backticks', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdBlock('```\nx', 'text').startsWith('````text\n')).toBe(true);
  });
});
