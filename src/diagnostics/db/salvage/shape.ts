/**
 * The shape of a set of records: how many fields, which storage classes each field holds, the
 * range of rowids. Salvage compares shapes to tell whether rows found outside every surviving
 * b-tree can belong to a table, and whether the columns read from a damaged CREATE statement fit
 * the rows stored under it.
 */
import { KIND, type Int64, type Kind, type Row } from './format.ts';
import type { Affinity } from './schema-sql.ts';

export interface Shape {
  records: number;
  minFields: number;
  maxFields: number;
  /** Per field: counts of null, integer, real, text, blob values. */
  kinds: number[][];
  /** Per field: text values that look like numbers (a numeric column would have converted them). */
  numericText: number[];
  minRowid?: Int64;
  maxRowid?: Int64;
}

export function emptyShape(): Shape {
  return { records: 0, minFields: Infinity, maxFields: 0, kinds: [], numericText: [] };
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Most fields whose kinds a shape tracks; wider records still count their field total. */
const TRACKED = 2000;

export function addToShape(shape: Shape, row: Row, rowid?: Int64): void {
  shape.records++;
  const n = row.values.length;
  if (n < shape.minFields) shape.minFields = n;
  if (n > shape.maxFields) shape.maxFields = n;
  for (let i = 0; i < Math.min(n, TRACKED); i++) {
    let k = shape.kinds[i];
    if (!k) {
      k = shape.kinds[i] = [0, 0, 0, 0, 0];
      shape.numericText[i] = 0;
    }
    const kind = row.kinds[i]!;
    k[kind]!++;
    if (kind === KIND.text && typeof row.values[i] === 'string' && NUMERIC.test(row.values[i] as string)) shape.numericText[i]!++;
  }
  if (rowid !== undefined) {
    if (shape.minRowid === undefined || rowid < shape.minRowid) shape.minRowid = rowid;
    if (shape.maxRowid === undefined || rowid > shape.maxRowid) shape.maxRowid = rowid;
  }
}

/** What a column accepts, for comparing shapes with a table. */
export interface FieldRule {
  affinity: Affinity;
  /** STRICT table type (INT, INTEGER, REAL, TEXT, BLOB, ANY), if any. */
  strictType?: string;
  /** Always null on disk: the rowid alias. */
  alwaysNull?: boolean;
}

/**
 * Why the values of field `i` cannot have been stored under `rule`, or null when they can. An
 * affinity converts on the way in: a numeric column keeps no text that looks like a number, a
 * TEXT column keeps no number.
 */
export function fieldMismatch(shape: Shape, i: number, rule: FieldRule): string | null {
  const k = shape.kinds[i];
  if (!k) return null;
  const [, ints, reals, texts, blobs] = k as [number, number, number, number, number];
  if (rule.alwaysNull && ints + reals + texts + blobs > 0) return 'the rowid alias column holds values';
  if (rule.strictType) {
    const t = rule.strictType;
    if ((t === 'INT' || t === 'INTEGER') && reals + texts + blobs > 0) return 'a STRICT integer column holds other values';
    if (t === 'REAL' && texts + blobs > 0) return 'a STRICT real column holds other values';
    if (t === 'TEXT' && ints + reals + blobs > 0) return 'a STRICT text column holds other values';
    if (t === 'BLOB' && ints + reals + texts > 0) return 'a STRICT blob column holds other values';
    return null;
  }
  if ((rule.affinity === 'INTEGER' || rule.affinity === 'NUMERIC' || rule.affinity === 'REAL') && shape.numericText[i]! > 0) {
    return 'a numeric column holds text that looks like a number';
  }
  if (rule.affinity === 'TEXT' && ints + reals > 0) return 'a TEXT column holds numbers';
  return null;
}

/**
 * How far apart two shapes' storage classes are, field by field (0 the same, 1 nothing in
 * common), for choosing between tables that both could hold a set of rows.
 */
export function shapeDistance(a: Shape, b: Shape): number {
  const n = Math.max(a.kinds.length, b.kinds.length);
  if (n === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = a.kinds[i];
    const y = b.kinds[i];
    if (!x || !y) {
      total += 1;
      continue;
    }
    const sx = x.reduce((s, v) => s + v, 0) || 1;
    const sy = y.reduce((s, v) => s + v, 0) || 1;
    let d = 0;
    for (let j = 0; j < 5; j++) d += Math.abs(x[j]! / sx - y[j]! / sy);
    total += d / 2;
  }
  return total / n;
}

export const kindName = (k: Kind): string => ['null', 'integer', 'real', 'text', 'blob'][k]!;
