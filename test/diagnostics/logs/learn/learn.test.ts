import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asLogFormat, learnFormats, matchHead, readFields } from '../../../../src/diagnostics/logs/learn/index.ts';
import { LogFormat } from '../../../../src/registry/schema.ts';
import { compileFormats } from '../../../../src/diagnostics/logs/engine/formats.ts';
import { regexProblem } from '../../../../src/registry/validate.ts';

/** The only unbounded quantifier a head may hold is its message's `.*`. */
function unbounded(head: string): boolean {
  const rest = head.replace('(?<message>.*)', '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[*+]/.test(rest) || /\{\d+,\}/.test(rest);
}

function check(lines: string[]) {
  const formats = learnFormats(lines);
  for (const f of formats) {
    expect(regexProblem(f.head), f.head).toBeUndefined();
    expect(unbounded(f.head), f.head).toBe(false);
    expect(f.head.startsWith('^')).toBe(true);
    expect(f.head.endsWith('(?<message>.*)')).toBe(true);
  }
  return formats;
}

const groupsOf = (head: string, line: string) => new RegExp(head).exec(line)?.groups;

describe('learnFormats', () => {
  it('learns HDFS-style heads: compact date and time, pid, level, component ending in `:`', () => {
    const lines = [
      '081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010',
      '081109 203518 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /mnt/hadoop/mapred/system/job_200811092030_0001/job.jar. blk_-1608999687919862906',
      '081109 203519 145 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_-1608999687919862906 terminating',
      '081109 203520 142 WARN dfs.DataNode$DataXceiver: writeBlock blk_x received exception java.io.IOException',
    ];
    const [f] = check(lines);
    expect(f).toMatchObject({ matched: 4, total: 4, level: 'word', timestamp: { pattern: 'yyMMdd HHmmss' } });
    expect(f!.layout.en).toBe('`yyMMdd HHmmss` time, process id, level, component ending in `:`, then the message');
    expect(f!.layout['zh-TW']).toBe('`yyMMdd HHmmss` 時間、行程 ID、等級、以 `:` 結尾的元件，然後是訊息');
    expect(groupsOf(f!.head, lines[3]!)).toEqual({ timestamp: '081109 203520', pid: '142', level: 'WARN', logger: 'dfs.DataNode$DataXceiver', message: 'writeBlock blk_x received exception java.io.IOException' });
  });

  it('learns logcat heads with a one-letter level', () => {
    const lines = [
      '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63}',
      '03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404, flags=0x1',
      '03-17 16:13:38.839  1702  2113 V WindowManager: Skipping AppWindowToken{df0798e} -- going to hide',
      '03-17 16:13:39.001 12702 12702 E AndroidRuntime: FATAL EXCEPTION: main',
    ];
    const [f] = check(lines);
    expect(f!.level).toBe('letter');
    expect(groupsOf(f!.head, lines[3]!)).toMatchObject({ pid: '12702', thread: '12702', level: 'E', logger: 'AndroidRuntime', message: 'FATAL EXCEPTION: main' });
  });

  it('never reads a one-letter word of free text as a level', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `2024-03-09 14:05:${String(i).padStart(2, '0')} ${i % 2 ? 'I think it works' : 'A job ran'} ${i}`);
    const [f] = check(lines);
    expect(f!.level).toBeUndefined();
    expect(groupsOf(f!.head, lines[1]!)!.message).toBe('I think it works 1');
  });

  it('reads lines that do not start with the head as the record above (tracebacks, Java stacks, indented lines)', () => {
    const lines = [
      '2024-03-09 14:05:07,250 ERROR [main] com.shop.Orders: payment failed',
      'java.lang.IllegalStateException: cannot charge order 9512',
      '\tat com.shop.Orders.charge(Orders.java:79)',
      'Caused by: java.lang.NumberFormatException: For input string: "order-9512"',
      '\t... 3 more',
      '2024-03-09 14:05:08,001 INFO  [main] com.shop.Orders: order 9513 shipped',
      '2024-03-09 14:05:09,001 WARN  [pool-1] com.shop.Http: slow response',
    ];
    const [f] = check(lines);
    expect(f!.matched).toBe(3);
    const re = new RegExp(f!.head);
    expect(lines.map((l) => matchHead(re, f!, l) !== undefined)).toEqual([true, false, false, false, false, true, true]);
  });

  it('learns two-line records (java.util.logging): the level and message are on the next line', () => {
    const lines = [
      'Mar 09, 2024 2:05:07 PM com.shop.Inventory run', 'FINE: cache size 54',
      'Mar 09, 2024 2:05:11 PM com.shop.Orders handle', 'SEVERE: payment failed for order 9,512',
      'java.lang.IllegalStateException: cannot charge order 9512', '\tat WildJul.charge(WildJul.java:79)',
      'Mar 09, 2024 2:05:14 PM com.shop.http.Server handle', 'WARNING: slow response from inventory: 2,011 ms',
    ];
    const [f, ...rest] = check(lines);
    expect(rest).toEqual([]);
    expect(f!.next).toBeDefined();
    expect(new RegExp(f!.next!).exec(lines[3]!)?.groups).toEqual({ level: 'SEVERE', message: 'payment failed for order 9,512' });
    expect(f!.layout.en).toMatch(/the next line holds the level and the message$/);
  });

  it('learns one format per head shape in a mixed sample', () => {
    const a = Array.from({ length: 10 }, (_, i) => `2024-03-09 14:05:0${i} INFO app: started ${i}`);
    const b = Array.from({ length: 10 }, (_, i) => `[Sun Dec 04 04:47:4${i} 2005] [notice] child ${i}`);
    const formats = check(a.flatMap((l, i) => [l, b[i]!]));
    expect(formats.map((f) => f.matched)).toEqual([10, 10]);
    expect(new Set(formats.map((f) => f.id)).size).toBe(2);
  });

  it('gives the same id to the same layout, whatever the sample', () => {
    const one = check(['2024-03-09 14:05:07 INFO a: x', '2024-03-09 14:05:08 WARN b: y'])[0]!;
    const two = check(['2025-01-01 00:00:00 ERROR c: z', '2025-01-01 00:00:01 INFO d: w', '2025-01-01 00:00:02 INFO e: v'])[0]!;
    expect(one.id).toBe(two.id);
    expect(one.id).toMatch(/^learned-[0-9a-f]{8}$/);
  });

  it('does not take the `Error: …` lines of stack traces for a format', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) {
      lines.push(`message number ${i} without any head`);
      lines.push('Error: checkout failed', '    at checkout (/srv/shop/src/payments.js:3:85)');
    }
    expect(check(lines)).toEqual([]);
  });

  it('reads PostgreSQL lines without a level word (DETAIL, STATEMENT) as the record above', () => {
    const lines = [
      '2024-01-05 10:00:00.123 UTC [1234] LOG:  database system is ready to accept connections',
      '2024-01-05 10:00:01.123 UTC [1240] postgres@postgres ERROR:  duplicate key value violates unique constraint "t_pkey"',
      '2024-01-05 10:00:01.123 UTC [1240] postgres@postgres DETAIL:  Key (id)=(1) already exists.',
      '2024-01-05 10:00:01.123 UTC [1240] postgres@postgres STATEMENT:  insert into t values (1)',
      '2024-01-05 10:00:02.123 UTC [1234] LOG:  checkpoint starting: time',
      '2024-01-05 10:00:03.123 UTC [1241] app@shop FATAL:  role "x" does not exist',
      '2024-01-05 10:00:04.000 UTC [1242] [unknown]@[unknown] LOG:  connection received: host=[local]',
    ];
    const [f] = check(lines);
    const re = new RegExp(f!.head);
    expect(lines.map((l) => matchHead(re, f!, l)?.level)).toEqual(['LOG', 'ERROR', undefined, undefined, 'LOG', 'FATAL', 'LOG']);
    expect(f!.layout.en).toBe('`yyyy-MM-dd HH:mm:ss.SSS zzz` time, process id in `[]`, optionally a word, level, `:`, then the message');
  });

  it.each([
    [
      "Monolog (Laravel): `[time] channel.LEVEL: message`",
      ['[2024-01-05 10:00:00] local.ERROR: Undefined variable $x {"exception":"[object]"} []', '[stacktrace]', '#0 /app/vendor/x.php(12): foo()', '[2024-01-05 10:00:01] local.INFO: User logged in {"id":1} []', '[2024-01-05 10:00:02] production.WARNING: Slow query [] []'],
      { timestamp: '2024-01-05 10:00:02', logger: 'production', level: 'WARNING', message: 'Slow query [] []' },
    ],
    [
      "Ruby's Logger: `L, [time #pid] LEVEL -- : message`",
      ['I, [2024-01-05T10:00:00.123456 #1234]  INFO -- : Started GET "/"', 'W, [2024-01-05T10:00:01.123456 #1234]  WARN -- : Deprecated call', 'E, [2024-01-05T10:00:02.123456 #1234] ERROR -- : boom (RuntimeError)', "app/models/x.rb:3:in `foo'"],
      { timestamp: '2024-01-05T10:00:02.123456', level: 'ERROR', message: 'boom (RuntimeError)' },
    ],
    [
      'Apache 2.4: `[time] [module:level] [pid N:tid N] message`',
      ['[Mon Dec 07 01:49:16.219094 2026] [mpm_event:notice] [pid 21304:tid 21304] AH00489: Apache/2.4.71 (Debian) configured', '[Mon Dec 07 01:49:18.337079 2026] [core:error] [pid 21306:tid 21309] [client 127.0.0.1:55336] AH10244: invalid URI path'],
      { timestamp: 'Mon Dec 07 01:49:18.337079 2026', logger: 'core', level: 'error', thread: 'pid 21306:tid 21309' },
    ],
    [
      'glog and klog: the level letter glued to `MMdd`',
      ['I0105 10:00:00.123456   12345 server.go:123] Starting server on :8080', 'W0105 10:00:01.000001   12345 client.go:45] retrying request', 'goroutine 1 [running]:', 'E0105 10:00:02.500000   12346 handler.go:9] request failed: timeout'],
      { level: 'E', timestamp: '0105 10:00:02.500000', pid: '12346', message: 'handler.go:9] request failed: timeout' },
    ],
    [
      'Logback: a time of day, `[thread] LEVEL logger - message`',
      ['10:00:00.123 [main] INFO  com.example.App - Starting App', '10:00:00.456 [main] DEBUG com.example.db.Pool - pool size 10', '10:00:01.001 [http-nio-8080-exec-1] ERROR com.example.web.Api - request failed', 'java.lang.NullPointerException: null', '\tat com.example.web.Api.get(Api.java:42)', '10:00:02.000 [main] WARN  com.example.App - slow'],
      { timestamp: '10:00:02.000', thread: 'main', level: 'WARN', logger: 'com.example.App', message: 'slow' },
    ],
    [
      'Spring Boot: padded thread, padded logger, `:`',
      ['2024-01-05T10:00:00.123+01:00  INFO 12345 --- [           main] com.example.App                          : Starting App using Java 17', '2024-01-05T10:00:01.001+01:00 ERROR 12345 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception', '2024-01-05T10:00:02.000+01:00  WARN 12345 --- [           main] com.example.App                          : slow'],
      { level: 'WARN', pid: '12345', thread: 'main', logger: 'com.example.App', message: 'slow' },
    ],
    [
      'loguru: `time | LEVEL | module:function:line - message`',
      ['2024-01-05 10:00:00.123 | INFO     | __main__:main:10 - Starting', '2024-01-05 10:00:00.456 | SUCCESS  | app.db:connect:22 - Connected', 'Traceback (most recent call last):', '2024-01-05 10:00:02.000 | WARNING  | __main__:main:12 - slow'],
      { level: 'WARNING', logger: '__main__:main:12', message: 'slow' },
    ],
    [
      'an access log: the request in quotes is the message',
      ['127.0.0.1 - - [07/Dec/2026:01:45:32 +0000] "GET /img/p1.png HTTP/1.1" 404 153 "-" "curl/7.88.1"', '10.0.0.7 - alice [07/Dec/2026:01:45:33 +0000] "POST /api/orders HTTP/1.1" 201 20 "-" "curl/7.88.1"'],
      { timestamp: '07/Dec/2026:01:45:33 +0000', message: '"POST /api/orders HTTP/1.1" 201 20 "-" "curl/7.88.1"' },
    ],
  ])('%s', (_name, lines, groups) => {
    const [f] = check(lines);
    expect(groupsOf(f!.head, lines.at(-1)!.startsWith('app/') ? lines.at(-2)! : lines.at(-1)!)).toMatchObject(groups);
  });

  it('gives each format in the registry\'s shape, which the registry\'s compiler takes', () => {
    const [f] = check(['2024-03-09 14:05:07 INFO a: x', '2024-03-09 14:05:08 WARN b: y']);
    const logFormat = LogFormat.parse(asLogFormat(f!));
    expect(logFormat).toMatchObject({ id: f!.id, head: f!.head, timestamp: 'yyyy-MM-dd HH:mm:ss', continuation: ['.'], systems: [] });
    const compiled = compileFormats([logFormat]);
    expect(compiled.problems).toEqual([]);
    expect(compiled.formats[0]!.head!.re.exec('2024-03-09 14:05:09 ERROR c: z')?.groups?.level).toBe('ERROR');
    expect(compiled.formats[0]!.head!.bytes).toBeDefined();
  });

  describe('bad input gives no format, never a hang', () => {
    it.each([
      ['nothing', []],
      ['blank lines', ['', '   ', '\t']],
      ['one line', ['2024-03-09 14:05:07 INFO started']],
      ['prose', 'The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times; error: none.'.split(/(?<=[.;])\s/)],
    ])('%s', (_name, lines) => {
      expect(check(lines)).toEqual([]);
    });

    it('random text', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 300 }), (lines) => {
          for (const f of check(lines)) expect(f.matched).toBeGreaterThanOrEqual(2);
        }),
        { numRuns: 200 },
      );
    });

    it('random words: no format', () => {
      fc.assert(
        fc.property(fc.array(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')), { maxLength: 200 }), (lines) => {
          expect(check(lines)).toEqual([]);
        }),
        { numRuns: 100 },
      );
    });

    it('binary data', () => {
      let seed = 7;
      const bytes = Array.from({ length: 200_000 }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed >> 16) & 255);
      const text = String.fromCharCode(...bytes.slice(0, 100_000)) + String.fromCharCode(...bytes.slice(100_000));
      expect(check(text.split('\n'))).toEqual([]);
    });

    it('one enormous line', () => {
      expect(check([`2024-03-09 14:05:07 INFO ${'x'.repeat(5_000_000)}`])).toEqual([]);
      expect(check([`${'[{'.repeat(100_000)}`, `${'a '.repeat(1_000_000)}`])).toEqual([]);
    });

    it('every line a different shape', () => {
      const lines = [
        '2024-03-09 14:05:07 hello', 'Dec 10 06:55:46 host x: y', '[Sun Dec 04 04:47:44 2005] z', '1709993107: w',
        'INFO: v', '17/06/09 20:10:40 q', '081109 203518 p', '03-17 16:13:38.811 o',
      ];
      expect(check(lines)).toEqual([]);
    });

    it('reads a bounded number of lines and of fields', () => {
      const lines = Array.from({ length: 50_000 }, (_, i) => `2024-03-09 14:05:07 INFO ${i}`);
      const [f] = check(lines);
      expect(f!.total).toBe(5_000);
      expect(readFields(`${'a '.repeat(10_000)}`).length).toBeLessThanOrEqual(12);
    });
  });
});
