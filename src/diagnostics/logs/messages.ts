/** The parser's problems, worded in both languages of the site. */
import { FILE_KINDS, type MagicFamily } from '../file-magic.ts';
import type { Container } from './encoding.ts';
import type { CodeStat, LogFinding, LogProblem, ProblemKind } from './types.ts';

function problem(kind: ProblemKind, severity: LogProblem['severity'], zh: string, en: string): LogProblem {
  return { kind, severity, message: { 'zh-TW': zh, en } };
}

const n = (x: number) => x.toLocaleString('en-US');

/** What to do with a file that is not a log, by what it is: only what can be extracted is to be extracted. */
const BINARY_HINT: Record<MagicFamily | 'unknown', [string, string]> = {
  compressed: ['請先解壓縮，再分析解出的日誌檔。', 'Decompress it first and analyse the log it holds.'],
  archive: ['請先解開封存檔，再分析其中的日誌檔。', 'Extract it first and analyse the log files inside.'],
  database: ['請改用資料庫檢查工具。', 'Use the database checker instead.'],
  executable: ['這是程式本身，不是它寫出的日誌；請選擇程式寫出的日誌檔。', 'This is a program itself, not a log it writes; choose the log file the program writes.'],
  image: ['日誌應是文字檔；請確認選對了檔案。', 'A log is a text file; check that this is the right file.'],
  document: ['日誌應是文字檔；請確認選對了檔案。', 'A log is a text file; check that this is the right file.'],
  unknown: ['日誌應是文字檔；請確認選對了檔案。', 'A log is a text file; check that this is the right file.'],
};

export const problems = {
  empty: () => problem('empty', 'info', '檔案是空的（或只有空白行），沒有可分析的紀錄。', 'The file is empty (or has only blank lines): there are no records to analyse.'),
  binary: (container?: Container) => {
    const kind = container ? FILE_KINDS[container] : undefined;
    const [zh, en] = kind ? [kind.name['zh-TW'], kind.name.en] : ['二進位檔案', 'a binary file'];
    const hint = BINARY_HINT[kind?.family ?? 'unknown'];
    return problem('binary', 'error', `這不是文字日誌，而是${zh}。${hint[0]}`, `This is not a text log but ${en}. ${hint[1]}`);
  },
  unknownFormat: (lines: number, asText = false) => problem('unknown-format', 'warning',
    `${n(lines)} 行文字中沒有任何一行符合已知的日誌格式，也學不到共同的行首（時間戳記或等級）。${asText ? '因此每一行都當作純文字紀錄：等級由字詞判斷，錯誤代碼與訊息範本照常列出，可在逐行檢視中搜尋。' : ''}`,
    `None of the ${n(lines)} lines matches a known log format, and no common head (a timestamp or a level) could be learned.${asText ? ' Each line was read as a record of plain text: levels from its words, error codes and message templates as usual, and every line searchable in the line view.' : ''}`),
  unparsedLines: (count: number) => problem('unparsed-lines', 'info',
    `${n(count)} 行既不是紀錄的開頭，也不屬於上一筆紀錄。`,
    `${n(count)} lines neither start a record nor continue one.`),
  truncatedLines: (count: number, max: number) => problem('truncated-lines', 'warning',
    `${n(count)} 行超過 ${n(max)} 個字元，只讀取了開頭部分。`,
    `${n(count)} lines are longer than ${n(max)} characters; only their beginning was read.`),
  zeroBytes: (count: number) => problem('zero-bytes', 'warning',
    `略過了 ${n(count)} 個零位元組：當機或斷電時正在寫入的檔案常留下整段零。零之前與之後的文字照常讀取，但被零蓋掉的行已無法復原。`,
    `${n(count)} zero bytes were skipped: a crash or a power loss often leaves a block of zeros in a file being written. The text before and after them was read as usual; the lines the zeros replaced cannot be recovered.`),
  invalidBytes: (encoding: string, count: number) => problem('invalid-bytes', 'info',
    `有 ${n(count)} 處位元組不是有效的 ${encoding}，已以 U+FFFD（�）取代；其餘文字照常讀取。`,
    `${n(count)} byte sequence${count === 1 ? ' is' : 's are'} not valid ${encoding}; each was replaced by U+FFFD (�) and the rest of the text was read as usual.`),
  guessedEncoding: (encoding: string, confidence: number) => problem('guessed-encoding', 'info',
    `編碼由內容推測為 ${encoding}（信心 ${confidence}%）。`,
    `The encoding was guessed from the content as ${encoding} (confidence ${confidence}%).`),
  decompression: (detail: string) => problem('decompression', 'error',
    `gzip 解壓縮失敗（檔案可能不完整或已損壞）：${detail}。結果只涵蓋失敗前讀到的部分。`,
    `gzip decompression failed (the file may be truncated or damaged): ${detail}. The results cover what was read before the failure.`),
  readError: (detail: string) => problem('read-error', 'error', `讀取失敗：${detail}`, `Reading failed: ${detail}`),
  cancelled: () => problem('cancelled', 'info', '分析已取消；結果只涵蓋已讀取的部分。', 'The analysis was cancelled; the results cover the part read so far.'),
  bomb: (inflated: number, compressed: number) => problem('bomb', 'error',
    `這看起來是解壓縮炸彈：${n(compressed)} 位元組的 gzip 已展開成 ${n(inflated)} 位元組（${n(Math.round(inflated / Math.max(compressed, 1)))} 倍），遠超過日誌的壓縮比，因此停止讀取。結果只涵蓋停止前讀到的部分。`,
    `This looks like a decompression bomb: ${n(compressed)} bytes of gzip had expanded to ${n(inflated)} bytes (${n(Math.round(inflated / Math.max(compressed, 1)))} times), far beyond what logs compress to, so reading stopped. The results cover what was read before.`),
  endless: (what: 'zeros' | 'no-line-break', bytes: number) => problem('endless-input', 'error',
    what === 'zeros'
      ? `輸入連續 ${n(bytes)} 位元組都是零（例如 /dev/zero），不是日誌，因此停止讀取。`
      : `輸入連續 ${n(bytes)} 位元組都沒有換行，不是逐行的日誌（可能是二進位資料或裝置），因此停止讀取。`,
    what === 'zeros'
      ? `The input gave ${n(bytes)} zero bytes in a row (as /dev/zero does): it is not a log, so reading stopped.`
      : `The input gave ${n(bytes)} bytes without a line break: it is not a line-oriented log (binary data or a device, perhaps), so reading stopped.`),
  timeOutOfRange: (count: number) => problem('time-out-of-range', 'warning',
    `${n(count)} 個時間戳記超出可表示的日期範圍；保留原文，但不列入時間軸與時間範圍。`,
    `${n(count)} timestamp${count === 1 ? ' is' : 's are'} outside the range of dates that can be represented; the text is kept, but they are left off the timeline and the time range.`),
  yearInferred: (firstYear: number, from: 'file' | 'today') => problem('year-inferred', 'info',
    `部分時間戳記沒有年份（例如 syslog 的 \`MMM dd HH:mm:ss\`）或只有時刻；年份與日期依${from === 'file' ? '檔案的修改時間' : '今天的日期'}推斷（從 ${firstYear} 年起），月份或時刻倒退處視為跨年或跨日。`,
    `Some timestamps have no year (such as syslog's \`MMM dd HH:mm:ss\`) or give a time of day alone; the year and date were inferred from ${from === 'file' ? "the file's modification time" : "today's date"} (starting in ${firstYear}), a year or a day later where the months or the times go backwards.`),
  recordsNotKept: (kept: number, records: number) => problem('records-not-kept', 'info',
    `為了限制記憶體，只保留了 ${n(kept)} 筆紀錄供瀏覽與匯出（先是全部紀錄，之後只留 warning 以上）；其餘 ${n(records - kept)} 筆都已計入統計，但沒有保留內容。`,
    `To bound memory, ${n(kept)} records were kept for browsing and export (every record at first, then warnings and worse); the other ${n(records - kept)} are counted in the summary but their text was not kept.`),
  formatPattern: (format: string, detail: string) => problem('format-pattern', 'warning',
    `日誌格式 ${format} 無法使用：${detail}`, `Log format ${format} cannot be used: ${detail}`),
};

/** A code found in the log as a finding; the entry's `critical` severity counts as `error`. */
export function finding(c: CodeStat, severity: 'critical' | 'error' | 'warning' | 'info'): LogFinding {
  const how = { en: [] as string[], zh: [] as string[] };
  if (c.explicit > 0) {
    how.en.push(`written ${n(c.explicit)}`);
    how.zh.push(`明寫 ${n(c.explicit)}`);
  }
  if (c.inferred > 0) {
    how.en.push(`recognised ${n(c.inferred)}`);
    how.zh.push(`辨識 ${n(c.inferred)}`);
  }
  return {
    code: c.code,
    severity: severity === 'critical' ? 'error' : severity,
    message: {
      'zh-TW': `${n(c.records)} 筆紀錄帶有 ${c.code}（${how.zh.join('、')}），首次出現於第 ${n(c.firstLine)} 行。`,
      en: `${n(c.records)} record${c.records === 1 ? '' : 's'} carry ${c.code} (${how.en.join(', ')}); the first is at line ${n(c.firstLine)}.`,
    },
    evidence: { line: c.firstLine, text: c.example, records: c.records },
  };
}
