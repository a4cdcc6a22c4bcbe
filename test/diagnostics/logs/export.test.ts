import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analysisToJson, CSV_COLUMNS, csvField, recordsToCsv } from '../../../src/diagnostics/logs/export.ts';
import { RecordStore } from '../../../src/components/logs/records.ts';
import { LEVELS } from '../../../src/diagnostics/logs/levels.ts';
import { LogAnalysis, LogRecord } from '../../../src/diagnostics/logs/types.ts';
import { text } from './helpers.ts';

const SAMPLE = `[2025-08-23 10:30:15] ERROR [DB_1506] DatabaseManager: failed, "quoted", =cmd()
Details: second line
[2025-08-23 10:30:16] INFO Bot: plain`;

describe('CSV and JSON export', () => {
  it('quotes fields with commas, quotes and newlines, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(undefined)).toBe('');
  });

  it('writes one row per record under the documented header', async () => {
    const { records } = await text(SAMPLE);
    const csv = recordsToCsv(records);
    const [header, ...rest] = csv.trimEnd().split('\r\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    expect(rest.join('\r\n')).toContain('"failed, ""quoted"", =cmd()"');
    expect(rest.join('\r\n')).toContain('Details: second line');
    expect(csv.match(/\r\n/g)).toHaveLength(3);
  });

  it('JSON holds the summary, the problems and the records', async () => {
    const { summary, problems, records } = await text(SAMPLE);
    // The summary and the problems have the shapes `errdex logs --json` prints for each file.
    const json = LogAnalysis.extend({ records: z.array(LogRecord.omit({ signature: true })) }).parse(JSON.parse(analysisToJson(summary, problems, records)));
    expect(json.summary.records).toBe(2);
    expect(json.records[0].codes).toEqual(['DB_1506']);
  });
});

describe('records kept by a browser tab', () => {
  const record = (i: number, level: (typeof LEVELS)[number], size = 10): LogRecord => ({
    line: i, lines: 1, format: 'generic', head: 'h', level, message: 'm'.repeat(size), continuation: [], codes: level === 'error' ? ['DB_1506'] : [],
    templateId: '00000000', template: 't',
  });

  it('filters by level, code and text, and pages through the matches', () => {
    const store = new RecordStore(Array.from({ length: 30 }, (_, i) => ({ ...record(i, i % 3 === 0 ? 'error' : 'info'), message: `message ${i}`, logger: i === 7 ? 'Special' : undefined })));
    expect(store.rows({}, 0, 5).total).toBe(30);
    expect(store.rows({ minLevel: 'warning' }, 0, 100).total).toBe(10);
    expect(store.rows({ code: 'DB_1506' }, 0, 100).total).toBe(10);
    expect(store.rows({ text: 'SPECIAL' }, 0, 100).rows.map((r) => r.line)).toEqual([7]);
    const page = store.rows({ minLevel: 'error' }, 2, 3);
    expect(page.rows.map((r) => r.line)).toEqual([6, 9, 12]);
  });
});
