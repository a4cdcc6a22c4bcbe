/**
 * Salvage's reasons in Traditional Chinese. The core states each reason in English with its
 * numbers; this table gives the zh-TW sentence for each, keeping the numbers and quoted text.
 * A reason it does not know (SQLite's own error messages) is shown as it is.
 */
import type { Locale } from '../../../registry/codes.ts';

type Rule = [RegExp, (m: RegExpMatchArray) => string];

const RULES: Rule[] = [
  [/^page header is damaged; cells were found by reading the pointer array$/, () => '頁首已損壞；改為逐一讀取儲存格指標找出儲存格'],
  [/^cell pointer (\d+) is outside the cell content area$/, (m) => `儲存格指標 ${m[1]} 落在儲存格內容區之外`],
  [/^cell runs past the end of the page$/, () => '儲存格超出頁面結尾'],
  [/^child page (\d+) is outside the database$/, (m) => `子頁 ${m[1]} 超出資料庫範圍`],
  [/^payload size runs past the end of the page$/, () => '內容長度欄位超出頁面結尾'],
  [/^payload size (\S+) cannot be right$/, (m) => `內容長度 ${m[1]} 不可能正確`],
  [/^rowid runs past the end of the page$/, () => 'rowid 欄位超出頁面結尾'],
  [/^key (\S+) is outside the range its parent page gives$/, (m) => `鍵值 ${m[1]} 不在上層頁面給定的範圍內`],
  [/^key (\S+) is out of order$/, (m) => `鍵值 ${m[1]} 順序錯亂`],
  [/^cell overlaps another cell$/, () => '儲存格與另一個儲存格重疊'],
  [/^overflow chain ends after (\d+) of (\d+) pages$/, (m) => `溢位鏈在 ${m[2]} 頁中的第 ${m[1]} 頁後就中斷`],
  [/^overflow page (\d+) is outside the database$/, (m) => `溢位頁 ${m[1]} 超出資料庫範圍`],
  [/^overflow page (\d+) is already used elsewhere$/, (m) => `溢位頁 ${m[1]} 已被其他地方使用`],
  [/^overflow chain loops at page (\d+)$/, (m) => `溢位鏈在第 ${m[1]} 頁形成迴圈`],
  [/^overflow page (\d+) is missing \(the file is cut short\)$/, (m) => `溢位頁 ${m[1]} 不存在（檔案被截斷）`],
  [/^overflow chain goes on past the (\d+) pages its payload needs$/, (m) => `溢位鏈超過內容所需的 ${m[1]} 頁仍未結束`],
  [/^record header size runs past the payload$/, () => '記錄標頭長度超出內容'],
  [/^record header size does not fit the payload$/, () => '記錄標頭長度與內容不符'],
  [/^a serial type runs past the record header$/, () => '欄位型別超出記錄標頭'],
  [/^serial type (\S+) is not valid$/, (m) => `欄位型別 ${m[1]} 無效`],
  [/^record has more fields than SQLite allows$/, () => '記錄的欄位數超過 SQLite 的上限'],
  [/^record values run past the payload$/, () => '記錄的值超出內容'],
  [/^record values end before the payload does$/, () => '記錄的值在內容結束前就結束'],
  [/^record has (\d+) fields; the table has (\d+) columns$/, (m) => `記錄有 ${m[1]} 個欄位，但資料表只有 ${m[2]} 欄`],
  [/^SQLite refused the row: (.*)$/, (m) => `SQLite 拒絕寫入這一列：${m[1]}`],
  [/^page number outside the database$/, () => '頁碼超出資料庫範圍'],
  [/^the tree is deeper than SQLite builds \(a loop\)$/, () => 'B-tree 深度超過 SQLite 會建立的深度（迴圈）'],
  [/^page already used elsewhere \(a loop or a shared page\)$/, () => '頁面已被其他地方使用（迴圈或共用頁）'],
  [/^page missing \(the file is cut short\)$/, () => '頁面不存在（檔案被截斷）'],
  [/^page is all zeros$/, () => '頁面全為 0'],
  [/^page is not a (table|index) b-tree page \(type byte (\d+)\)$/, (m) => `頁面不是${m[1] === 'table' ? '資料表' : '索引'} B-tree 頁（型別位元組 ${m[2]}）`],
  [/^overflow page of a cell whose chain is broken$/, () => '溢位鏈已斷的儲存格所用的溢位頁'],
  [/^page is all zeros and belongs to nothing$/, () => '頁面全為 0，且不屬於任何結構'],
  [/^page belongs to no surviving b-tree, free-list or overflow chain$/, () => '頁面不屬於任何倖存的 B-tree、空頁清單或溢位鏈'],
  [/^free-list: the header is damaged; (\d+) free pages were recognised by the shape of their trunk pages$/, (m) => `空頁清單：檔頭已損壞；依主幹頁的形狀辨認出 ${m[1]} 個空頁`],
  [/^free-list: (.*); its pages were not set aside$/, (m) => `空頁清單：${m[1]}；這些頁面未被排除`],
  [/^virtual table: its module is not re-created; its shadow tables are recovered as plain tables$/, () => '虛擬資料表：不會重建其模組；其影子資料表以一般資料表復原'],
  [/^its root page (\d+) belongs to another object$/, (m) => `它的根頁 ${m[1]} 屬於另一個物件`],
  [/^its CREATE statement is missing$/, () => '它的 CREATE 陳述式不見了'],
  [/^its table could not be rebuilt with its columns$/, () => '它的資料表無法以原本的欄位重建'],
  [/^statistics for the query planner; ANALYZE rebuilds them$/, () => '查詢規劃器的統計資料；執行 ANALYZE 即可重建'],
  [/^more than one statement$/, () => '含有不只一個陳述式'],
  [/^not a CREATE (\w+) statement$/, (m) => `不是 CREATE ${m[1]} 陳述式`],
  [/^a temporary object$/, () => '暫存物件'],
  [/^an index on an expression$/, () => '建立在運算式上的索引'],
  [/^a partial index \(WHERE …\)$/, () => '部分索引（WHERE …）'],
  [/^an index with the collation (.*)$/, (m) => `使用定序 ${m[1]} 的索引`],
];

const TYPES: Record<string, string> = { table: '資料表', index: '索引', view: '檢視表', trigger: '觸發程序', 'virtual table': '虛擬資料表' };

/** The kind of a schema object (`table`, `index`, …) in `locale`. */
export function objectType(type: string, locale: Locale): string {
  return locale === 'en' ? type : TYPES[type] ?? type;
}

/** A reason from salvage in `locale`; a `prefix: reason` keeps its prefix (a table name). */
export function reasonText(reason: string, locale: Locale): string {
  if (locale === 'en') return reason;
  for (const [re, zh] of RULES) {
    const m = reason.match(re);
    if (m) return zh(m);
  }
  const cut = reason.indexOf(': ');
  if (cut > 0) {
    const rest = reason.slice(cut + 2);
    for (const [re, zh] of RULES) {
      const m = rest.match(re);
      if (m) return `${reason.slice(0, cut)}：${zh(m)}`;
    }
  }
  return reason;
}
