import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { glossaryHits, parseGlossary } from '../../src/registry/glossary.ts';

const terms = parseGlossary(readFileSync('content/registry/README.md', 'utf8'));

describe('zh-TW glossary', () => {
  it('is read from the registry README', () => {
    expect(terms.find((t) => t.use === '行程')).toMatchObject({ avoid: ['程序', '進程'] });
    expect(terms.find((t) => t.use === '用戶端')?.avoid).toContain('客戶端');
    expect(terms.find((t) => t.use === 'docker compose')).toMatchObject({ avoid: ['docker-compose'], allow: ['docker-compose.yml', 'docker-compose.yaml'] });
  });

  it('finds the other spellings with their line and column', () => {
    const hits = glossaryHits('先停止遷移程序。\n在客戶端看到錯誤，然後 docker-compose restart django', terms);
    expect(hits.map((h) => [h.line, h.column, h.found, h.term.use])).toEqual([
      [0, 5, '程序', '行程'],
      [1, 1, '客戶端', '用戶端'],
      [1, 12, 'docker-compose', 'docker compose'],
    ]);
  });

  it('leaves the agreed spellings and the allowed longer words alone', () => {
    expect(glossaryHits('停止遷移行程；把設定放進程式裡；編輯 docker-compose.yml 後執行 docker compose up -d', terms)).toEqual([]);
  });
});
