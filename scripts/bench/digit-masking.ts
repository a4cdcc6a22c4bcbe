/**
 * The reference of the template benchmark: the masking the log parser used for templates before
 * template mining (`src/diagnostics/logs/template.ts` as it stood), kept here so that the
 * comparison outlives it. URLs, quoted strings (but a quoted HTTP request line) and numbers,
 * hex numbers and hashes are masked; each distinct masked text is one template.
 */
const TEMPLATE_INPUT = 400;
const URL_RE = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}]{1,2048}/gi;
const DOUBLE_QUOTED = /"(?:(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) (\/)[^"\n]{0,256}|[^"\n]{0,256})"/g;
const quoted = (whole: string, request: string | undefined) => (request === undefined ? '<str>' : whole);
const SINGLE_QUOTED = /(?<![A-Za-z0-9])'[^'\n]{0,256}'/g;
const NUMBER = /\b[a-fA-F][\da-fA-F]{7,63}\b|\d[\da-fA-FxX]{0,63}(?:[.:-]\d[\da-fA-F]{0,63}){0,16}/g;

function cutPoint(s: string, max: number): number {
  let n = max;
  for (;;) {
    const c = s.charCodeAt(n);
    const before = s.charCodeAt(n - 1);
    if (n > max - 4 && ((c >= 0x80 && c < 0xc0) || (before >= 0xd800 && before < 0xdc00))) n--;
    else return n;
  }
}

export function digitMasking(message: string): string {
  let s = message.length > TEMPLATE_INPUT ? `${message.slice(0, cutPoint(message, TEMPLATE_INPUT))}...` : message;
  if (s.indexOf('://') >= 0) s = s.replace(URL_RE, '<url>');
  if (s.indexOf('"') >= 0) s = s.replace(DOUBLE_QUOTED, quoted);
  if (s.indexOf("'") >= 0) s = s.replace(SINGLE_QUOTED, '<str>');
  return s.replace(NUMBER, '<num>');
}
