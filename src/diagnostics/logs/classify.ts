/**
 * What a record says besides its head fields: the exception type it reports and the HTTP status
 * it mentions. All patterns are ASCII, so they read real text and byte strings alike.
 */

// An exception line as Python prints it at the end of a traceback, or as a message starts:
// `sqlite3.OperationalError: database is locked`, `KeyboardInterrupt`, `discord.errors.Forbidden: …`.
const SUFFIX = '(?:Error|Exception|Warning|Exit|Interrupt|Timeout|Failure|Fault)';
const EXCEPTION_LINE = new RegExp(
  `^((?:[A-Za-z_]\\w{0,60}\\.){0,8}[A-Za-z_]\\w{0,80}${SUFFIX}|(?:[a-z_]\\w{0,60}\\.){1,8}[A-Z]\\w{0,80})(?::|$)`,
);
// The same anywhere in a message, followed by `:` or `(`: `… failed: requests.exceptions.ReadTimeout: …`.
const EXCEPTION_IN_TEXT = new RegExp(`(?:^|[^\\w.])((?:[A-Za-z_]\\w{0,60}\\.){0,8}[A-Z]\\w{0,80}${SUFFIX})(?=[:(])`);
// Rust enums of errors: `BotError::RateLimited(30)`.
const RUST_ERROR = /\b([A-Z]\w{0,60}Error::[A-Z]\w{0,60})/;

/** The exception type on a single line, when the line is an exception line. */
export function exceptionOfLine(line: string): string | undefined {
  const c = line.charCodeAt(0);
  if (c === 32 || c === 9) return undefined;
  return EXCEPTION_LINE.exec(line.length > 400 ? line.slice(0, 400) : line)?.[1];
}

const MAYBE_EXCEPTION = /Error|Exception|Warning|Exit|Interrupt|Timeout|Failure|Fault/;

/**
 * The exception a record reports: the last exception line of its continuation lines, else one its
 * message starts with, else (when `search`) one anywhere in its message.
 */
export function exceptionOf(message: string, continuation: readonly string[] | undefined, search = true): string | undefined {
  if (continuation) {
    for (let i = continuation.length - 1; i >= 0; i--) {
      const found = exceptionOfLine(continuation[i]!);
      if (found) return found;
    }
  }
  const head = message.length > 2000 ? message.slice(0, 2000) : message;
  if (!MAYBE_EXCEPTION.test(head)) return undefined;
  const start = exceptionOfLine(head);
  if (start !== undefined || !search) return start;
  return (head.includes('::') ? RUST_ERROR.exec(head)?.[1] : undefined) ?? EXCEPTION_IN_TEXT.exec(head)?.[1];
}

/** The exception described by a JSON field: a traceback text, or an object with a type or name. */
export function exceptionOfValue(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const lines = value.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!.trimEnd();
      if (!line) continue;
      const found = exceptionOfLine(line);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const key of ['type', 'name', 'class', 'kind']) if (typeof o[key] === 'string' && o[key]) return (o[key] as string).slice(0, 200);
    if (typeof o.stack === 'string') return exceptionOfValue(o.stack);
  }
  return undefined;
}

/** Text lines of a JSON exception field, to show as the record's continuation lines. */
export function exceptionLines(value: unknown): string[] {
  if (typeof value === 'string') return value.split('\n').filter((l) => l.length > 0);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.stack === 'string') return o.stack.split('\n').filter((l) => l.length > 0);
    return [JSON.stringify(value)];
  }
  return [];
}

const HTTP_STATUS =
  /\bHTTP(?:\/\d(?:\.\d)?"?)? ([1-5]\d\d)\b|\b(?:status(?:[_ ]?code)?|statusCode|http_status)["']?\s{0,2}[=:]\s{0,2}["']?([1-5]\d\d)\b|\b([45]\d\d) (?:Client|Server) Error\b/i;

/** The HTTP status a message mentions (`HTTP 429 error for …`, `"GET / HTTP/1.1" 200`, `status=503`). */
const MAYBE_HTTP = /http|status|error/i;

export function httpStatusOf(message: string): number | undefined {
  if (!MAYBE_HTTP.test(message)) return undefined;
  const m = HTTP_STATUS.exec(message.length > 2000 ? message.slice(0, 2000) : message);
  if (!m) return undefined;
  return Number(m[1] ?? m[2] ?? m[3]);
}

/** An HTTP status from a JSON field. */
export function httpStatusOfValue(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/** Keys of a JSON record that may carry an HTTP status (the schema's `fields` has no place for it). */
export const JSON_HTTP_FIELDS = ['status_code', 'status', 'http_status', 'statusCode', 'http.response.status_code'];

const CODE_IN_TEXT = /\b[A-Z][A-Z0-9]{1,7}_\d{3,5}\b/g;

/** Code-shaped words in a text (`DB_1506`), unvalidated. */
export function codesInText(text: string): string[] {
  if (text.indexOf('_') < 0) return [];
  return text.match(CODE_IN_TEXT) ?? [];
}
