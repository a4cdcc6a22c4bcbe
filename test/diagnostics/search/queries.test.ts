/**
 * The fixed query set over the real registry: each query with the entry that must come first.
 * Codes in every spelling, English messages, Chinese symptoms (Traditional and Simplified),
 * typos, a pasted roas-bot log line, a pasted Python traceback and a BotRS warning.
 */
import { describe, expect, it } from 'vitest';
import { buildSearchIndex, searchIndex } from '../../../src/diagnostics/search/index.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';
import { QUERY_SET } from './query-set.ts';

const registry = requireRegistry();
const index = buildSearchIndex(registry);

describe('the query set: expected top result', () => {
  it.each(QUERY_SET.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const { result } = searchIndex(index, c.query, { locale: 'en' });
    expect(result.state).toBe('found');
    expect(result.hits[0]?.code).toBe(c.top);
    if (c.match) expect(result.hits[0]?.match).toBe(c.match);
  });

  it('every expected code exists in the registry', () => {
    const codes = new Set(registry.errors.map((e) => e.code));
    for (const c of QUERY_SET) expect(codes.has(c.top), c.top).toBe(true);
  });
});

describe('codes in every spelling', () => {
  const spellings = ['DB_1506', 'db_1506', 'db-1506', 'DB1506', 'DB 1506', '1506', ' 1506 ', 'ＤＢ＿１５０６'];
  it.each(spellings)('%j names DB_1506 exactly', (query) => {
    const { result } = searchIndex(index, query);
    expect(result.hits[0]).toMatchObject({ code: 'DB_1506', match: 'code', score: 4 });
  });

  it('works for every code of the registry, by code and by number', () => {
    for (const e of registry.errors) {
      const number = e.code.split('_')[1]!;
      expect(searchIndex(index, e.code.toLowerCase()).result.hits[0]?.code).toBe(e.code);
      expect(searchIndex(index, number).result.hits[0]?.code).toBe(e.code);
    }
  });

  it('a code-shaped query naming no entry is not an exact hit', () => {
    const { result } = searchIndex(index, 'DB_1599');
    expect(result.hits.every((h) => h.match !== 'code')).toBe(true);
  });
});

describe('both locales', () => {
  it('titles and paths follow the locale', () => {
    const zh = searchIndex(index, 'DB_1506', { locale: 'zh-TW' }).result.hits[0]!;
    const en = searchIndex(index, 'DB_1506', { locale: 'en' }).result.hits[0]!;
    const entry = registry.errors.find((e) => e.code === 'DB_1506')!;
    expect(zh.title).toBe(entry.title['zh-TW']);
    expect(en.title).toBe(entry.title.en);
    expect(zh.path).toBe('/codes/db_1506/');
    expect(en.path).toBe('/en/codes/db_1506/');
  });

  it('an English query finds the entry whatever the locale, and so does a Chinese one', () => {
    for (const locale of ['zh-TW', 'en'] as const) {
      expect(searchIndex(index, 'No healthy nodes available', { locale }).result.hits[0]?.code).toBe('AVX_3100');
      expect(searchIndex(index, '資料庫鎖定', { locale }).result.hits[0]?.code).toBe('DB_1506');
    }
  });
});

describe('Simplified Chinese finds what its Traditional form finds', () => {
  const pairs: [string, string][] = [
    ['数据库锁定', '資料庫鎖定'],
    ['认证错误', '認證錯誤'],
    ['机器人无法启动', '機器人無法啟動'],
    ['内存不足', '記憶體不足'],
    ['连接超时', '連線超時'],
  ];
  it.each(pairs)('%s ~ %s', (simplified, traditional) => {
    const s = searchIndex(index, simplified, { limit: 20 }).result.hits.map((h) => h.code);
    const t = searchIndex(index, traditional, { limit: 20 }).result.hits.map((h) => h.code);
    expect(s.length).toBeGreaterThan(0);
    expect(s).toEqual(t);
  });

  it('without folding, a Simplified query misses the Traditional entry', () => {
    const unfolded = buildSearchIndex(registry, { fold: false });
    expect(searchIndex(index, '数据库锁定').result.hits[0]?.code).toBe('DB_1506');
    expect(searchIndex(unfolded, '数据库锁定').result.hits[0]?.code).not.toBe('DB_1506');
  });
});

describe('ranking tiers', () => {
  it('a code written in pasted text outranks every rule and text match', () => {
    const { result } = searchIndex(index, '[2025-08-23 10:30:15] ERROR [GOV_1403] database is locked');
    expect(result.hits[0]).toMatchObject({ code: 'GOV_1403', match: 'mention' });
    const rule = result.hits.findIndex((h) => h.match === 'rule');
    expect(rule).toBeGreaterThan(0);
  });

  it('scores fall with the order, tier by tier', () => {
    const { result } = searchIndex(index, 'DB_1506 database is locked', { limit: 50 });
    const order = { code: 4, mention: 3, title: 2.5, rule: 2, text: 1 } as const;
    for (let i = 1; i < result.hits.length; i++) {
      expect(result.hits[i]!.score).toBeLessThanOrEqual(result.hits[i - 1]!.score);
      expect(order[result.hits[i]!.match]).toBeLessThanOrEqual(order[result.hits[i - 1]!.match]);
      expect(Math.floor(result.hits[i]!.score)).toBe(Math.floor(order[result.hits[i]!.match]));
    }
  });

  it('every entry appears once', () => {
    const { result } = searchIndex(index, 'DB_1506 database is locked DB_1506', { limit: 500 });
    const codes = result.hits.map((h) => h.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(result.total).toBe(codes.length);
  });

  it('a rule hit carries the text it matched', () => {
    const { result } = searchIndex(index, 'WARNING: No healthy nodes available for model llama3');
    expect(result.hits[0]).toMatchObject({ code: 'AVX_3100', match: 'rule' });
    expect(result.hits[0]!.evidence?.toLowerCase()).toContain('no healthy node');
  });
});

describe('filter by system', () => {
  it('keeps only that system, in every tier', () => {
    const { result } = searchIndex(index, 'database is locked', { system: 'qwen3-memory', limit: 100 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.system === 'qwen3-memory')).toBe(true);
    expect(result.hits[0]!.code).toBe('QWM_2200');
  });

  it('a code of another system is not found', () => {
    const { result } = searchIndex(index, 'DB_1506', { system: 'botrs' });
    expect(result.hits.some((h) => h.code === 'DB_1506')).toBe(false);
  });

  it('an unknown system is a problem, not a crash', () => {
    const { result, problems } = searchIndex(index, 'DB_1506', { system: 'nope' });
    expect(result.state).toBe('none');
    expect(problems).toEqual([{ kind: 'unknown-system', system: 'nope' }]);
  });
});

describe('typing', () => {
  it('the word being typed is completed', () => {
    expect(searchIndex(index, 'cloudfla').result.hits[0]?.code).toBe('CVT_4204');
  });

  it('results narrow as a query grows', () => {
    const short = searchIndex(index, 'timeout', { limit: 500 }).result.total;
    const long = searchIndex(index, 'timeout cloudflare 524', { limit: 500 }).result;
    expect(long.hits[0]?.code).toBe('CVT_4204');
    expect(short).toBeGreaterThan(1);
  });

  it('nonsense finds nothing', () => {
    const { result } = searchIndex(index, 'qqxzzv wvvkjq');
    expect(result).toEqual({ state: 'none', hits: [], total: 0 });
  });
});

describe('the log format of a pasted line names the system', () => {
  const has = (id: string) => registry.logFormats.some((f) => f.id === id && f.systems.length > 0);
  it.skipIf(!has('roas-bot') || !has('python-logging'))('"database is locked" in a roas-bot line -> DB_1506, in a Qwen3 migration line -> QWM_2200', () => {
    const roas = searchIndex(index, '[2025-08-23 10:30:15] ERROR Database: database is locked').result;
    const qwen = searchIndex(index, '2025-08-23 10:30:15,123 - memory.db - ERROR - database is locked').result;
    expect(roas.format).toBe('roas-bot');
    expect(roas.hits[0]?.code).toBe('DB_1506');
    expect(qwen.format).toBe('python-logging');
    expect(qwen.hits[0]?.code).toBe('QWM_2200');
  });
});
