/**
 * The expressions of the file's schema that SQLite's own checks evaluate: CHECK constraints and
 * computed (virtual) generated columns (quick_check and integrity_check), expressions and WHERE
 * clauses of indexes, and indexes over computed columns (integrity_check only). Everything else
 * these checks do is bounded by the size of the file; these run code that came with it, so a
 * schema that has any is checked under a time budget (see `integrity.ts`).
 *
 * The texts are found in the stored CREATE statements with a small tokenizer that skips string
 * literals, quoted identifiers and comments. They are data: shown to the operator, never run.
 */
import type { Catalog } from './catalog.ts';

export interface SchemaExpression {
  kind: 'check' | 'generated' | 'index-expression' | 'partial-index';
  /** The table it belongs to. */
  table: string;
  /** The index (index kinds), the column (generated), or the constraint name when it has one. */
  name?: string;
  /** The expression as written in the schema, shortened to `MAX_TEXT` characters. */
  text: string;
  /** Evaluated by quick_check as well as by integrity_check. */
  quick: boolean;
}

const MAX_TEXT = 200;

const shorten = (text: string) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_TEXT ? `${one.slice(0, MAX_TEXT - 1)}…` : one;
};

interface Token {
  /** Upper-cased word, or the punctuation character. */
  value: string;
  start: number;
  end: number;
  word: boolean;
}

/** Words and punctuation of a SQL text, without literals, quoted identifiers and comments. */
function tokens(sql: string): Token[] {
  const out: Token[] = [];
  const re = /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|([A-Za-z_][A-Za-z0-9_$]*)|([(),])|\s+|./g;
  for (const m of sql.matchAll(re)) {
    if (m[1] !== undefined) out.push({ value: m[1].toUpperCase(), start: m.index, end: m.index + m[0].length, word: true });
    else if (m[2] !== undefined) out.push({ value: m[2], start: m.index, end: m.index + 1, word: false });
    else if (/^['"`[]/.test(m[0])) out.push({ value: '', start: m.index, end: m.index + m[0].length, word: false });
  }
  return out;
}

/** From the `(` at `open`, the index of the token closing it (or the last token). */
function closing(list: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < list.length; i++) {
    if (list[i]!.value === '(') depth++;
    else if (list[i]!.value === ')' && --depth === 0) return i;
  }
  return list.length - 1;
}

/** The CHECK constraints of a CREATE TABLE text: each one's name (if any) and expression. */
export function checkConstraints(sql: string): { name?: string; text: string }[] {
  const list = tokens(sql);
  const out: { name?: string; text: string }[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    if (!t.word || t.value !== 'CHECK' || list[i + 1]?.value !== '(') continue;
    const end = closing(list, i + 1);
    const text = sql.slice(list[i + 1]!.end, list[end]!.start);
    const named = list[i - 2]?.value === 'CONSTRAINT' ? sql.slice(list[i - 1]!.start, list[i - 1]!.end) : undefined;
    out.push({ ...(named ? { name: named } : {}), text: shorten(text) });
    i = end;
  }
  return out;
}

/** The `WHERE` clause of a CREATE INDEX text, if it has one. */
export function indexWhere(sql: string): string | undefined {
  const list = tokens(sql);
  let depth = 0;
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (depth === 0 && t.word && t.value === 'WHERE') return shorten(sql.slice(t.end));
  }
  return undefined;
}

/** The parenthesised key list of a CREATE INDEX text. */
function indexKeys(sql: string): string {
  const list = tokens(sql);
  const open = list.findIndex((t) => t.value === '(');
  if (open < 0) return '';
  return shorten(sql.slice(list[open]!.end, list[closing(list, open)]!.start));
}

/** Every expression of the schema that quick_check or integrity_check evaluates. */
export function schemaExpressions(catalog: Catalog): SchemaExpression[] {
  const out: SchemaExpression[] = [];
  for (const table of catalog.tables.values()) {
    if (table.kind === 'virtual') continue;
    for (const c of checkConstraints(table.sql)) out.push({ kind: 'check', table: table.name, ...(c.name ? { name: c.name } : {}), text: c.text, quick: true });
    const computed = new Set<string>();
    for (const col of table.columns) {
      if (col.generated !== 'virtual') continue;
      computed.add(col.name.toLowerCase());
      out.push({ kind: 'generated', table: table.name, name: col.name, text: shorten(generatedText(table.sql, col.name) ?? col.name), quick: true });
    }
    for (const index of table.indexes) {
      if (!index.sql) continue;
      const overComputed = index.columns.some((c) => c !== null && computed.has(c.toLowerCase()));
      if (index.columns.includes(null) || overComputed) {
        out.push({ kind: 'index-expression', table: table.name, name: index.name, text: indexKeys(index.sql), quick: false });
      }
      if (index.partial) {
        out.push({ kind: 'partial-index', table: table.name, name: index.name, text: indexWhere(index.sql) ?? '', quick: false });
      }
    }
  }
  return out;
}

/** The expression of generated column `column` in a CREATE TABLE text (`… AS (expr)`). */
function generatedText(sql: string, column: string): string | undefined {
  const list = tokens(sql);
  const want = column.toUpperCase();
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    const name = t.word ? t.value : sql.slice(t.start + 1, t.end - 1).toUpperCase();
    if (name !== want || (i > 0 && list[i - 1]!.value !== '(' && list[i - 1]!.value !== ',')) continue;
    let depth = 0;
    for (let j = i + 1; j < list.length; j++) {
      const u = list[j]!;
      if (u.value === '(') depth++;
      else if (u.value === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && u.value === ',') break;
      else if (depth === 0 && u.word && u.value === 'AS' && list[j + 1]?.value === '(') {
        return sql.slice(list[j + 1]!.end, list[closing(list, j + 1)]!.start);
      }
    }
  }
  return undefined;
}

/** What a stopped check could still run without evaluating any expression of the file. */
export interface Fallback {
  /** The check to run instead. */
  pragma: 'integrity_check' | 'quick_check';
  /** With `PRAGMA ignore_check_constraints = ON`. */
  ignoreChecks: boolean;
}

/**
 * The check that stands in for one stopped while it evaluated the schema's expressions, if one
 * can: integrity_check or quick_check with CHECK constraints ignored, whichever evaluates none
 * of them. None when a computed column must be evaluated even by quick_check.
 */
export function fallbackFor(expressions: readonly SchemaExpression[], stopped: 'integrity_check' | 'quick_check'): Fallback | undefined {
  if (expressions.some((e) => e.kind === 'generated')) return undefined;
  const checks = expressions.some((e) => e.kind === 'check');
  const indexes = expressions.some((e) => e.kind === 'index-expression' || e.kind === 'partial-index');
  if (stopped === 'quick_check') return checks ? { pragma: 'quick_check', ignoreChecks: true } : undefined;
  if (indexes) return { pragma: 'quick_check', ignoreChecks: checks };
  return checks ? { pragma: 'integrity_check', ignoreChecks: true } : undefined;
}

/** Whether running `pragma` evaluates any of the expressions. */
export function evaluates(expressions: readonly SchemaExpression[], pragma: 'integrity_check' | 'quick_check'): boolean {
  return expressions.some((e) => e.quick || pragma === 'integrity_check');
}
