/**
 * Better answers: every hit carries its summary; a message documented for several systems says
 * so and shows each system's entry; what a pasted text says about its system decides which comes
 * first; a Chinese symptom finds the entry it is the title of.
 */
import { describe, expect, it } from 'vitest';
import { systemPackages } from '../../../src/diagnostics/search/context.ts';
import { buildSearchIndex, searchIndex } from '../../../src/diagnostics/search/index.ts';
import { requireRegistry } from '../../../src/registry/load-fs.ts';

const registry = requireRegistry();
const index = buildSearchIndex(registry);
const systemOf = (code: string) => registry.errors.find((e) => e.code === code)!.system;

export const DISCORD_429 = [
  'Traceback (most recent call last):',
  '  File "/home/bot/roas-bot/cogs/economy.py", line 88, in transfer',
  '    await channel.send(embed=embed)',
  '  File "/usr/local/lib/python3.11/site-packages/discord/abc.py", line 1561, in send',
  '    data = await state.http.send_message(channel.id, params=params)',
  '  File "/usr/local/lib/python3.11/site-packages/discord/http.py", line 745, in request',
  '    raise HTTPException(response, data)',
  'discord.errors.HTTPException: 429 Too Many Requests (error code: 0): You are being rate limited.',
].join('\n');

describe('every hit shows its summary', () => {
  it.each(['DB_1506', 'database is locked', 'rate limited', '資料庫鎖定'])('%s', (query) => {
    for (const locale of ['en', 'zh-TW'] as const) {
      const { result } = searchIndex(index, query, { locale });
      expect(result.hits.length).toBeGreaterThan(0);
      for (const hit of result.hits) expect(hit.summary).toBe(registry.errors.find((e) => e.code === hit.code)!.summary[locale]);
    }
  });
});

describe('one message, several systems', () => {
  it.each([
    ['database is locked', ['DB_1506', 'QWM_2200']],
    ['sqlite3.OperationalError: database is locked', ['DB_1506', 'QWM_2200']],
    ['資料庫被鎖住了', ['DB_1506', 'QWM_2200']],
  ])('%j: the entry of each system, first, and marked ambiguous', (query, codes) => {
    const { result } = searchIndex(index, query, { locale: 'en' });
    expect(result.ambiguous?.codes.slice().sort()).toEqual(codes);
    expect(result.ambiguous?.systems.slice().sort()).toEqual(codes.map(systemOf).sort());
    expect(result.hits.slice(0, codes.length).map((h) => h.code).sort()).toEqual(codes);
  });

  it.each([
    ['a code of the system in the text', '[2025-08-23 10:30:15] ERROR [SVC_1102] Service: database is locked', 'DB_1506'],
    ['its log format', '[2025-08-23 10:30:16] [ERROR   ] discord.client: database is locked', 'DB_1506'],
    ['--system', 'database is locked', 'QWM_2200'],
  ])('not ambiguous when the text names the system: %s', (label, query, expected) => {
    const system = label === '--system' ? 'qwen3-memory' : undefined;
    const { result } = searchIndex(index, query, { locale: 'en', system });
    expect(result.ambiguous).toBeUndefined();
    expect(result.hits.find((h) => h.match !== 'mention')?.code).toBe(expected);
  });

  it('a code typed or mentioned is never ambiguous', () => {
    expect(searchIndex(index, 'DB_1506').result.ambiguous).toBeUndefined();
    expect(searchIndex(index, 'see QWM_2200').result.ambiguous).toBeUndefined();
  });

  it('the siblings stay in the hits even with --limit 1', () => {
    const { result } = searchIndex(index, 'database is locked', { limit: 1 });
    expect(result.hits.map((h) => h.code).sort()).toEqual(['DB_1506', 'QWM_2200']);
  });
});

describe('context in a pasted text decides the system', () => {
  it.each([
    ['a discord.py traceback of HTTP 429', DISCORD_429, 'roas-bot'],
    ['a discord.py frame alone', '  File "/usr/lib/python3/site-packages/discord/gateway.py", line 12, in poll\nConnectionResetError: Connection reset by peer', 'roas-bot'],
    ['a roas-bot code in the line', '[2025-08-23 10:30:15] WARNING [ECO_1301] Economy: request failed: 429 Too Many Requests', 'roas-bot'],
    ['the Civitai client\'s [http_client] tag', '[http_client] HTTP 429 error for https://civitai.com/api/v1/models/12345', 'civitai-client'],
    ['a requests traceback', 'requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://civitai.com/api/v1/images', 'civitai-client'],
  ])('%s', (_label, query, system) => {
    const { result } = searchIndex(index, query, { locale: 'en' });
    expect(result.context).toContain(system);
    const first = result.hits.find((h) => h.match !== 'mention')!;
    expect(first.system).toBe(system);
  });

  it('the discord.py 429 traceback does not rank Civitai\'s CVT_4103 first', () => {
    const { result } = searchIndex(index, DISCORD_429, { locale: 'en' });
    expect(result.hits[0]!.code).not.toBe('CVT_4103');
    expect(result.hits.slice(0, 3).every((h) => h.system === 'roas-bot')).toBe(true);
  });

  it('without context, the same 429 message ranks by its words alone', () => {
    expect(searchIndex(index, '429 Too Many Requests').result.context).toBeUndefined();
  });
});

describe('a Chinese symptom finds the entry whose title it is', () => {
  it.each([
    ['向量維度不符', 'QWM_2400', 1],
    ['向量维度不符', 'QWM_2400', 1],
    ['資料庫被鎖住了', 'DB_1506', 2],
    ['資料庫鎖定錯誤', 'DB_1506', 1],
    ['Vector dimension mismatch', 'QWM_2400', 1],
  ])('%s: %s within the first %i', (query, code, within) => {
    const { result } = searchIndex(index, query, { locale: 'zh-TW' });
    expect(result.hits.slice(0, within).map((h) => h.code)).toContain(code);
  });

  it('every title of the registry finds its own entry first (or with its same-titled siblings)', () => {
    for (const e of registry.errors) {
      for (const locale of ['zh-TW', 'en'] as const) {
        const { result } = searchIndex(index, e.title[locale], { locale });
        const same = registry.errors.filter((x) => x.title[locale].toLowerCase() === e.title[locale].toLowerCase()).map((x) => x.code);
        const codes = result.hits.slice(0, Math.max(same.length, result.ambiguous?.codes.length ?? 1)).map((h) => h.code);
        expect(codes, `${e.code}: ${e.title[locale]}`).toContain(e.code);
      }
    }
  });
});

describe('the packages that point to one system', () => {
  it('are read from the registry: libraries named by one system only, no standard library', () => {
    const packages = systemPackages(registry.errors);
    expect(packages).toMatchObject({ discord: 'roas-bot', requests: 'civitai-client', torch: 'qwen3-memory' });
    expect(packages).not.toHaveProperty('sqlite3');
    expect(packages).not.toHaveProperty('asyncio');
  });

  it('a package named by two systems points to neither', () => {
    const entry = (system: string, exception: string) => ({ system, exceptions: [exception], examples: [], match: [] });
    expect(systemPackages([entry('a', 'shared.Error'), entry('b', 'shared.Other'), entry('a', 'own.Error')])).toEqual({ own: 'a' });
  });
});
