/** Reports: the JSON shape is the documented schema; Markdown keeps file content inert. */
import { describe, expect, it } from 'vitest';
import { mdBlock, mdCode, reportToJson, reportToMarkdown } from '../../../src/diagnostics/db/export.ts';
import { publishedJson } from '../../published-json.ts';
import { check, fixturesOnce } from './helpers.ts';

const f = fixturesOnce();

/** Every fixture database, with its WAL where it has one. */
function everyFixture(): { db: string; wal?: string }[] {
  const out: { db: string; wal?: string }[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push({ db: v });
    else if (v && typeof v === 'object' && 'db' in v && 'wal' in v) out.push(v as { db: string; wal: string });
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const { dir: _dir, ...databases } = f;
  walk(databases);
  return out;
}

describe('exports', () => {
  it('the JSON of every fixture matches the published schema (errdex db --json, the page\'s download)', async () => {
    const fixtures = everyFixture();
    expect(fixtures.length).toBeGreaterThan(40);
    const verdicts = new Set<string>();
    for (const { db, wal } of fixtures) {
      const r = publishedJson('db', reportToJson(await check(db, wal)));
      verdicts.add(r.verdict);
    }
    expect(verdicts).toEqual(new Set(['healthy', 'unrecognised', 'warning', 'error', 'corrupt', 'unreadable']));
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
