/** The search island's UI strings, in both locales. Queries and registry texts never go here. */
import type { Locale } from '../../registry/schema.ts';
import { fill } from '../../i18n/fill.ts';

const zh = {
  label: '搜尋錯誤',
  placeholder: '錯誤代碼、訊息、症狀，或貼上一段日誌',
  hint: '例如 DB_1506、database is locked、資料庫鎖定，或整段 Python traceback。↓ 移到結果，Enter 開啟，Esc 清除。',
  results: '搜尋結果',
  idle: '輸入代碼、訊息或貼上日誌即可搜尋。',
  loading: '正在載入搜尋資料…',
  found: '找到 {n} 個結果。',
  foundOne: '找到 1 個結果。',
  foundSome: '找到 {n} 個結果，顯示前 {shown} 個。',
  none: '沒有符合的錯誤代碼。試試訊息中的其他字詞，或錯誤代碼本身。',
  binary: '這看起來是二進位資料，不是文字。請貼上錯誤訊息或日誌。',
  truncated: '輸入很長，只搜尋了開頭與結尾各 32 KiB。',
  errorNetwork: '無法載入搜尋資料，請檢查網路後重新整理頁面。',
  errorData: '搜尋資料已損壞，無法使用。',
  errorInternal: '搜尋發生錯誤：',
  retryable: '可重試',
  notRetryable: '不可重試',
  retired: '已停用',
  'match.code': '代碼相符',
  'match.mention': '文字中出現此代碼',
  'match.rule': '符合訊息規則',
  'match.title': '標題相符',
  'match.text': '全文相符',
  ambiguous: '這則訊息在 {n} 個系統中都有記載：{list}。請選擇寫出它的系統。',
  noscript: '搜尋需要 JavaScript。也可以從各系統的錯誤代碼表查找。',
} as const;

export type StringKey = keyof typeof zh;

const en: Record<StringKey, string> = {
  label: 'Search errors',
  placeholder: 'An error code, a message, a symptom, or a pasted log',
  hint: 'For example DB_1506, database is locked, 資料庫鎖定, or a whole Python traceback. ↓ moves to the results, Enter opens, Esc clears.',
  results: 'Search results',
  idle: 'Type a code or a message, or paste a log, to search.',
  loading: 'Loading the search data…',
  found: '{n} results.',
  foundOne: '1 result.',
  foundSome: '{n} results; showing the first {shown}.',
  none: 'No entry matches. Try other words from the message, or the error code itself.',
  binary: 'This looks like binary data, not text. Paste an error message or a log instead.',
  truncated: 'The input is long; only its first and last 32 KiB were searched.',
  errorNetwork: 'The search data could not be loaded; check the connection and reload the page.',
  errorData: 'The search data is damaged and cannot be used.',
  errorInternal: 'The search failed: ',
  retryable: 'retryable',
  notRetryable: 'not retryable',
  retired: 'retired',
  'match.code': 'exact code',
  'match.mention': 'code in the text',
  'match.rule': 'matches a message rule',
  'match.title': 'its title',
  'match.text': 'full text',
  ambiguous: 'This message is documented for {n} systems: {list}. Choose the system that wrote it.',
  noscript: 'Search needs JavaScript. The code tables of each system list every error too.',
};

export function strings(locale: Locale): (key: StringKey, values?: Record<string, string | number>) => string {
  const table: Record<StringKey, string> = locale === 'en' ? en : zh;
  return (key, values) => fill(table[key], values);
}
