/**
 * The search's fixed query set: queries as operators type or paste them, each with the entry
 * that must come first. Shared by the unit tests and the browser test.
 */
import type { MatchKind } from '../../../src/diagnostics/search/index.ts';

export interface QueryCase {
  label: string;
  query: string;
  top: string;
  /** Why it must be found, when the tier matters. */
  match?: MatchKind;
  /** Included in the browser test (five cases). */
  browser?: boolean;
}

export const ROAS_LOG_LINE = '[2025-08-23 10:30:15] ERROR Database: sqlite3.OperationalError: database is locked';

export const PYTHON_TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/opt/qwen3/migrate.py", line 88, in <module>',
  '    embeddings = model.encode(batch, batch_size=64)',
  '  File "/usr/lib/python3/site-packages/torch/nn/modules/module.py", line 1501, in _call_impl',
  '    return forward_call(*args, **kwargs)',
  'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)',
].join('\n');

export const BOTRS_WARNING = '2025-08-23T10:31:02.489210Z  WARN botrs::client: 遇到速率限制，等待 5 秒后重试';

export const QUERY_SET: QueryCase[] = [
  { label: 'code, canonical', query: 'DB_1506', top: 'DB_1506', match: 'code', browser: true },
  { label: 'code, lower case', query: 'db_1506', top: 'DB_1506', match: 'code' },
  { label: 'code, hyphen', query: 'db-1506', top: 'DB_1506', match: 'code' },
  { label: 'code, no separator', query: 'DB1506', top: 'DB_1506', match: 'code' },
  { label: 'code, number alone', query: '1506', top: 'DB_1506', match: 'code' },
  { label: 'code of another system', query: 'brs_5301', top: 'BRS_5301', match: 'code' },
  { label: 'English message', query: 'No healthy nodes available', top: 'AVX_3100', browser: true },
  { label: 'English message (Civitai)', query: 'Read timed out', top: 'CVT_4001' },
  { label: 'English symptom', query: 'CUDA out of memory', top: 'QWM_2000' },
  { label: 'English, typos', query: 'trnsformers too old', top: 'QWM_2501' },
  { label: 'English, typo', query: 'cloudflare timout', top: 'CVT_4204' },
  { label: 'Chinese symptom: 資料庫鎖定', query: '資料庫鎖定', top: 'DB_1506', browser: true },
  { label: 'Chinese symptom: 機器人無法啟動', query: '機器人無法啟動', top: 'APP_1002' },
  { label: 'Simplified Chinese: 数据库锁定', query: '数据库锁定', top: 'DB_1506' },
  { label: 'Simplified Chinese: 认证错误', query: '认证错误', top: 'BRS_5201', browser: true },
  { label: 'pasted roas-bot log line', query: ROAS_LOG_LINE, top: 'DB_1506' },
  { label: 'pasted roas-bot log line with its code', query: '[2025-08-23 10:30:15] ERROR [SVC_1102] AchievementService: 服務初始化失敗', top: 'SVC_1102', match: 'mention' },
  { label: 'pasted Python traceback', query: PYTHON_TRACEBACK, top: 'QWM_2000', match: 'rule', browser: true },
  { label: 'BotRS warning', query: BOTRS_WARNING, top: 'BRS_5301', match: 'rule' },
];
