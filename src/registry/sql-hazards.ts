/**
 * Statements in SQL text that delete or overwrite data: `DROP …`, `TRUNCATE`, and `DELETE` or
 * `UPDATE` without a `WHERE`. The text is split into tokens first (strings, quoted names and
 * comments are single tokens), so a keyword inside a string or a comment never counts.
 */

export interface SqlHazard {
  /** The statement's verb as written in the report: `DROP`, `DELETE`, `UPDATE`, `TRUNCATE`. */
  word: string;
  reason: string;
  /** 0-based line of the statement within the SQL text. */
  line: number;
}

interface Token {
  /** Upper-cased word, or the punctuation itself; strings and quoted names are `'…'`. */
  value: string;
  line: number;
}

/** Words, punctuation and opaque literals of SQL text (SQLite, PostgreSQL and MySQL quoting). */
export function sqlTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let i = 0;
  const n = text.length;
  const skipTo = (end: string, from: number): number => {
    const j = text.indexOf(end, from);
    return j < 0 ? n : j + end.length;
  };
  while (i < n) {
    const c = text[i]!;
    const start = i;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      i = skipTo('\n', i);
      if (text[i - 1] === '\n') i--;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = skipTo('*/', i + 2);
    } else if (c === "'" || c === '"' || c === '`') {
      // A doubled quote inside stays inside: 'it''s'.
      i++;
      while (i < n) {
        if (text[i] === c && text[i + 1] === c) i += 2;
        else if (text[i] === c) {
          i++;
          break;
        } else i++;
      }
      tokens.push({ value: "'…'", line });
    } else if (c === '[') {
      i = skipTo(']', i + 1);
      tokens.push({ value: "'…'", line });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_$]/.test(text[i]!)) i++;
      tokens.push({ value: text.slice(start, i).toUpperCase(), line });
    } else {
      i++;
      tokens.push({ value: c, line });
    }
    for (let k = start; k < i; k++) if (text[k] === '\n') line++;
  }
  return tokens;
}

/** The statements of SQL text, as token lists split at top-level semicolons. */
function statements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  // Trigger bodies (`BEGIN … END`) hold semicolons of their own.
  let block = 0;
  for (const t of tokens) {
    if (t.value === 'BEGIN' && current.some((x) => x.value === 'TRIGGER')) block++;
    if (t.value === 'END' && block > 0) block--;
    if (t.value === ';' && block === 0) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The main verb of a statement, after a leading `WITH …` clause and `EXPLAIN`. */
function verbOf(statement: Token[]): { verb: string; index: number } | undefined {
  let depth = 0;
  for (let i = 0; i < statement.length; i++) {
    const v = statement[i]!.value;
    if (v === '(') depth++;
    else if (v === ')') depth--;
    else if (depth === 0 && ['SELECT', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'DROP', 'TRUNCATE', 'CREATE', 'ALTER', 'VACUUM', 'PRAGMA', 'ATTACH', 'REINDEX', 'ANALYZE'].includes(v)) {
      if (i > 0 && statement[i - 1]!.value === 'EXPLAIN') return undefined;
      return { verb: v, index: i };
    }
  }
  return undefined;
}

export function sqlHazards(text: string): SqlHazard[] {
  const hazards: SqlHazard[] = [];
  for (const statement of statements(sqlTokens(text))) {
    const found = verbOf(statement);
    if (!found) continue;
    const { verb, index } = found;
    const line = statement[index]!.line;
    const rest = statement.slice(index + 1);
    if (verb === 'DROP') {
      const what = rest[0] && /^[A-Z]+$/.test(rest[0].value) ? ` ${rest[0].value}` : '';
      hazards.push({ word: 'DROP', reason: `\`DROP${what}\` removes it together with its data`, line });
    } else if (verb === 'ALTER' && rest.some((t) => t.value === 'DROP')) {
      hazards.push({ word: 'DROP', reason: '`ALTER … DROP` removes a column or constraint with its data', line });
    } else if (verb === 'TRUNCATE') {
      hazards.push({ word: 'TRUNCATE', reason: '`TRUNCATE` deletes every row', line });
    } else if ((verb === 'DELETE' || verb === 'UPDATE') && !topLevel(rest).includes('WHERE')) {
      hazards.push({ word: verb, reason: `\`${verb}\` without \`WHERE\` changes every row of the table`, line });
    }
  }
  return hazards;
}

/** Token values outside parentheses. */
function topLevel(tokens: Token[]): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (depth === 0) out.push(t.value);
  }
  return out;
}

/** Whether SQL text writes a copy of the database elsewhere (`VACUUM INTO 'file'`). */
export function sqlKeepsCopy(text: string): boolean {
  return statements(sqlTokens(text)).some((s) => {
    const found = verbOf(s);
    return found?.verb === 'VACUUM' && s.slice(found.index + 1).some((t) => t.value === 'INTO');
  });
}
