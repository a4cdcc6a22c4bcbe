import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLayouts, parseTime, recognizeTimestamp, scanTimestamp } from '../../../../src/diagnostics/logs/learn/time-layout.ts';

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : 'NaN');

describe('recognizeTimestamp and parseTime', () => {
  it.each([
    // text, pattern, the instant (a layout without a year is given 2017)
    ['2024-03-09 14:05:07,250', 'yyyy-MM-dd HH:mm:ss,SSS', '2024-03-09T14:05:07.250Z'],
    ['2024-03-09T14:05:07.250123+02:00', "yyyy-MM-dd'T'HH:mm:ss.SSSXX", '2024-03-09T12:05:07.250Z'],
    ['2024-03-09T14:05:07Z', "yyyy-MM-dd'T'HH:mm:ssX", '2024-03-09T14:05:07.000Z'],
    ['2024-03-09T14:05:07.5-0500', "yyyy-MM-dd'T'HH:mm:ss.SSSXX", '2024-03-09T19:05:07.500Z'],
    ['2024/03/09 14:05:07', 'yyyy/MM/dd HH:mm:ss', '2024-03-09T14:05:07.000Z'],
    ['2024-03-09 14:05:07.123 UTC', 'yyyy-MM-dd HH:mm:ss.SSS zzz', '2024-03-09T14:05:07.123Z'],
    ['2024-03-09 14:05:07 CEST', 'yyyy-MM-dd HH:mm:ss zzz', '2024-03-09T12:05:07.000Z'],
    ['2024-01-05  10:00:00', 'yyyy-MM-dd  HH:mm:ss', '2024-01-05T10:00:00.000Z'],
    ['17/06/09 20:10:40', 'yy/MM/dd HH:mm:ss', '2017-06-09T20:10:40.000Z'],
    ['081109 203518', 'yyMMdd HHmmss', '2008-11-09T20:35:18.000Z'],
    ['03-17 16:13:38.811', 'MM-dd HH:mm:ss.SSS', '2017-03-17T16:13:38.811Z'],
    ['10.30 16:49:06', 'MM.dd HH:mm:ss', '2017-10-30T16:49:06.000Z'],
    ['10/Oct/2000:13:55:36 -0700', 'dd/MMM/yyyy:HH:mm:ss XX', '2000-10-10T20:55:36.000Z'],
    ['09/Mar/2024 14:35:30.637', 'dd/MMM/yyyy HH:mm:ss.SSS', '2024-03-09T14:35:30.637Z'],
    ['05 Jan 2024 10:00:00.123', 'dd MMM yyyy HH:mm:ss.SSS', '2024-01-05T10:00:00.123Z'],
    ['05-Jan-2024 10:00:00.123', 'dd-MMM-yyyy HH:mm:ss.SSS', '2024-01-05T10:00:00.123Z'],
    ['Sun Dec 04 04:47:44 2005', 'EEE MMM dd HH:mm:ss yyyy', '2005-12-04T04:47:44.000Z'],
    ['Fri Jan 05 10:00:00.123456 2024', 'EEE MMM dd HH:mm:ss.SSS yyyy', '2024-01-05T10:00:00.123Z'],
    ['Fri, 05 Jan 2024 10:00:00 +0000', 'EEE, dd MMM yyyy HH:mm:ss XX', '2024-01-05T10:00:00.000Z'],
    ['Dec 10 06:55:46', 'MMM dd HH:mm:ss', '2017-12-10T06:55:46.000Z'],
    ['Jul  1 09:00:55', 'MMM ppd HH:mm:ss', '2017-07-01T09:00:55.000Z'],
    ['Nov 9 12:01:01', 'MMM d HH:mm:ss', '2017-11-09T12:01:01.000Z'],
    ['Jan 05, 2025 3:04:05 PM', 'MMM dd, yyyy h:mm:ss a', '2025-01-05T15:04:05.000Z'],
    ['Jan 05, 2025 12:30:00 AM', 'MMM dd, yyyy hh:mm:ss a', '2025-01-05T00:30:00.000Z'],
    ['1117838570', 'epoch seconds', '2005-06-03T22:42:50.000Z'],
    ['1709993107250', 'epoch milliseconds', '2024-03-09T14:05:07.250Z'],
    ['1286536308.779', 'epoch seconds.SSS', '2010-10-08T11:11:48.779Z'],
    ['20171223-22:15:29:606', 'yyyyMMdd-HH:mm:ss:SSS', '2017-12-23T22:15:29.606Z'],
    ['20171223-23:7:6:75', 'yyyyMMdd-HH:m:s:SSS', '2017-12-23T23:07:06.075Z'],
    ['2005-06-03-15.42.50.675872', 'yyyy-MM-dd-HH.mm.ss.SSS', '2005-06-03T15:42:50.675Z'],
    ['2016/9/27:20:30:31.455', 'yyyy/M/dd:HH:mm:ss.SSS', '2016-09-27T20:30:31.455Z'],
    ['05.01.2024 10:00:00', 'dd.MM.yyyy HH:mm:ss', '2024-01-05T10:00:00.000Z'],
    ['01/25/2024 10:00:00', 'MM/dd/yyyy HH:mm:ss', '2024-01-25T10:00:00.000Z'],
    ['20240309T140507', "yyyyMMdd'T'HHmmss", '2024-03-09T14:05:07.000Z'],
  ])('%s', (text, pattern, instant) => {
    const layout = recognizeTimestamp(text);
    expect(layout?.pattern).toBe(pattern);
    expect(iso(parseTime(layout!, text, 2017))).toBe(instant);
    // The layout's regex reads the text it was made from.
    expect(new RegExp(`^(?:${layout!.regex})$`).test(text)).toBe(true);
  });

  it('tells what a layout lacks', () => {
    expect(recognizeTimestamp('Dec 10 06:55:46')).toMatchObject({ hasYear: false, hasZone: false, hasDate: true });
    expect(recognizeTimestamp('2024-03-09T14:05:07Z')).toMatchObject({ hasYear: true, hasZone: true });
    expect(recognizeTimestamp('2005.06.03')).toMatchObject({ hasDate: true, hasTime: false, pattern: 'yyyy.MM.dd' });
    expect(recognizeTimestamp('1709993107')).toMatchObject({ epoch: 's', hasZone: true });
  });

  it('reads a time of day alone as that time on 1970-01-01', () => {
    const layout = recognizeTimestamp('14:05:10.250')!;
    expect(layout.hasDate).toBe(false);
    expect(iso(parseTime(layout, '14:05:10.250'))).toBe('1970-01-01T14:05:10.250Z');
  });

  it('needs a year for a layout without one', () => {
    expect(parseTime(recognizeTimestamp('Dec 10 06:55:46')!, 'Dec 10 06:55:46')).toBeNaN();
  });

  it.each(['1.2.3', '10.11.10.1', '12345', 'hello', '2024-13-01 10:00:00', '2024-01-01 25:00:00', '99:99:99', '1234567890123456', '', 'Dec 10', 'Monday', '0x1f', '10:00'])(
    '%j is not a timestamp',
    (text) => {
      expect(recognizeTimestamp(text)).toBeUndefined();
    },
  );

  it('gives NaN for text in another layout', () => {
    const layout = recognizeTimestamp('2024-03-09 14:05:07')!;
    expect(parseTime(layout, 'Dec 10 06:55:46')).toBeNaN();
    expect(parseTime(layout, '2024-03-09 14:5')).toBeNaN();
  });

  it('finds where a timestamp ends in a line', () => {
    expect(scanTimestamp('2024-03-09 14:05:07,250 INFO x')?.end).toBe(23);
    expect(scanTimestamp('[x] 2024-03-09 14:05:07', 4)?.end).toBe(23);
    expect(scanTimestamp('INFO 2024')).toBeUndefined();
  });

  it('merges layouts of one column: a day seen padded with a space, a fraction some lines lack or write after `.` and others after `,`, the order of day and month', () => {
    const m = mergeLayouts(['Jul 10 09:00:55', 'Jul  1 09:00:55'].map((t) => recognizeTimestamp(t)!))!;
    expect(m.pattern).toBe('MMM ppd HH:mm:ss');
    expect(new RegExp(`^${m.regex}$`).test('Jul  1 09:00:55')).toBe(true);
    const f = mergeLayouts(['2024-03-09T14:05:07.12Z', '2024-03-09T14:05:08Z'].map((t) => recognizeTimestamp(t)!))!;
    expect(iso(parseTime(f, '2024-03-09T14:05:08Z'))).toBe('2024-03-09T14:05:08.000Z');
    expect(iso(parseTime(f, '2024-03-09T14:05:07.12Z'))).toBe('2024-03-09T14:05:07.120Z');
    const s = mergeLayouts(['2024-03-09 14:05:07,250', '2024-03-09 14:05:08.5'].map((t) => recognizeTimestamp(t)!))!;
    expect(iso(parseTime(s, '2024-03-09 14:05:07,250'))).toBe('2024-03-09T14:05:07.250Z');
    expect(iso(parseTime(s, '2024-03-09 14:05:08.5'))).toBe('2024-03-09T14:05:08.500Z');
    expect(new RegExp(`^${s.regex}$`).test('2024-03-09 14:05:08.5')).toBe(true);
    const d = mergeLayouts(['05/01/2024 10:00:00', '25/01/2024 10:00:00'].map((t) => recognizeTimestamp(t)!))!;
    expect(d.pattern.startsWith('dd/MM/yyyy')).toBe(true);
  });

  it('parses what it formats, for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const text = new Date(ms).toISOString();
        const layout = recognizeTimestamp(text)!;
        expect(parseTime(layout, text)).toBe(ms);
        const spaced = text.replace('T', ' ').replace('Z', '');
        expect(parseTime(recognizeTimestamp(spaced)!, spaced)).toBe(ms);
      }),
    );
  });
});
