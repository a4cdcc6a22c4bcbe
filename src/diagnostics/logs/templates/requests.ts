/** HTTP requests in a message: their method and the words of their path stay. */
import { isDigit, LONG_WORD, type Scan, schemeEnd, VAR, ansiEnd } from './chars.ts';
import { isVariable } from './words.ts';

export const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE', 'PROPFIND']);

/**
 * A quoted HTTP request line s[i, j) (`GET /path?query HTTP/1.1`): keeps its method and the words
 * of its path; path segments that are variables, the query and the protocol version are masked.
 */
export function requestLine(scan: Scan, from: number, to: number): boolean {
  const s = scan.s;
  // Colour sequences around the line (a development server's coloured status) are dropped.
  let i = from;
  while (s.charCodeAt(i) === 27) i = ansiEnd(s, i, to);
  let j = to;
  for (;;) {
    // A colour sequence ends the line: ESC [ digits and ; then m.
    if (j - 3 < i || s.charCodeAt(j - 1) !== 109) break;
    let e = j - 2;
    while (e > i && e > j - 12 && s.charCodeAt(e) !== 27) e--;
    if (s.charCodeAt(e) !== 27 || ansiEnd(s, e, to) !== j) break;
    j = e;
  }
  let k = i;
  while (k < j && s.charCodeAt(k) >= 65 && s.charCodeAt(k) <= 90) k++;
  if (k === i || k - i > 8 || s.charCodeAt(k) !== 32 || !HTTP_METHODS.has(s.slice(i, k))) return false;
  const pathStart = k + 1;
  let pathEnd = pathStart;
  while (pathEnd < j && s.charCodeAt(pathEnd) !== 32) pathEnd++;
  const rest = s.slice(pathEnd, j);
  if (rest !== '' && !/^ HTTP\/\d(?:\.\d)?$/.test(rest)) return false;
  if (s.charCodeAt(pathStart) !== 47 && schemeEnd(s, pathStart, pathEnd) < 0 && s.charCodeAt(pathStart) !== 42) return false;
  let out = `${s.slice(i, pathStart)}${requestPath(s, pathStart, pathEnd)}`;
  if (rest !== '') out += ' HTTP/<*>';
  scan.replace(from, to, out);
  return true;
}

/** A request path: absolute URLs lose their host, segments that are variables are masked, the query is masked. */
export function requestPath(s: string, i: number, j: number): string {
  let start = i;
  let prefix = '';
  const scheme = schemeEnd(s, i, j);
  if (scheme > 0) {
    // proxy form: http://host:port/path
    let k = scheme;
    while (k < j && s.charCodeAt(k) !== 47) k++;
    prefix = `${s.slice(i, scheme)}${VAR}`;
    start = k;
  }
  let query = '';
  let stop = j;
  for (let k = start; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c === 63 || c === 35 || c === 59) {
      query = `${String.fromCharCode(c)}${VAR}`;
      stop = k;
      break;
    }
  }
  let out = prefix;
  let seg = start;
  for (let k = start; k <= stop; k++) {
    if (k < stop && s.charCodeAt(k) !== 47) continue;
    if (k > seg) {
      out += segmentVariable(s, seg, k) ? VAR : s.slice(seg, k);
    }
    if (k < stop) out += '/';
    seg = k + 1;
  }
  return out + query;
}

function segmentVariable(s: string, i: number, j: number): boolean {
  if (j - i > LONG_WORD) return true;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    if (isDigit(c) || c === 37 || c === 64 || c === 58 || c >= 128) return true;
  }
  return isVariable(s, i, j);
}
