/** Fixed words of generated pages and the sidebar, in each locale. */
import type { Locale, Severity } from '../registry/schema.ts';

const labels = {
  'zh-TW': {
    overview: '總覽',
    tools: '診斷工具',
    guides: '疑難排解指南',
    codes: '錯誤代碼',
    system: '系統',
    category: '類別',
    severity: '嚴重程度',
    retryable: '可重試',
    yes: '是',
    no: '否',
    retryPolicy: '重試策略',
    http: 'HTTP 狀態碼',
    exceptions: '例外類型',
    symptoms: '症狀',
    causes: '可能原因',
    diagnosis: '診斷步驟',
    resolution: '解決方法',
    examples: '在日誌與訊息中的樣子',
    examplesIntro: '以下是這個錯誤實際出現時的訊息範例；errdex 的搜尋與日誌分析會依這些規則辨識它。',
    related: '相關代碼',
    docUrl: '固定網址',
    docUrlIntro: '這個網址永久有效，系統可以在回報此錯誤時附上它。',
    source: '資料來源',
    sourceText: '本頁由錯誤登錄檔 {file} 產生，請修改登錄檔而不是本頁。',
    retired: '已停用',
    code: '代碼',
    title: '名稱',
    codesOf: '{system} 的錯誤代碼',
    range: '範圍',
    recovery: '復原方式',
    logs: '日誌位置',
    databases: '資料庫位置',
    stack: '技術堆疊',
    version: '版本',
    searchThisSystem: '搜尋這個系統的錯誤',
    attempts: '最多 {n} 次嘗試',
    base: '起始延遲 {ms}',
    max: '最長延遲 {ms}',
    multiplier: '倍率 ×{x}',
    jitter: '抖動 {j}',
    strategy: {
      exponential: '指數退避', linear: '線性退避', fixed: '固定間隔', 'retry-after': '依 Retry-After 等待',
      reconnect: '重新連線', manual: '人工處理後重試',
    },
    severities: { critical: '嚴重', error: '錯誤', warning: '警告', info: '資訊' },
  },
  en: {
    overview: 'Overview',
    tools: 'Diagnostics',
    guides: 'Troubleshooting guides',
    codes: 'Error codes',
    system: 'System',
    category: 'Category',
    severity: 'Severity',
    retryable: 'Retryable',
    yes: 'yes',
    no: 'no',
    retryPolicy: 'Retry policy',
    http: 'HTTP status',
    exceptions: 'Exception types',
    symptoms: 'Symptoms',
    causes: 'Likely causes',
    diagnosis: 'Diagnosis',
    resolution: 'Resolution',
    examples: 'How it appears in logs and messages',
    examplesIntro: 'Messages as this error really appears; errdex search and the log parser recognise it by these rules.',
    related: 'Related codes',
    docUrl: 'Permanent URL',
    docUrlIntro: 'This address never changes; a system can attach it to every report of this error.',
    source: 'Source',
    sourceText: 'This page is generated from the error registry file {file}; edit the registry, not this page.',
    retired: 'retired',
    code: 'Code',
    title: 'Title',
    codesOf: 'Error codes of {system}',
    range: 'Range',
    recovery: 'Recovery',
    logs: 'Log locations',
    databases: 'Database locations',
    stack: 'Stack',
    version: 'Version',
    searchThisSystem: 'Search this system’s errors',
    attempts: 'at most {n} attempts',
    base: 'first delay {ms}',
    max: 'longest delay {ms}',
    multiplier: 'factor ×{x}',
    jitter: 'jitter {j}',
    strategy: {
      exponential: 'exponential backoff', linear: 'linear backoff', fixed: 'fixed interval', 'retry-after': 'wait for Retry-After',
      reconnect: 'reconnect', manual: 'retry after manual action',
    },
    severities: { critical: 'critical', error: 'error', warning: 'warning', info: 'info' },
  },
} as const;

export type Labels = (typeof labels)['en'];

export function labelsFor(locale: Locale): Labels {
  return labels[locale] as unknown as Labels;
}

export function severityLabel(severity: Severity, locale: Locale): string {
  return labelsFor(locale).severities[severity];
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
