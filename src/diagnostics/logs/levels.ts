/**
 * The level vocabulary shared by every log format. Each format writes levels its own way
 * (`WARN`, `WARNING`, `warn`, `50`); the parser reports them in one list, from least to most severe:
 *
 * | level      | written as                                                   |
 * |------------|--------------------------------------------------------------|
 * | `trace`    | TRACE, TRC, TRAC, FINEST, VERBOSE, BLAT; pino 10              |
 * | `debug`    | DEBUG, DBG, DEBG, DEBU, FINE, FINER, CONFIG, DEBUG1-DEBUG5; pino 20 |
 * | `info`     | INFO, INF, INFORMATION, INFORMATIONAL, LOG, SUCCESS; pino 30  |
 * | `notice`   | NOTICE, NOTE                                                  |
 * | `warning`  | WARNING, WARN, WRN; pino 40                                   |
 * | `error`    | ERROR, ERR, ERRO, SEVERE, FAIL, FAILURE; pino 50              |
 * | `critical` | CRITICAL, CRIT, FATAL, FATA, FTL, PANIC, PANI, ALERT, EMERG, EMERGENCY; pino 60 |
 *
 * (`CONFIG` is java.util.logging's level between INFO and FINE; `LOG` and `DEBUG1`-`DEBUG5` are
 * PostgreSQL's; `SUCCESS` is loguru's; `FTL` is zerolog's short `FATAL`; supervisord writes
 * `ERRO`, `DEBG`, `TRAC` and `BLAT` (blather), logrus's text format `ERRO`, `DEBU`, `FATA`, `PANI`.)
 *
 * Words are compared case-insensitively. A record whose format carries no level (Civitai's bare
 * `[http_client]` lines, syslog, access logs) gets one read from its message: `error` for an
 * exception, a failure, a panic, running out of memory or an HTTP status >= 400, `warning` for a
 * retry or a warning, `info` otherwise (`levelInferred` is set).
 */
export const LEVELS = ['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export const TRACE = 0;
export const DEBUG = 1;
export const INFO = 2;
export const NOTICE = 3;
export const WARNING = 4;
export const ERROR = 5;
export const CRITICAL = 6;

const WORDS: Record<string, number> = {
  TRACE, TRC: TRACE, TRAC: TRACE, FINEST: TRACE, VERBOSE: TRACE, BLAT: TRACE,
  DEBUG, DBG: DEBUG, DEBG: DEBUG, DEBU: DEBUG, FINE: DEBUG, FINER: DEBUG, CONFIG: DEBUG,
  DEBUG1: DEBUG, DEBUG2: DEBUG, DEBUG3: DEBUG, DEBUG4: DEBUG, DEBUG5: DEBUG,
  INFO, INF: INFO, INFORMATION: INFO, INFORMATIONAL: INFO, LOG: INFO, SUCCESS: INFO,
  NOTICE, NOTE: NOTICE,
  WARNING, WARN: WARNING, WRN: WARNING,
  ERROR, ERR: ERROR, ERRO: ERROR, SEVERE: ERROR, FAIL: ERROR, FAILURE: ERROR,
  CRITICAL, CRIT: CRITICAL, FATAL: CRITICAL, FATA: CRITICAL, FTL: CRITICAL, PANIC: CRITICAL, PANI: CRITICAL, ALERT: CRITICAL, EMERG: CRITICAL, EMERGENCY: CRITICAL,
};

/** Every level word of the vocabulary, in capitals. */
export const LEVEL_WORDS: readonly string[] = Object.keys(WORDS);

/** The level of a one-letter column (Android's logcat: V D I W E F A), or -1. */
export function letterLevelIndex(letter: string): number {
  switch (letter) {
    case 'V': return TRACE;
    case 'D': return DEBUG;
    case 'I': return INFO;
    case 'W': return WARNING;
    case 'E': return ERROR;
    case 'F': case 'A': return CRITICAL;
    default: return -1;
  }
}

const EXACT = new Map<string, number>();
for (const [word, level] of Object.entries(WORDS)) {
  EXACT.set(word, level);
  EXACT.set(word.toLowerCase(), level);
  EXACT.set(word[0] + word.slice(1).toLowerCase(), level);
}

/** Index in `LEVELS` of a level word, or -1 when the word is not a level. */
export function levelIndex(word: string): number {
  // The usual spellings first: comparing with a constant is cheaper than hashing the word.
  if (word === 'INFO') return INFO;
  if (word === 'DEBUG') return DEBUG;
  if (word === 'WARNING' || word === 'WARN') return WARNING;
  if (word === 'ERROR') return ERROR;
  const exact = EXACT.get(word);
  if (exact !== undefined) return exact;
  if (word.length > 13) return -1;
  return EXACT.get(word.toUpperCase()) ?? -1;
}

/** A numeric level as pino and bunyan write it (10 trace … 60 fatal), or -1. */
export function numericLevelIndex(value: number): number {
  if (value >= 60) return CRITICAL;
  if (value >= 50) return ERROR;
  if (value >= 40) return WARNING;
  if (value >= 30) return INFO;
  if (value >= 20) return DEBUG;
  if (value >= 10) return TRACE;
  return -1;
}

/** Parse a level given by name (`--fail-on warn`), or undefined. */
export function parseLevel(word: string): Level | undefined {
  const i = levelIndex(word.trim());
  return i >= 0 ? LEVELS[i] : undefined;
}

// Words that make a record without a level an error or a warning. Checked only on such records.
const ERROR_WORDS = /\b(?:error|exception|traceback|failed|failure|fatal|refused|denied|timed out|out of memory|segfault|panic(?:ked)?)\b|[a-z](?:Error|Exception|Timeout)\b|錯誤|失敗|错误|失败|異常|异常|\bHTTP [45]\d\d\b/i;
const WARNING_WORDS = /\b(?:warn|warning|retry|retrying|deprecated)\b|警告|重試|重试/i;

// An HTTP status of 400 or more after a request line or a status word, as access logs write it.
const HTTP_FAILURE = /\bHTTP\/\d(?:\.\d)?" [45]\d\d\b|\bstatus(?:[_ ]?code)?[=:] ?[45]\d\d\b/i;

/** The level of a record whose format gives none, read from its text. */
export function levelFromText(text: string): number {
  const head = text.length > 2000 ? text.slice(0, 2000) : text;
  if (ERROR_WORDS.test(head) || HTTP_FAILURE.test(head)) return ERROR;
  if (WARNING_WORDS.test(head)) return WARNING;
  return INFO;
}

/** Level words by length, upper-cased, as bytes: `levelOfBytes` compares a line's bytes with them. */
const BY_LENGTH: { bytes: number[]; level: number }[][] = [];
for (const [word, level] of Object.entries(WORDS)) {
  (BY_LENGTH[word.length] ??= []).push({ bytes: [...word].map((c) => c.charCodeAt(0)), level });
}

/**
 * `levelIndex` of the word in `b[s, e)`, read from its bytes without making a string: ASCII
 * letters in any case; a word with other bytes goes through `levelIndex` on its text.
 */
export function levelOfBytes(b: Uint8Array, s: number, e: number, text: (b: Uint8Array, s: number, e: number) => string): number {
  const list = BY_LENGTH[e - s];
  if (list === undefined) {
    for (let i = s; i < e; i++) if (b[i]! >= 128) return levelIndex(text(b, s, e));
    return -1;
  }
  outer: for (let k = 0; k < list.length; k++) {
    const w = list[k]!.bytes;
    for (let i = 0; i < w.length; i++) {
      const c = b[s + i]!;
      if (c >= 128) return levelIndex(text(b, s, e));
      if ((c >= 97 && c <= 122 ? c - 32 : c) !== w[i]) continue outer;
    }
    return list[k]!.level;
  }
  for (let i = s; i < e; i++) if (b[i]! >= 128) return levelIndex(text(b, s, e));
  return -1;
}
