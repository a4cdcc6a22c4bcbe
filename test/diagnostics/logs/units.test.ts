import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codesInText, exceptionOf, exceptionOfValue, httpStatusOf } from '../../../src/diagnostics/logs/classify.ts';
import { LEVELS, levelFromText, levelIndex, numericLevelIndex, parseLevel } from '../../../src/diagnostics/logs/levels.ts';
import { isoTime, parseTimestamp, parseTimestampValue, TimestampReader } from '../../../src/diagnostics/logs/timestamp.ts';

describe('level vocabulary', () => {
  it.each([
    ['TRACE', 'trace'], ['FINEST', 'trace'], ['debug', 'debug'], ['Debug', 'debug'], ['DBG', 'debug'],
    ['INFO', 'info'], ['information', 'info'], ['NOTICE', 'notice'], ['WARN', 'warning'], ['Warning', 'warning'],
    ['ERROR', 'error'], ['err', 'error'], ['SEVERE', 'error'], ['CRITICAL', 'critical'], ['FATAL', 'critical'],
    ['panic', 'critical'], ['EMERG', 'critical'], ['wArNiNg', 'warning'],
  ])('%s -> %s', (word, level) => {
    expect(LEVELS[levelIndex(word)]).toBe(level);
  });

  it.each(['main', 'HTTP', 'user', '', 'INFORMATIONALLY', 'x'.repeat(100)])('%s is not a level', (word) => {
    expect(levelIndex(word)).toBe(-1);
  });

  it('reads pino numbers', () => {
    expect([10, 20, 30, 40, 50, 60, 5].map((n) => LEVELS[numericLevelIndex(n)] ?? 'none')).toEqual(['trace', 'debug', 'info', 'warning', 'error', 'critical', 'none']);
  });

  it('parses --fail-on values', () => {
    expect(parseLevel(' warn ')).toBe('warning');
    expect(parseLevel('bogus')).toBeUndefined();
  });

  it.each([
    ['HTTP 429 error for https://civitai.com/x', 'error'],
    ['ConnectionError: HTTPSConnectionPool(host=...)', 'error'],
    ['模型載入失敗', 'error'],
    ['Retry 2/3 after 15s', 'warning'],
    ['GET https://civitai.com/x 200 response_time: 5ms', 'info'],
  ])('a record without a level: %s -> %s', (message, level) => {
    expect(LEVELS[levelFromText(message)]).toBe(level);
  });
});

describe('timestamps', () => {
  it.each([
    ['2025-08-23 10:30:15', '2025-08-23T10:30:15.000Z'],
    ['2025-08-23 10:30:15,123', '2025-08-23T10:30:15.123Z'],
    ['2025-08-23T10:30:15.123456Z', '2025-08-23T10:30:15.123Z'],
    ['2025-08-23T10:30:15.5Z', '2025-08-23T10:30:15.500Z'],
    ['2025-08-23T10:30:15+08:00', '2025-08-23T02:30:15.000Z'],
    ['2025-08-23T10:30:15.123-0530', '2025-08-23T16:00:15.123Z'],
    ['2025/08/23 10:30:15', '2025-08-23T10:30:15.000Z'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59.000Z'],
    ['1999-12-31 23:59:59', '1999-12-31T23:59:59.000Z'],
  ])('%s', (input, iso) => {
    expect(new Date(parseTimestamp(input)).toISOString()).toBe(iso);
  });

  it.each(['2025-13-01 00:00:00', '2025-08-23', 'yesterday', '2025-08-23 25:00:00', '2025-08-23_10:30:15'])('%s is not a timestamp', (input) => {
    expect(parseTimestamp(input)).toBeNaN();
  });

  it('agrees with Date for any instant', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), (d) => {
      const iso = d.toISOString();
      if (!/^\d{4}-/.test(iso)) return;
      expect(parseTimestamp(iso)).toBe(d.getTime());
      expect(parseTimestamp(iso.replace('T', ' ').replace('.', ',').replace('Z', ''))).toBe(d.getTime());
    }));
  });

  it('the incremental reader gives the same values as the plain one', () => {
    const reader = new TimestampReader();
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 50 }), (steps) => {
      let t = Date.UTC(2025, 7, 23);
      for (const step of steps) {
        t += step;
        const iso = new Date(t).toISOString();
        const text = step % 3 === 0 ? iso : iso.slice(0, 19).replace('T', ' ');
        expect(reader.read(text)).toBe(parseTimestamp(text));
      }
    }));
  });

  it('writes instants exactly as Date.prototype.toISOString does', () => {
    const instants = [0, -0, 1, -1, 999.9, -0.5, 1e12 + 0.7, Date.UTC(0, 0, 1) - 1, -62167219200000, 253402300799999, 253402300800000, 8.64e15, -8.64e15];
    for (const t of instants) expect(isoTime(t)).toBe(new Date(t).toISOString());
    // runs in the same second, as consecutive records give them
    fc.assert(fc.property(fc.double({ min: -8.6e15, max: 8.6e15, noNaN: true }), fc.array(fc.integer({ min: -1500, max: 1500 }), { maxLength: 8 }), (start, steps) => {
      let t = start;
      for (const step of [0, ...steps]) {
        t += step;
        expect(isoTime(t)).toBe(new Date(t).toISOString());
      }
    }));
    expect(isoTime(NaN)).toBeUndefined();
    expect(isoTime(Infinity)).toBeUndefined();
  });

  it('reads the access-log layout of web servers, and gives no year to a time without one', () => {
    expect(parseTimestamp('23/Aug/2025:10:30:16 +0000')).toBe(Date.UTC(2025, 7, 23, 10, 30, 16));
    expect(parseTimestamp('23/Aug/2025:10:30:16 +0800')).toBe(Date.UTC(2025, 7, 23, 2, 30, 16));
    expect(parseTimestamp('01/Jan/2026:00:00:00 -0130')).toBe(Date.UTC(2026, 0, 1, 1, 30, 0));
    expect(new TimestampReader().read('23/Aug/2025:10:30:16 +0000')).toBe(Date.UTC(2025, 7, 23, 10, 30, 16));
    for (const bad of ['23/Foo/2025:10:30:16 +0000', '32/Aug/2025:10:30:16 +0000', '23/Aug/2025 10:30:16', 'Aug 23 10:30:15']) expect(parseTimestamp(bad)).toBeNaN();
  });

  it('reads epoch numbers of JSON logs', () => {
    expect(parseTimestampValue(1755945015)).toBe(1755945015000);
    expect(parseTimestampValue(1755945015123)).toBe(1755945015123);
    expect(parseTimestampValue(1755945015123456)).toBe(1755945015123);
    expect(parseTimestampValue('1755945015123456')).toBe(1755945015123); // journald's __REALTIME_TIMESTAMP
    expect(parseTimestampValue('1755945015')).toBe(1755945015000);
    expect(parseTimestampValue('20250823')).toBeNaN();
    expect(parseTimestampValue(42)).toBeNaN();
  });
});

describe('classification', () => {
  it.each([
    ['', ['Traceback (most recent call last):', '  File "x.py", line 1', 'sqlite3.OperationalError: database is locked'], 'sqlite3.OperationalError'],
    ['', ['Traceback (most recent call last):', 'KeyboardInterrupt'], 'KeyboardInterrupt'],
    ['', ['discord.errors.Forbidden: 403 Forbidden (error code: 50013)'], 'discord.errors.Forbidden'],
    ["ConnectionError: HTTPSConnectionPool(host='civitai.com', port=443): ", undefined, 'ConnectionError'],
    ['請求失敗: requests.exceptions.ReadTimeout: read timed out', undefined, 'requests.exceptions.ReadTimeout'],
    ["操作 'send' 失败: BotError::RateLimited(30)", undefined, 'BotError::RateLimited'],
    ['Details: 無法連接到資料庫', ['Context: {"a": 1}', 'Details: 無法連接'], undefined],
    ['all good', undefined, undefined],
  ])('exception of %j', (message, continuation, expected) => {
    expect(exceptionOf(message, continuation)).toBe(expected);
  });

  it('reads exceptions of JSON fields', () => {
    expect(exceptionOfValue('Traceback (most recent call last):\n  File "a"\nredis.exceptions.ConnectionError: refused\n')).toBe('redis.exceptions.ConnectionError');
    expect(exceptionOfValue({ type: 'TypeError', message: 'x' })).toBe('TypeError');
    expect(exceptionOfValue(true)).toBeUndefined();
  });

  it.each([
    ['HTTP 429 error for https://x', 429],
    ['"GET /api HTTP/1.1" 200 5123', 200],
    ['upstream returned status=503', 503],
    ['{"status_code": 404}', 404],
    ['429 Client Error: Too Many Requests for url', 429],
    ['Retry 2/3 after 15s', undefined],
    ['port 443 open', undefined],
  ])('HTTP status of %s', (message, status) => {
    expect(httpStatusOf(message)).toBe(status);
  });

  it('finds code-shaped words', () => {
    expect(codesInText('failed with DB_1506 then APP_1000; not a_1 nor DB1506')).toEqual(['DB_1506', 'APP_1000']);
  });
});

describe('level words read from bytes', () => {
  it('agree with levelIndex on any word', async () => {
    const { levelIndex, levelOfBytes } = await import('../../../src/diagnostics/logs/levels.ts');
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    const words = ['INFO', 'info', 'Info', 'iNfO', 'WARN', 'warning', 'Err', 'FATAL', 'crit', 'ınfo', 'notice', 'NOTE', 'x', '', 'INFORMATIONAL', 'INFORMATIONALLY', 'SEVERE', 'wrn', 'Ｉnfo'];
    const fcWords = fc.sample(fc.string({ maxLength: 14 }), 300);
    for (const w of [...words, ...fcWords]) {
      const b = encoder.encode(w);
      expect(levelOfBytes(b, 0, b.length, (x, s, e) => decoder.decode(x.subarray(s, e))), w).toBe(levelIndex(w));
    }
  });
});
