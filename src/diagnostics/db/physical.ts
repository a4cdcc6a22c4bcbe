/**
 * Findings about the file itself, before and around SQLite's own checks: what the header and
 * the WAL say, and what a file that is not a database probably is.
 */
import { FILE_KINDS, type MagicFamily, type MagicKind } from '../file-magic.ts';
import type { DbHeader, FileKind, HeaderIssue, HeaderReading } from './header.ts';
import { findNamePattern, shellPath, sqliteCommand } from '../shell-quote.ts';
import { bytes, finding, recoverCommand, siblingName } from './findings.ts';
import type { DbFinding } from './report.ts';
import type { WalMismatch, WalReading } from './wal.ts';

/** What a file of another kind looks like (for the kinds told by their magic number, what it is). */
const KIND_TEXT: Record<Exclude<FileKind, Exclude<MagicKind, 'sqlite'>>, { 'zh-TW': string; en: string }> = {
  sqlite: { 'zh-TW': 'SQLite 資料庫', en: 'a SQLite database' },
  'short-header': { 'zh-TW': '被截斷的 SQLite 檔案', en: 'a cut-off SQLite file' },
  empty: { 'zh-TW': '空檔案', en: 'an empty file' },
  'sql-dump': { 'zh-TW': 'SQL 文字傾印（例如 .dump 的輸出）', en: 'a SQL text dump (such as the output of .dump)' },
  text: { 'zh-TW': '文字檔', en: 'a text file' },
  wal: { 'zh-TW': 'SQLite 的 WAL 檔（-wal），不是資料庫本體', en: 'a SQLite write-ahead log (-wal), not the database itself' },
  encrypted: { 'zh-TW': '加密或隨機內容', en: 'encrypted or random bytes' },
  binary: { 'zh-TW': '其他格式的二進位檔', en: 'a binary file of another format' },
};

const isMagic = (kind: FileKind): kind is Exclude<MagicKind, 'sqlite'> => kind in FILE_KINDS && kind !== 'sqlite';

/** What to do with a file of a known kind: only what can be extracted is to be extracted. */
const FAMILY_HINT: Record<MagicFamily, { 'zh-TW': string; en: string }> = {
  compressed: { 'zh-TW': '資料庫可能壓縮在裡面：解壓縮後檢查解出的檔案。', en: 'A database may be compressed inside: decompress it and check what comes out.' },
  archive: { 'zh-TW': '資料庫可能在封存檔裡：解開後檢查其中的 .db 檔。', en: 'A database may be inside the archive: extract it and check the .db file.' },
  database: { 'zh-TW': '', en: '' },
  image: { 'zh-TW': '請確認選對了檔案：應用程式的資料庫通常是 .db、.sqlite 或 .sqlite3 檔。', en: 'Check that this is the right file: an application\'s database is usually a .db, .sqlite or .sqlite3 file.' },
  document: { 'zh-TW': '請確認選對了檔案：應用程式的資料庫通常是 .db、.sqlite 或 .sqlite3 檔。', en: 'Check that this is the right file: an application\'s database is usually a .db, .sqlite or .sqlite3 file.' },
  executable: { 'zh-TW': '這是程式本身，不是它的資料庫；資料庫是程式寫出的檔案，通常是 .db、.sqlite 或 .sqlite3。', en: 'This is a program itself, not its database; the database is a file the program writes, usually a .db, .sqlite or .sqlite3 file.' },
};

/** What to do with a file that is something else than a database. */
function notDatabaseCommand(kind: FileKind, file: string): DbFinding['command'] {
  const f = shellPath(file);
  const restored = shellPath(siblingName(file, 'restored'));
  switch (kind) {
    case 'sql-dump':
      return { lang: 'bash', code: `sqlite3 ${restored} < ${f}` };
    case 'gzip':
      return { lang: 'bash', code: `gzip -dc ${f} > ${restored}` };
    case 'xz':
      return { lang: 'bash', code: `xz -dc ${f} > ${restored}` };
    case 'zstd':
      return { lang: 'bash', code: `zstd -dc ${f} > ${restored}` };
    case 'bzip2':
      return { lang: 'bash', code: `bzip2 -dc ${f} > ${restored}` };
    case 'zip':
      return { lang: 'bash', code: `unzip -l ${f}` };
    case '7z':
      return { lang: 'bash', code: `7z l ${f}` };
    case 'tar':
      return { lang: 'bash', code: `tar -tvf ${f}` };
    default:
      return { lang: 'bash', code: `file ${f}\nhead -c 64 ${f} | od -A d -c | head -5` };
  }
}

export function fileKindFindings(reading: HeaderReading, file: string, size: number): DbFinding[] {
  const k = reading.kind;
  if (k === 'sqlite') return [];
  if (k === 'empty') {
    return [finding('empty-file', 'error', {
      'zh-TW': '檔案是空的（0 位元組），原本的資料不在這個檔案裡。開啟一個不存在的路徑時，SQLite 會在那裡建立這樣一個空檔而不報錯，所以這通常是錯誤的路徑或工作目錄；也可能是複製中斷。找出同名而且有內容的檔案。',
      en: 'The file is empty (0 bytes); the data is not in this file. Opening a path that does not exist makes SQLite create such an empty file there without an error, so this is usually a wrong path or working directory (or a copy that was cut short). Find the files of this name that have content.',
    }, ['size: 0 bytes'], { lang: 'bash', code: findPaths(file) })];
  }
  if (k === 'short-header') {
    return [finding('truncated', 'error', {
      'zh-TW': `檔案只有 ${size} 位元組，比 SQLite 的 100 位元組檔頭還短：檔案在複製或寫入時被截斷了。`,
      en: `The file is only ${size} bytes long, shorter than SQLite's 100-byte header: it was cut off while being copied or written.`,
    }, [`size: ${size} bytes`], recoverCommand(file))];
  }
  const what = isMagic(k) ? FILE_KINDS[k].name : KIND_TEXT[k];
  const evidence = [`size: ${bytes(size)}`, ...(reading.entropy !== undefined ? [`entropy of the first bytes: ${reading.entropy.toFixed(2)} bits/byte`] : [])];
  if (k === 'encrypted') {
    return [finding('encrypted', 'error', {
      'zh-TW': '檔案開頭不是 SQLite 的標記，內容看起來是均勻的隨機位元組：這是加密的資料庫（例如 SQLCipher），或是被覆寫的檔案。沒有金鑰就無法檢查。',
      en: 'The file does not start with the SQLite signature and its bytes look uniformly random: it is an encrypted database (SQLCipher, for example) or an overwritten file. It cannot be checked without the key.',
    }, evidence, { lang: 'bash', code: `head -c 16 ${shellPath(file)} | od -A d -t x1` })];
  }
  // A kind told by its magic number is what the file is; the others are what it looks like.
  return [finding('not-a-database', 'error', isMagic(k) ? {
    'zh-TW': `這不是 SQLite 資料庫：檔案開頭沒有「SQLite format 3」標記，而是${what['zh-TW']}的標記。${FAMILY_HINT[FILE_KINDS[k].family]['zh-TW']}`,
    en: `This is not a SQLite database: the file does not start with "SQLite format 3" but with the signature of ${what.en}. ${FAMILY_HINT[FILE_KINDS[k].family].en}`,
  } : {
    'zh-TW': `這不是 SQLite 資料庫：檔案開頭沒有「SQLite format 3」標記，看起來是${what['zh-TW']}。`,
    en: `This is not a SQLite database: the file does not start with "SQLite format 3"; it looks like ${what.en}.`,
  }, evidence, notDatabaseCommand(k, file))];
}

/**
 * Commands that show the file and find others of its name with content, anywhere on the
 * machine: where the application's real database is when it opened a wrong path.
 */
export function findPaths(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) || file;
  return `ls -la ${shellPath(file)}\nfind / -type f -name ${findNamePattern(base)} -size +0 -exec ls -la {} + 2>/dev/null`;
}

function issueText(i: HeaderIssue): string {
  return `${i.field}: ${i.found} (expected ${i.expected})`;
}

export function headerFindings(reading: HeaderReading, file: string): DbFinding[] {
  const h = reading.header;
  if (!h) return [];
  const out: DbFinding[] = [];
  const fatal = reading.issues.filter((i) => i.level === 'fatal');
  const cut = reading.issues.filter((i) => (i.field === 'headerPageCount' || i.field === 'fileSize') && i.level === 'damage');
  const damage = reading.issues.filter((i) => i.level === 'damage' && !cut.includes(i));
  const notes = reading.issues.filter((i) => i.level === 'note');
  if (fatal.length > 0 || damage.length > 0) {
    out.push(finding('header-invalid', 'error', {
      'zh-TW': `資料庫檔頭有 ${fatal.length + damage.length} 個欄位的值不合法${fatal.length > 0 ? '，SQLite 會拒絕開啟這個檔案' : ''}：檔頭（前 100 位元組）已損壞。`,
      en: `${fatal.length + damage.length} field${fatal.length + damage.length > 1 ? 's of the database header hold' : ' of the database header holds'} invalid values${fatal.length > 0 ? ' and SQLite refuses to open the file' : ''}: the header (first 100 bytes) is damaged.`,
    }, [...fatal, ...damage].map(issueText), recoverCommand(file)));
  }
  if (cut.length > 0) {
    const shortBy = h.headerPageCountValid && h.headerPageCount > h.filePageCount ? (h.headerPageCount - h.filePageCount) * h.pageSize : 0;
    out.push(finding('truncated', 'error', {
      'zh-TW': shortBy > 0
        ? `檔案比檔頭記錄的短：檔頭記載 ${h.headerPageCount} 頁，檔案只有 ${h.filePageCount} 頁（少了約 ${bytes(shortBy)}）。檔案在複製或寫入時被截斷了。`
        : `檔案大小 ${h.fileSize} 位元組不是頁面大小 ${h.pageSize} 的倍數：最後一頁不完整，檔案可能被截斷或附加了多餘的資料。`,
      en: shortBy > 0
        ? `The file is shorter than its header says: the header records ${h.headerPageCount} pages, the file holds ${h.filePageCount} (about ${bytes(shortBy)} missing). It was cut off while being copied or written.`
        : `The file size ${h.fileSize} is not a multiple of the page size ${h.pageSize}: the last page is incomplete, so the file was cut off or has extra bytes appended.`,
    }, cut.map(issueText), recoverCommand(file)));
  }
  if (notes.length > 0) {
    out.push(finding('header-unusual', 'info', {
      'zh-TW': '檔頭有 SQLite 接受但不常見的值，通常來自其他工具、擴充功能或很舊的 SQLite 版本。',
      en: 'The header holds values SQLite accepts but rarely writes, usually left by another tool, an extension or a very old SQLite.',
    }, notes.map(issueText)));
  }
  return out;
}

export function freelistFinding(h: DbHeader, freelistPages: number, file: string): DbFinding | undefined {
  const total = h.pageCount;
  // A count past the file's size is header damage (reported elsewhere), not free space.
  if (total === 0 || freelistPages < 16 || freelistPages >= total) return undefined;
  const ratio = freelistPages / total;
  if (ratio < 0.25) return undefined;
  const wasted = freelistPages * h.pageSize;
  const pct = Math.round(ratio * 100);
  return finding('freelist-bloat', ratio >= 0.5 ? 'warning' : 'info', {
    'zh-TW': `${freelistPages} 頁（${pct}%，約 ${bytes(wasted)}）是刪除資料後留下的空頁。VACUUM 可以重建檔案並歸還這些空間；執行時需要約與資料庫等量的暫存空間，且期間會鎖住資料庫。`,
    en: `${freelistPages} pages (${pct}%, about ${bytes(wasted)}) are free pages left by deleted data. VACUUM rebuilds the file and gives the space back; it needs about as much temporary disk space as the database and locks it while it runs.`,
  }, [`freelist pages: ${freelistPages} of ${total}`, `page size: ${h.pageSize}`], { lang: 'bash', code: sqliteCommand(file, 'VACUUM;') });
}

/**
 * A database in WAL mode that came without a -wal file. That is how every WAL database looks
 * after a clean close (the last connection checkpoints the WAL and deletes it), so it is a note,
 * not a warning: the file alone cannot tell a closed database from one copied while in use, and
 * the note says only that.
 */
export function walMissingFinding(file: string): DbFinding {
  const f = shellPath(file);
  return finding('wal-missing', 'info', {
    'zh-TW': '這個資料庫使用 WAL 模式，沒有一起提供 -wal 檔。正常關閉的 WAL 資料庫就是這樣：最後一個連線關閉時會把 WAL 寫回資料庫並刪除 -wal 檔，所以這次檢查看到的就是完整的資料。只有在資料庫仍在使用中時被複製，最近的寫入才可能只在 -wal 檔裡；單從這個檔案無法分辨是哪一種情況。',
    en: 'This database is in WAL mode and came without a -wal file. That is how a WAL database looks after a clean close: the last connection writes the WAL back into the database and deletes the -wal file, so this check saw all the data. Only if the database was copied while in use could recent writes live in a -wal file left behind; the file alone cannot tell which it was.',
  }, ['header bytes 18-19: 2, 2 (WAL)'], { lang: 'bash', code: `ls -la ${f} ${shellPath(`${file}-wal`)} ${shellPath(`${file}-shm`)}` });
}

const WAL_PROBLEM: Record<NonNullable<WalReading['problem']>, { 'zh-TW': string; en: string }> = {
  'too-short': { 'zh-TW': '檔案比 32 位元組的 WAL 檔頭還短', en: 'it is shorter than the 32-byte WAL header' },
  magic: { 'zh-TW': '檔頭不是 WAL 的標記', en: 'its header lacks the WAL signature' },
  version: { 'zh-TW': 'WAL 格式版本不是 3007000', en: 'its format version is not 3007000' },
  'page-size': { 'zh-TW': '檔頭記錄的頁面大小不合法', en: 'its header records an invalid page size' },
  'header-checksum': { 'zh-TW': '檔頭的檢查碼不符', en: 'its header checksum does not match' },
  'page-size-differs': { 'zh-TW': '頁面大小與資料庫不同，不屬於這個資料庫', en: 'its page size differs from the database, so it belongs to another one' },
};

/** What a WAL holds; `applied`: whether the check laid it over the file. */
export function walFindings(wal: WalReading, name: string, dbEmpty: boolean, file: string, applied = true): DbFinding[] {
  const out: DbFinding[] = [];
  const summary = `frames: ${wal.frames}, valid: ${wal.validFrames}, committed: ${wal.committedFrames}, commits: ${wal.commits}`;
  if (!wal.usable || dbEmpty) {
    const why = dbEmpty ? { 'zh-TW': '資料庫檔案是空的，SQLite 會直接捨棄這個 WAL', en: 'the database file is empty, and SQLite discards the WAL in that case' } : WAL_PROBLEM[wal.problem ?? 'magic'];
    out.push(finding('wal-unusable', 'warning', {
      'zh-TW': `SQLite 不會使用 ${name}：${why['zh-TW']}。檢查的是沒有套用 WAL 的資料庫。`,
      en: `SQLite will not use ${name}: ${why.en}. The database was checked without it.`,
    }, [`${name}: ${bytes(wal.size)}`, ...(wal.problem ? [`problem: ${wal.problem}`] : [])]));
    return out;
  }
  const dropped = wal.frames - wal.committedFrames;
  if (dropped > 0) {
    const torn = wal.stop === 'checksum' || wal.stop === 'salt' || wal.stop === 'page-number';
    out.push(finding('wal-uncommitted', 'warning', {
      'zh-TW': torn
        ? `${name} 從第 ${wal.validFrames + 1} 個 frame 起檢查碼不符，其後的 ${dropped} 個 frame（含未完成的交易）不會被套用：那是寫到一半的交易或殘留的舊資料。`
        : `${name} 最後的 ${dropped} 個 frame 屬於一個尚未提交的交易：複製時有程序正在寫入資料庫。SQLite 會忽略它們。`,
      en: torn
        ? `${name} fails its checksum from frame ${wal.validFrames + 1} on; the ${dropped} frames from there (an unfinished transaction included) are not applied: a write cut short, or stale bytes.`
        : `The last ${dropped} frames of ${name} belong to a transaction that never committed: a process was writing to the database when it was copied. SQLite ignores them.`,
    }, [summary, ...(wal.stop ? [`stopped at: ${wal.stop}`] : [])]));
  }
  if (wal.commits > 0 && applied) {
    out.push(finding('wal-pending', 'info', {
      'zh-TW': `${name} 含有 ${wal.commits} 個已提交但尚未寫回資料庫檔的交易（${wal.pagesChanged} 頁）；這次檢查已把它們套用上去，與 SQLite 看到的一致。複製資料庫時務必連同 -wal 檔一起複製，或先執行 checkpoint。`,
      en: `${name} holds ${wal.commits} committed transaction${wal.commits > 1 ? 's' : ''} (${wal.pagesChanged} pages) not yet written back to the database file; this check applied them, as SQLite does. Always copy the -wal file with the database, or checkpoint first.`,
    }, [summary, `database size after the WAL: ${wal.dbPages} pages`], { lang: 'bash', code: sqliteCommand(file, 'PRAGMA wal_checkpoint(TRUNCATE);') }));
  }
  return out;
}

const MISMATCH_TEXT: Record<WalMismatch['field'], { 'zh-TW': string; en: string }> = {
  magic: { 'zh-TW': 'WAL 中第 1 頁的開頭不是資料庫檔頭', en: 'page 1 in the WAL does not start with a database header' },
  pageSize: { 'zh-TW': '頁面大小不同', en: 'the page size differs' },
  textEncoding: { 'zh-TW': '文字編碼不同', en: 'the text encoding differs' },
  applicationId: { 'zh-TW': 'application_id 不同', en: 'the application_id differs' },
  schemaCookie: { 'zh-TW': '檔案的結構版本（schema cookie）比 WAL 新', en: 'the file\'s schema cookie is newer than the WAL\'s' },
  changeCounter: { 'zh-TW': '檔案的變更計數比 WAL 新', en: 'the file\'s change counter is newer than the WAL\'s' },
};

/** The WAL was written for another database, or for an older state of this one. */
export function walForeignFinding(mismatches: readonly WalMismatch[], name: string, file: string): DbFinding {
  const aside = `${name}.orphan`;
  return finding('wal-foreign', 'warning', {
    'zh-TW': `${name} 不屬於這個資料庫的目前狀態（${mismatches.map((m) => MISMATCH_TEXT[m.field]['zh-TW']).join('、')}）：它是別的資料庫的 WAL，或是還原備份時留下的舊 WAL。這次檢查沒有套用它。SQLite 開啟資料庫時仍會套用它，可能損壞資料：先把它移開，再用 SQLite 開啟資料庫。`,
    en: `${name} does not belong to this database as it is now (${mismatches.map((m) => MISMATCH_TEXT[m.field].en).join('; ')}): it is another database's WAL, or a stale one left beside a restored backup. This check did not apply it. SQLite would still apply it when opening the database, which can damage the data: move it aside before opening the database with SQLite.`,
  }, mismatches.map((m) => `${m.field}: file ${m.file}, WAL page 1 ${m.wal}`),
  { lang: 'bash', code: `mv ${shellPath(name)} ${shellPath(aside)}\n${sqliteCommand(file, 'PRAGMA integrity_check;')}` });
}
