/**
 * A tokenizer for the SQL text stored in sqlite_schema, following SQLite's own rules for
 * identifiers, quoted names, strings, numbers, blobs and comments. It never evaluates anything:
 * the schema parser reads these tokens and writes its own, quoted, CREATE statements.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'blob' | 'punct' | 'variable' | 'bad';

export interface Token {
  kind: TokenKind;
  /** The text as written. */
  text: string;
  /** Words upper-cased; quoted names and strings unquoted. */
  value: string;
}

const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
const isIdPart = (c: number) => isIdStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Most tokens read from one statement; a longer text is not a schema statement worth keeping. */
export const MAX_TOKENS = 100_000;

/**
 * Split `sql` into tokens, dropping white space and comments. An unterminated quote or an
 * unknown character becomes a `bad` token of one character, and reading goes on after it.
 */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const text = sql.slice(start, end);
    out.push({ kind, text, value: value ?? text });
  };
  while (i < n && out.length < MAX_TOKENS) {
    const c = sql.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      i++;
      continue;
    }
    if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === 39 || c === 34 || c === 96) {
      // 'string', "name", `name`: the quote doubled stands for itself.
      const q = sql[i]!;
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        const k = sql.indexOf(q, j);
        if (k < 0) break;
        value += sql.slice(j, k);
        if (sql[k + 1] === q) {
          value += q;
          j = k + 2;
        } else {
          j = k + 1;
          closed = true;
          break;
        }
      }
      if (!closed) {
        push('bad', i, i + 1);
        i++;
        continue;
      }
      push(c === 39 ? 'string' : 'quoted', i, j, value);
      i = j;
      continue;
    }
    if (c === 91) {
      const k = sql.indexOf(']', i + 1);
      if (k < 0) {
        push('bad', i, i + 1);
        i++;
        continue;
      }
      push('quoted', i, k + 1, sql.slice(i + 1, k));
      i = k + 1;
      continue;
    }
    if ((c === 120 || c === 88) && sql.charCodeAt(i + 1) === 39) {
      const k = sql.indexOf("'", i + 2);
      const hex = k < 0 ? '' : sql.slice(i + 2, k);
      if (k < 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
        push('bad', i, i + 1);
        i++;
        continue;
      }
      push('blob', i, k + 1, hex.toUpperCase());
      i = k + 1;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i;
      if (c === 48 && (sql[i + 1] === 'x' || sql[i + 1] === 'X') && /[0-9a-fA-F]/.test(sql[i + 2] ?? '')) {
        j = i + 2;
        while (j < n && /[0-9a-fA-F]/.test(sql[j]!)) j++;
      } else {
        while (j < n && (isDigit(sql.charCodeAt(j)) || sql[j] === '_')) j++;
        if (sql[j] === '.') {
          j++;
          while (j < n && isDigit(sql.charCodeAt(j))) j++;
        }
        if ((sql[j] === 'e' || sql[j] === 'E') && (isDigit(sql.charCodeAt(j + 1)) || ((sql[j + 1] === '+' || sql[j + 1] === '-') && isDigit(sql.charCodeAt(j + 2))))) {
          j += 2;
          while (j < n && isDigit(sql.charCodeAt(j))) j++;
        }
      }
      if (j < n && isIdPart(sql.charCodeAt(j))) {
        // 12abc is not a token SQLite accepts.
        push('bad', i, j);
        i = j;
        continue;
      }
      push('number', i, j);
      i = j;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(sql.charCodeAt(j))) j++;
      push('word', i, j, sql.slice(i, j).toUpperCase());
      i = j;
      continue;
    }
    if (c === 63 || c === 58 || c === 64 || c === 36) {
      let j = i + 1;
      while (j < n && isIdPart(sql.charCodeAt(j))) j++;
      push('variable', i, j);
      i = j;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (['<=', '>=', '!=', '<>', '==', '||', '<<', '>>', '->'].includes(two)) {
      const three = sql.slice(i, i + 3) === '->>' ? 3 : 2;
      push('punct', i, i + three);
      i += three;
      continue;
    }
    if ('(),;.+-*/%<>=&|~'.includes(sql[i]!)) {
      push('punct', i, i + 1);
      i++;
      continue;
    }
    push('bad', i, i + 1);
    i++;
  }
  if (i < n) out.push({ kind: 'bad', text: sql.slice(i), value: '' });
  return out;
}

/** A name quoted for SQL: "name", with inner quotes doubled. */
export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal for SQL: 'text', with inner quotes doubled. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
