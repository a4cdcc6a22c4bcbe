import { describe, expect, it } from 'vitest';
import { describesLine, systemOfPage } from '../../src/generate/describes.ts';
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
});
