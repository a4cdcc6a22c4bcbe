/**
 * The last analysis of a tool, kept for as long as the browser tab lives, so that going Back
 * (after following a code link) and reloading show it again instead of an empty tool. It stays
 * in this browser: nothing is sent anywhere.
 *
 * Where: IndexedDB. An analysis with its kept records can take tens of megabytes, past what
 * sessionStorage holds (about 5 MB, strings only); IndexedDB stores structured values and Blobs
 * (compressed records, a small database file) as they are, and fails with an error rather than
 * silently.
 * Whose: every key begins with an id of the tab, held in sessionStorage, which lives as long as
 * the tab, survives reloads and Back, and is not shared with other tabs: another tab never sees
 * this tab's results. IndexedDB outlives the tab, so whenever a tool opens, entries older than
 * `KEPT_TTL_MS` are deleted, whichever tab they belong to.
 * How much: an entry takes at most `KEPT_MAX_BYTES` (its data as JSON, plus its Blobs; larger
 * ones are not stored), and all entries together at most `KEPT_TOTAL_BYTES` (the oldest go).
 * When it cannot: storage blocked, a private mode without IndexedDB, a full quota, an open that
 * is blocked or fails: every function still resolves (`keep` with false, `recall` with
 * nothing); the result is just not kept, and the tool works as before.
 */
import type { Locale } from '../../i18n/index.ts';
import { h } from './h.ts';

/** Largest entry kept: characters of its data as JSON plus bytes of its Blobs. */
export const KEPT_MAX_BYTES = 48 * 2 ** 20;
/** Largest total of all entries (every tab, every tool); older entries are deleted to make room. */
export const KEPT_TOTAL_BYTES = 128 * 2 ** 20;
/** Age after which an entry is deleted (its tab may be long closed). */
export const KEPT_TTL_MS = 24 * 60 * 60 * 1000;

const DB_NAME = 'errdex-kept';
const DB_VERSION = 1;
/** Small rows (`Meta`) read to sweep and to make room, apart from the entries themselves. */
const META = 'meta';
const ENTRIES = 'entries';
const TAB_ITEM = 'errdex-tab';

export interface Kept<T> {
  /** The file (or files) analysed, as named by the person: untrusted text, shown as text only. */
  name: string;
  /** When the analysis was made (ms since the epoch). */
  at: number;
  /** What the island needs to draw the results again (structured-cloneable). */
  data: T;
  /** Large parts (compressed records, a small database file), stored as they are. */
  blobs?: Record<string, Blob>;
}

interface Meta {
  key: string;
  at: number;
  size: number;
}

/** This tab's id (made on first use, kept in sessionStorage); undefined where storage is blocked. */
export function tabId(): string | undefined {
  try {
    const storage = globalThis.sessionStorage;
    let id = storage.getItem(TAB_ITEM);
    if (!id) {
      // getRandomValues, unlike randomUUID, works on plain http too.
      id = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
      storage.setItem(TAB_ITEM, id);
    }
    return id;
  } catch {
    return undefined;
  }
}

/**
 * One tool's kept analysis in this tab, changed one step after another: a keep never overtakes the
 * forget asked before it. Where storage is blocked (`key` undefined) every step does nothing.
 */
export class KeptSlot<T> {
  readonly key: string | undefined;
  #last: Promise<unknown> = Promise.resolve();

  constructor(tool: string) {
    this.key = keptKey(tool);
  }

  /**
   * Keep `kept`; when it cannot be stored with its Blobs, keep it without them. Resolves to what
   * was stored: `whole`, `bare` (without its Blobs) or `not-kept`.
   */
  store(kept: Kept<T>): Promise<'whole' | 'bare' | 'not-kept'> {
    const key = this.key;
    if (!key) return Promise.resolve('not-kept');
    const step = this.#last.then(async () => (await keep(key, kept)) ? 'whole' : kept.blobs && (await keep(key, { ...kept, blobs: undefined })) ? 'bare' : 'not-kept');
    this.#last = step;
    return step;
  }

  /** Forget what is kept. */
  forget(): Promise<void> {
    const key = this.key;
    if (!key) return Promise.resolve();
    const step = this.#last.then(() => forget(key));
    this.#last = step;
    return step;
  }

  recall(): Promise<Kept<T> | undefined> {
    return this.key ? recall<T>(this.key) : Promise.resolve(undefined);
  }
}

/** The key of a tool's kept analysis in this tab (`tool` names the tool, and its variant if any). */
export function keptKey(tool: string): string | undefined {
  const tab = tabId();
  return tab ? `${tab}:${tool}` : undefined;
}

/** The size an entry counts for: characters of its name and data as JSON, plus bytes of its Blobs; undefined if it has no JSON form. */
export function keptSize(kept: Kept<unknown>): number | undefined {
  try {
    const json = JSON.stringify(kept.data) ?? '';
    return kept.name.length + json.length + Object.values(kept.blobs ?? {}).reduce((n, b) => n + b.size, 0);
  } catch {
    return undefined;
  }
}

function open(): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (db: IDBDatabase | undefined) => {
      if (settled) return db?.close();
      settled = true;
      resolve(db);
    };
    let request: IDBOpenDBRequest;
    try {
      request = globalThis.indexedDB.open(DB_NAME, DB_VERSION);
    } catch {
      return settle(undefined);
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES);
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer version of this page wants the database: let it.
      db.onversionchange = () => db.close();
      settle(db);
    };
    request.onerror = (e) => {
      e.preventDefault();
      settle(undefined);
    };
    request.onblocked = () => settle(undefined);
  });
}

/**
 * Run `work` in one transaction over both stores; resolves with its value once the transaction
 * has committed, or undefined if anything failed (quota, a value that cannot be stored, a closed
 * database).
 */
async function transact<R>(mode: IDBTransactionMode, work: (meta: IDBObjectStore, entries: IDBObjectStore, done: (value: R) => void) => void): Promise<R | undefined> {
  const db = await open();
  if (!db) return undefined;
  try {
    return await new Promise<R | undefined>((resolve) => {
      let value: R | undefined;
      let tx: IDBTransaction;
      try {
        tx = db.transaction([META, ENTRIES], mode);
      } catch {
        return resolve(undefined);
      }
      tx.oncomplete = () => resolve(value);
      tx.onabort = () => resolve(undefined);
      tx.onerror = (e) => e.preventDefault();
      try {
        work(tx.objectStore(META), tx.objectStore(ENTRIES), (v) => {
          value = v;
        });
      } catch {
        try {
          tx.abort();
        } catch {
          resolve(undefined);
        }
      }
    });
  } finally {
    db.close();
  }
}

/** Delete every entry older than the TTL (`now` passed for tests), and return the ones left. */
function sweep(meta: IDBObjectStore, entries: IDBObjectStore, now: number, then: (left: Meta[]) => void) {
  const all = meta.getAll();
  all.onsuccess = () => {
    const left: Meta[] = [];
    for (const m of all.result as Meta[]) {
      if (now - m.at > KEPT_TTL_MS || m.at > now + KEPT_TTL_MS) {
        meta.delete(m.key);
        entries.delete(m.key);
      } else left.push(m);
    }
    then(left);
  };
}

/**
 * Keep `kept` under `key`, replacing what was there. Resolves true once it is stored, false if
 * it is too large or could not be stored (the key's older entry is then gone too: a stale result
 * is never restored in place of a newer one).
 */
export async function keep<T>(key: string, kept: Kept<T>): Promise<boolean> {
  const size = keptSize(kept as Kept<unknown>);
  if (size === undefined || size > KEPT_MAX_BYTES) {
    await forget(key);
    return false;
  }
  const now = Date.now();
  const stored = await transact<boolean>('readwrite', (meta, entries, done) => {
    sweep(meta, entries, now, (left) => {
      // Make room: the oldest entries go until this one fits.
      let total = size;
      const others = left.filter((m) => m.key !== key).sort((a, b) => b.at - a.at);
      for (const m of others) {
        if (total + m.size <= KEPT_TOTAL_BYTES) total += m.size;
        else {
          meta.delete(m.key);
          entries.delete(m.key);
        }
      }
      const row: Meta = { key, at: kept.at, size };
      meta.put(row);
      entries.put(kept, key);
      done(true);
    });
  });
  if (stored) return true;
  await forget(key);
  return false;
}

/** The analysis kept under `key`, if there is one not yet expired. Also sweeps expired entries. */
export async function recall<T>(key: string): Promise<Kept<T> | undefined> {
  const now = Date.now();
  const found = await transact<Kept<T> | undefined>('readwrite', (meta, entries, done) => {
    sweep(meta, entries, now, (left) => {
      if (!left.some((m) => m.key === key)) return done(undefined);
      const get = entries.get(key);
      get.onsuccess = () => done(get.result as Kept<T> | undefined);
    });
  });
  return found ?? undefined;
}

/** Forget what is kept under `key` (a new file was dropped, or the person cleared the results). */
export async function forget(key: string): Promise<void> {
  await transact<true>('readwrite', (meta, entries, done) => {
    meta.delete(key);
    entries.delete(key);
    done(true);
  });
}

/** When an analysis was made, as a person reads it: the time today, the date and time before. */
export function keptTime(at: number, locale: Locale, now = Date.now()): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return date.toLocaleString(locale, sameDay
    ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * The line above restored results: "Results of FILE from HH:MM; drop a file to start again",
 * with a button that clears them. `text` is set as text (the file name in it is untrusted).
 */
export function keptNote(text: string, clearLabel: string, onClear: () => void, more?: string): HTMLElement {
  const button = h('button', { type: 'button', 'data-kept-clear': '' }, clearLabel);
  button.addEventListener('click', onClear);
  return h('div', { class: 'errdex-kept', 'data-kept-note': '' },
    h('p', {}, text),
    more ? h('p', { class: 'errdex-kept-more' }, more) : null,
    button);
}
