/**
 * The tab's kept analyses on an in-memory IndexedDB (fake-indexeddb): kept and recalled as they
 * were, per tab and tool, replaced, forgotten, bounded in size and age; and every way storage can
 * fail (none at all, blocked, a full quota, a value it cannot hold) leaves a working page.
 */
import { IDBFactory, IDBObjectStore as FakeStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forget, keep, KEPT_MAX_BYTES, KeptSlot, KEPT_TOTAL_BYTES, KEPT_TTL_MS, keptKey, keptSize, keptTime, recall, tabId, type Kept } from '../../../src/components/kit/kept.ts';

/** sessionStorage as a browser tab has it. */
function tabStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, String(v)),
    removeItem: (k: string) => void items.delete(k),
  };
}

const blob = (bytes: number) => new Blob([new Uint8Array(bytes)]);

/** The time every test runs at: the module's clock (Date) is fixed, its timers stay real. */
const NOW = new Date('2025-08-23T10:00:00Z').getTime();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('sessionStorage', tabStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('keptKey', () => {
  it('is the same for a tool within a tab (reloads, Back) and differs between tabs and tools', () => {
    const logs = keptKey('logs');
    expect(logs).toMatch(/^[0-9a-f]{24}:logs$/);
    expect(keptKey('logs')).toBe(logs);
    expect(keptKey('db')).not.toBe(logs);
    vi.stubGlobal('sessionStorage', tabStorage());
    expect(keptKey('logs')).not.toBe(logs);
  });

  it('is undefined where sessionStorage is blocked', () => {
    vi.stubGlobal('sessionStorage', { getItem: () => { throw new DOMException('denied', 'SecurityError'); } });
    expect(tabId()).toBeUndefined();
    expect(keptKey('logs')).toBeUndefined();
  });
});

describe('keep, recall, forget', () => {
  it('give back what was kept: its name, time, data and Blobs', async () => {
    const key = keptKey('logs')!;
    const kept: Kept<{ summary: { records: number; levels: Record<string, number> } }> = {
      name: 'bot <b>1</b>.log',
      at: NOW,
      data: { summary: { records: 3, levels: { error: 1 } } },
      blobs: { records: new Blob(['a\nb\n']) },
    };
    expect(await keep(key, kept)).toBe(true);
    const back = await recall<typeof kept.data>(key);
    expect(back?.name).toBe('bot <b>1</b>.log');
    expect(back?.at).toBe(kept.at);
    expect(back?.data).toEqual(kept.data);
    expect(await back?.blobs?.records?.text()).toBe('a\nb\n');
  });

  it('keeps one analysis per tool and tab: a new one replaces it, another tab sees nothing', async () => {
    const key = keptKey('db')!;
    await keep(key, { name: 'a.db', at: NOW, data: 1 });
    await keep(key, { name: 'b.db', at: NOW, data: 2 });
    expect((await recall(key))?.name).toBe('b.db');
    expect(await recall(keptKey('logs')!)).toBeUndefined();
    vi.stubGlobal('sessionStorage', tabStorage());
    expect(await recall(keptKey('db')!)).toBeUndefined();
  });

  it('forgets', async () => {
    const key = keptKey('logs')!;
    await keep(key, { name: 'x.log', at: NOW, data: {} });
    await forget(key);
    expect(await recall(key)).toBeUndefined();
  });

  it('refuses an entry past KEPT_MAX_BYTES, and the older one for that key goes too', async () => {
    const key = keptKey('db')!;
    await keep(key, { name: 'old.db', at: NOW, data: {} });
    const big: Kept<object> = { name: 'big.db', at: NOW, data: {}, blobs: { db: blob(KEPT_MAX_BYTES) } };
    expect(keptSize(big)).toBeGreaterThan(KEPT_MAX_BYTES);
    expect(await keep(key, big)).toBe(false);
    expect(await recall(key)).toBeUndefined();
  });

  it('holds at most KEPT_TOTAL_BYTES in all: the oldest entries go to make room', async () => {
    const size = Math.floor(KEPT_MAX_BYTES * 0.9);
    const fit = Math.floor(KEPT_TOTAL_BYTES / size);
    const keys = Array.from({ length: fit + 2 }, (_, i) => keptKey(`tool${i}`)!);
    for (const [i, key] of keys.entries()) expect(await keep(key, { name: `f${i}`, at: NOW + i, data: {}, blobs: { f: blob(size) } })).toBe(true);
    const left = await Promise.all(keys.map(async (k) => (await recall(k)) !== undefined));
    // The newest `fit` entries are there, the two oldest are gone.
    expect(left).toEqual(keys.map((_, i) => i >= keys.length - fit));
  });

  it('deletes entries older than KEPT_TTL_MS, whichever tab kept them', async () => {
    const mine = keptKey('logs')!;
    await keep(mine, { name: 'mine.log', at: NOW, data: {} });
    vi.stubGlobal('sessionStorage', tabStorage());
    const other = keptKey('logs')!;
    await keep(other, { name: 'other.log', at: NOW, data: {} });
    vi.setSystemTime(NOW + KEPT_TTL_MS - 1000);
    expect((await recall(other))?.name).toBe('other.log');
    vi.setSystemTime(NOW + KEPT_TTL_MS + 1000);
    // Opening any tool sweeps: both are gone, though only one was asked for.
    expect(await recall(other)).toBeUndefined();
    vi.setSystemTime(NOW);
    expect(await recall(mine)).toBeUndefined();
  });
});

describe('KeptSlot', () => {
  it('keeps without the Blobs when they do not fit, and a forget asked after a keep comes after it', async () => {
    const slot = new KeptSlot<{ n: number }>('logs');
    expect(await slot.store({ name: 'a.log', at: NOW, data: { n: 1 }, blobs: { records: blob(16) } })).toBe('whole');
    expect(await slot.store({ name: 'b.log', at: NOW, data: { n: 2 }, blobs: { records: blob(KEPT_MAX_BYTES) } })).toBe('bare');
    expect((await slot.recall())?.blobs).toBeUndefined();
    const stored = slot.store({ name: 'c.log', at: NOW, data: { n: 3 } });
    const forgotten = slot.forget();
    expect(await stored).toBe('whole');
    await forgotten;
    expect(await slot.recall()).toBeUndefined();
  });

  it('does nothing where storage is blocked', async () => {
    vi.stubGlobal('sessionStorage', undefined);
    const slot = new KeptSlot<number>('db');
    expect(slot.key).toBeUndefined();
    expect(await slot.store({ name: 'a.db', at: NOW, data: 1 })).toBe('not-kept');
    expect(await slot.recall()).toBeUndefined();
  });
});

describe('when storage fails, nothing breaks: the result is just not kept', () => {
  const key = 'tab:logs';
  const kept = { name: 'x.log', at: NOW, data: { n: 1 } };

  it('without IndexedDB (storage blocked, an old private mode)', async () => {
    vi.stubGlobal('indexedDB', undefined);
    expect(await keep(key, kept)).toBe(false);
    expect(await recall(key)).toBeUndefined();
    await expect(forget(key)).resolves.toBeUndefined();
  });

  it('when opening throws or fails', async () => {
    vi.stubGlobal('indexedDB', { open: () => { throw new DOMException('denied', 'SecurityError'); } });
    expect(await keep(key, kept)).toBe(false);
    const failing = {
      open() {
        const request: { onerror?: (e: { preventDefault(): void }) => void; error: DOMException } = { error: new DOMException('no', 'UnknownError') };
        setTimeout(() => request.onerror?.({ preventDefault() {} }), 0);
        return request;
      },
    };
    vi.stubGlobal('indexedDB', failing);
    expect(await keep(key, kept)).toBe(false);
    expect(await recall(key)).toBeUndefined();
  });

  it('when the quota is full', async () => {
    await keep(key, kept);
    vi.spyOn(FakeStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(await keep(key, { ...kept, name: 'new.log' })).toBe(false);
    vi.restoreAllMocks();
    // The older analysis is not shown in place of the one that could not be kept.
    expect(await recall(key)).toBeUndefined();
  });

  it('when a value cannot be stored', async () => {
    expect(await keep(key, { ...kept, data: { n: 1, f() {} } })).toBe(false);
    expect(await keep(key, { ...kept, data: { n: 1n } })).toBe(false);
    expect(await recall(key)).toBeUndefined();
  });
});

describe('keptTime', () => {
  const at = new Date(2025, 7, 23, 9, 5).getTime();
  it('says the time on the same day, and the date too before', () => {
    expect(keptTime(at, 'en', new Date(2025, 7, 23, 18, 0).getTime())).toBe('09:05');
    expect(keptTime(at, 'zh-TW', new Date(2025, 7, 23, 18, 0).getTime())).toBe('09:05');
    expect(keptTime(at, 'en', new Date(2025, 7, 24, 8, 0).getTime())).toBe('Aug 23, 09:05');
    expect(keptTime(at, 'zh-TW', new Date(2025, 7, 24, 8, 0).getTime())).toBe('8月23日 09:05');
  });
});
