/** The parser's problems, worded in both languages of the site. */
import type { Container } from './encoding.ts';
import type { CodeStat, LogFinding, LogProblem, ProblemKind } from './types.ts';

const CONTAINERS: Record<Container, [string, string]> = {
  gzip: ['gzip 壓縮檔', 'a gzip file'],
  zip: ['ZIP 壓縮檔', 'a ZIP archive'],
  bzip2: ['bzip2 壓縮檔', 'a bzip2 file'],
  xz: ['xz 壓縮檔', 'an xz file'],
  zstd: ['zstd 壓縮檔', 'a zstd file'],
  '7z': ['7-Zip 壓縮檔', 'a 7-Zip archive'],
  sqlite: ['SQLite 資料庫', 'a SQLite database'],
  png: ['PNG 圖片', 'a PNG image'],
  jpeg: ['JPEG 圖片', 'a JPEG image'],
  pdf: ['PDF 文件', 'a PDF document'],
  elf: ['執行檔（ELF）', 'an executable (ELF)'],
  tar: ['tar 封存檔', 'a tar archive'],
};

function problem(kind: ProblemKind, severity: LogProblem['severity'], zh: string, en: string): LogProblem {
  return { kind, severity, message: { 'zh-TW': zh, en } };
}

const n = (x: number) => x.toLocaleString('en-US');

export const problems = {
  empty: () => problem('empty', 'info', '檔案是空的（或只有空白行），沒有可分析的紀錄。', 'The file is empty (or has only blank lines): there are no records to analyse.'),
  binary: (container?: Container) => {
    const [zh, en] = container ? CONTAINERS[container] : ['二進位檔案', 'a binary file'];
    const hint = container && container !== 'sqlite'
      ? ['請先解壓縮，再分析其中的日誌檔。', 'Extract it first and analyse the log files inside.']
      : container === 'sqlite'
        ? ['請改用資料庫檢查工具。', 'Use the database checker instead.']
        : ['日誌應是文字檔；請確認選對了檔案。', 'A log is a text file; check that this is the right file.'];
    return problem('binary', 'error', `這不是文字日誌，而是${zh}。${hint[0]}`, `This is not a text log but ${en}. ${hint[1]}`);
  },
  unknownFormat: (lines: number) => problem('unknown-format', 'warning',
    `${n(lines)} 行文字中沒有任何一行符合已知的日誌格式（需要行首的時間戳記與等級，或已知系統的格式）。`,
    `None of the ${n(lines)} lines matches a known log format (a timestamp and a level at the start of the line, or the format of a known system).`),
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
