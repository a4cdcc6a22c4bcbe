import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_INPUT, signature } from '../../../../src/diagnostics/logs/templates/signature.ts';

describe('signature: what is masked', () => {
  it.each([
    // numbers, ids, hex, sizes, durations
    ['User 12345 joined guild 67890', 'User <*> joined guild <*>'],
    ['took 12ms, 3.5MB, -5, +7, 1e-5, 100%', 'took <*>, <*>, <*>, <*>, <*>, <*>'],
    ['sent 1190 bytes (1.16 KB), got 12 KB in 5 sec, retry in 3 minutes', 'sent <*>, got <*> in <*>, retry in <*>'],
    ['connection from 24.54.76.216 (24-54-76-216.example.net) and from 10.0.0.1 () at noon', 'connection from <*> and from <*> at noon'],
    ['user 12 (admin) and 5 (of 6)', 'user <*> (admin) and <*> (of <*>)'],
    ['connection at Fri Jun 17 07:07:00 2005 and on June 17, 2005 and Jun  7 01:02:03', 'connection at <*> and on <*> and <*>'],
    ['May I help with 5 items', 'May I help with <*> items'],
    ['commit deadbeef and DEADBEEF at 0x1F, cafe stays', 'commit <*> and <*> at <*>, cafe stays'],
    ['user_12345 and Qwen3 and v2', '<*> and <*> and <*>'],
    ['Receiving block blk_-1608999687919862906 and blk_123', 'Receiving block <*> and <*>'],
    ['id 550e8400-e29b-41d4-a716-446655440000 done', 'id <*> done'],
    // times, dates, addresses with ports
    ['at 2025-08-23 10:30:15,123 and 1,234,567 rows', 'at <*> <*> and <*> rows'],
    ['from 10.0.0.5:8080 to 192.168.1.1', 'from <*> to <*>'],
    ['ip 2001:db8::1 port [::1]:443 and fe80::1%eth0', 'ip <*> port [<*>]:<*> and <*>'],
    ['listening on port:8080', 'listening on port:<*>'],
    ['at java.lang.Thread.run(Thread.java:748)', 'at java.lang.Thread.run(Thread.java:<*>)'],
    // URLs, paths, e-mail, host names
    ['GET failed for https://civitai.com/api/v1/models/12345?x=1.', 'GET failed for <*>.'],
    ['Loaded /etc/app/config.yaml and ~/x/y and ./a/b and C:\\Users\\me\\app.ini', 'Loaded <*> and <*> and <*> and <*>'],
    ['ciod: chdir(/p/gb2/ts5_4/./yaw) failed: No such file', 'ciod: chdir(<*>) failed: No such file'],
    ['wrote src/app.ts and a/b/c, read/write text/html kept', 'wrote <*> and <*>, read/write text/html kept'],
    ['mail to bob@example.com from root@host', 'mail to <*> from <*>'],
    ['proxy.cse.cuhk.edu.hk:5070 open through proxy www.example.com', '<*> open through proxy <*>'],
    ['android.intent.action.SCREEN_ON and e.g. and file.txt stay', 'android.intent.action.SCREEN_ON and e.g. and file.txt stay'],
    // quoted values, key=value, composite values
    ["Can't load tokenizer for 'Qwen/Qwen3-Embedding-0.6B'", "Can't load tokenizer for '<*>'"],
    ['key "user:42:balance" missing, `x y` and “a b”', 'key "<*>" missing, `<*>` and “<*>”'],
    ['找不到檔案「config.yaml」', '找不到檔案「<*>」'],
    ['authentication failure; logname= uid=0 tty=NODEVssh ruser= rhost=218.188.2.4 user=root', 'authentication failure; logname= uid=<*> tty=<*> ruser= rhost=<*> user=<*>'],
    ['name="John Smith" roles=[a, b] next', 'name=<*> roles=<*> next'],
    ['params: {"a": 1, "b": [2, 3]} and [x, y] and <function f at 0x7f3a> but [main] and <br>', 'params: <*> and <*> and <*> but [main] and <br>'],
    ['{"user":"bob","id":5,"ok":true}', '{"user":"<*>","id":<*>,"ok":true}'],
    ["Response: {'Bucket': 'b1', 'Region': 'eu'}", 'Response: <*>'],
    ['user "bob": password mismatch', 'user "<*>": password mismatch'],
  ])('%s', (message, expected) => {
    expect(signature(message)).toBe(expected);
  });
});

describe('signature: what stays', () => {
  it.each([
    ['no digits here', 'no digits here'],
    ['Connection closed by peer', 'Connection closed by peer'],
    // CJK text keeps its words; a number beside it is masked alone
    ['批次遷移失敗 (offset=1000): CUDA out of memory', '批次遷移失敗 (offset=<*>): CUDA out of memory'],
    ['共3個檔案讀取失敗', '共<*>個檔案讀取失敗'],
    ['ユーザー 42 がログインしました', 'ユーザー <*> がログインしました'],
    ['執行指令 /ping，耗時 0.123 秒；讀取 /etc/app.conf。', '執行指令 <*>，耗時 <*> 秒；讀取 <*>。'],
    // a request line keeps its method and the words of its path, quoted or not
    ['"GET /api/v1/models/12345 HTTP/1.1" 502 157 "-" "python-requests/2.31.0"', '"GET /api/<*>/models/<*> HTTP/<*>" <*> <*> "<*>" "<*>"'],
    ['POST /orders/5001/pay -> 402 in 14ms', 'POST /orders/<*>/pay -> <*> in <*>'],
    ['"GET /search?q=logs HTTP/1.1"', '"GET /search?<*> HTTP/<*>"'],
    ['"\x1b[33mGET /api/items/3 HTTP/1.1\x1b[0m" 404 -', '"GET /api/items/<*> HTTP/<*>" <*> -'],
  ])('%s', (message, expected) => {
    expect(signature(message)).toBe(expected);
  });
});

describe('signature: form', () => {
  it('makes white space single spaces and drops colour sequences', () => {
    expect(signature('  \x1b[31mERROR\x1b[0m  failed\tto\u3000connect \n ')).toBe('ERROR failed to connect');
  });

  it('drops the referrer nginx and Apache httpd append', () => {
    expect(signature('user "x" was not found, client: 127.0.0.1, request: "GET /p/ HTTP/1.1", host: "h", referrer: "https://a.example/"')).toBe(
      signature('user "y" was not found, client: 127.0.0.1, request: "GET /p/ HTTP/1.1", host: "h"'),
    );
    expect(signature('[client 1.2.3.4:5] AH00128: File does not exist: /var/www/x, referer: https://a.example/?q=1')).toBe('[client <*>] <*>: File does not exist: <*>');
    // a message that merely mentions a referrer keeps it
    expect(signature('bad header, referer: none given here')).toBe('bad header, referer: none given here');
  });

  it('cuts a long message and says so', () => {
    const long = `start ${'word '.repeat(400)}`;
    const s = signature(long);
    expect(s.startsWith('start word word')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(SIGNATURE_INPUT + 2);
    // one enormous word
    expect(signature('x'.repeat(1_000_000))).toBe('<*> …');
  });

  it('never splits a surrogate pair at the cut', () => {
    const s = signature(`${'a'.repeat(SIGNATURE_INPUT - 1)}😀 tail`);
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('masks the same way whatever the digits, and is bounded, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 }), (text, numbers) => {
        const s = signature(text);
        expect(s).toBe(signature(text)); // pure
        expect(s).not.toMatch(/^ | $| {2}|[\t\n\r]/);
        expect(s.length).toBeLessThanOrEqual(3 * SIGNATURE_INPUT + 2);
        // the same sentence with other numbers in it has the same signature
        const a = `job ${numbers.join(' ')} took 5 ms on host-1`;
        const b = `job ${numbers.map((n) => n + 17).join(' ')} took 123 ms on host-42`;
        expect(signature(a)).toBe(signature(b));
      }),
    );
  });
});
