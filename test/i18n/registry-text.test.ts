import { describe, expect, it } from 'vitest';
import { describeRetry, describesLine } from '../../src/i18n/registry-text.ts';
import type { RetryPolicy } from '../../src/registry/schema.ts';
import { systemOfPage } from '../../src/registry/queries.ts';
import { requireRegistry } from '../../src/registry/load-fs.ts';

const registry = requireRegistry();

describe('what a page describes', () => {
  it('finds the system of guide, code and index pages in both locales, and of no other page', () => {
    expect(systemOfPage(registry, 'guides/roas-bot/database')?.id).toBe('roas-bot');
    expect(systemOfPage(registry, 'en/codes/qwm_2400')?.id).toBe('qwen3-memory');
    expect(systemOfPage(registry, 'systems/botrs')?.id).toBe('botrs');
    expect(systemOfPage(registry, 'tools/logs')).toBeUndefined();
    expect(systemOfPage(registry, 'codes/nope_1')).toBeUndefined();
    expect(systemOfPage(registry, 'index')).toBeUndefined();
  });

  it('names the version where the system has one, and the document the pages follow', () => {
    const roas = registry.systems.find((s) => s.id === 'roas-bot')!;
    expect(describesLine(roas, 'en')).toBe('Describes roas-bot v2.4.1, as of its troubleshooting guide of 2025-08-23.');
    expect(describesLine(roas, 'zh-TW')).toBe('本頁說明 roas-bot v2.4.1，內容依據 2025-08-23 的疑難排解指南。');
    const botrs = registry.systems.find((s) => s.id === 'botrs')!;
    expect(describesLine(botrs, 'zh-TW')).toBe('本頁說明 BotRS，內容依據 BotRS 文件中的錯誤復原範例。');
    expect(registry.systems.every((s) => describesLine(s, 'en'))).toBe(true);
  });

  const policy: RetryPolicy = { strategy: 'exponential', baseDelayMs: 100, multiplier: 2, maxDelayMs: 5000, jitter: { ratio: 0.1 }, maxAttempts: 5 };

  it('describes retry policies in words', () => {
    expect(describeRetry(policy, 'en')).toBe('exponential backoff, first delay 100 ms, factor ×2, longest delay 5 s, jitter ±10%, at most 5 attempts');
    expect(describeRetry(policy, 'zh-TW')).toContain('指數退避');
  });

  it('tells one-sided and fixed jitter apart from ±, and says when the source gives no factor', () => {
    expect(describeRetry({ strategy: 'exponential', baseDelayMs: 500, multiplier: 2, jitter: { ratio: 0.25, direction: 'up' } }, 'en'))
      .toBe('exponential backoff, first delay 500 ms, factor ×2, jitter +0–25%');
    expect(describeRetry({ strategy: 'retry-after', baseDelayMs: 1000, multiplier: 2, jitter: { upToMs: 1000 }, maxAttempts: 5 }, 'zh-TW'))
      .toBe('依 Retry-After 等待，起始延遲 1 s，倍率 ×2，抖動 +0～1 s，最多 5 次嘗試');
    expect(describeRetry({ strategy: 'exponential', baseDelayMs: 10000, maxAttempts: 4 }, 'en'))
      .toBe('exponential backoff (factor not given by the source), first delay 10 s, at most 4 attempts');
  });
});
