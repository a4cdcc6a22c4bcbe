/**
 * The vectors rule of a profile (`vectors` in db-profiles.yaml): embedding vectors stored as
 * BLOBs of packed numbers, each row with its declared dimension and the model that made it.
 * One pass over the table, grouped by model and dimension, finds:
 *
 * - vectors whose byte length is not dimension × bytes per number (a vector cut short, or
 *   written in another format: float64, or a float16 model);
 * - a model with vectors of several dimensions (a migration that did not finish);
 * - vectors whose dimension is not the one their model produces, as the registry states it.
 *
 * Names come from the registry and are compared with the file's schema before anything runs;
 * every identifier is quoted.
 */
import type { DbVectors } from '../../registry/schema.ts';
import type { Catalog } from './catalog.ts';
import { classifyError, quoteId, type StatementRunner } from './engine.ts';
import { formatValue } from './data-checks.ts';
import { finding, ruleFinding, sqlCommand } from './findings.ts';
import type { DbFinding } from './report.ts';

/** A model name as compared: lower case, without an `owner/` prefix. */
export function modelKey(name: string): string {
  const cut = name.lastIndexOf('/');
  return (cut >= 0 ? name.slice(cut + 1) : name).trim().toLowerCase();
}

interface Group {
  model: string | null;
  dimension: unknown;
  rows: number;
  /** Rows whose BLOB length is not dimension × bytes per number. */
  badLength: number;
}

export function vectorFindings(run: StatementRunner, catalog: Catalog, spec: DbVectors, file: string): DbFinding[] {
  const table = catalog.tables.get(spec.table.toLowerCase());
  if (!table || table.kind === 'virtual') return [];
  const has = (name: string) => table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase() && c.kind !== 'generated');
  const vector = spec.columns.map(has).find((c) => c !== undefined);
  const dimension = has(spec.dimensionColumn);
  const model = spec.modelColumn ? has(spec.modelColumn) : undefined;
  // Missing columns are the profile's missing-column findings; nothing to measure here.
  if (!vector || !dimension || (spec.modelColumn && !model)) return [];
  const t = quoteId(table.name);
  const v = quoteId(vector.name);
  const d = quoteId(dimension.name);
  const m = model ? quoteId(model.name) : 'NULL';
  const bytes = spec.bytesPerValue;
  const badLength = `typeof(${v}) = 'blob' AND length(${v}) <> ${d} * ${bytes}`;
  const groups: Group[] = [];
  try {
    // The rows are reduced to (model, dimension, bad length) before they are grouped: grouping
    // the table itself would sort every vector along with its row.
    run(`WITH r(m, d, bad) AS MATERIALIZED (SELECT ${m}, ${d}, ${badLength} FROM ${t}) SELECT m, d, count(*), sum(bad) FROM r GROUP BY 1, 2`, 0, (row) => {
      groups.push({ model: row[0] === null ? null : String(row[0]), dimension: row[1], rows: Number(row[2]), badLength: Number(row[3] ?? 0) });
    });
  } catch (error) {
    const message = classifyError(error).message;
    return [finding('check-skipped', 'warning', {
      'zh-TW': `向量檢查無法執行：SQLite 回報「${message}」。`,
      en: `The vector checks could not run: SQLite said "${message}".`,
    }, [`table: ${table.name}`, message])];
  }
  const findings: DbFinding[] = [];
  const label = (g: Pick<Group, 'model'>) => (g.model === null ? 'NULL' : g.model);

  const short = groups.filter((g) => g.badLength > 0);
  if (short.length > 0) {
    const total = short.reduce((n, g) => n + g.badLength, 0);
    let samples: string[] = [];
    try {
      samples = run(`SELECT rowid, ${m}, ${d}, length(${v}) FROM ${t} WHERE ${badLength} LIMIT 5`, 5).rows
        .map((r) => `sample: rowid = ${formatValue(r[0])}, model = ${formatValue(r[1])}, ${dimension.name} = ${formatValue(r[2])}, bytes = ${formatValue(r[3])}`);
    } catch {
      // WITHOUT ROWID tables have no rowid; the counts stand alone.
    }
    findings.push(ruleFinding('vector-length', spec.lengthCode, 'error', {
        'zh-TW': `${total} 個向量的位元組長度不等於「維度 × ${bytes}」：向量被截斷，或以其他格式寫入（例如 float64），讀取時會出錯或得到錯誤的值。`,
        en: `${total} vector${total === 1 ? '' : 's'} ${total === 1 ? 'has' : 'have'} a byte length other than dimension × ${bytes}: cut short, or written in another format (float64, say); reading ${total === 1 ? 'it' : 'them'} fails or gives wrong values.`,
      }, [...short.map((g) => `model ${label(g)}, ${dimension.name} ${formatValue(g.dimension)}: ${g.badLength} of ${g.rows}`), ...samples],
      sqlCommand(file, `SELECT rowid, ${m}, ${d}, length(${v}) FROM ${t} WHERE ${badLength} LIMIT 20;`)));
  }

  const byModel = new Map<string, Group[]>();
  for (const g of groups) {
    const key = g.model === null ? '\u0000' : g.model;
    byModel.set(key, [...(byModel.get(key) ?? []), g]);
  }
  const mixed = [...byModel.values()].filter((list) => list.length > 1);
  if (model && mixed.length > 0) {
    findings.push(ruleFinding('vector-mixed', spec.mixedCode, 'warning', {
        'zh-TW': `${mixed.length} 個模型的向量有不只一種維度：遷移沒有完成，或有程序仍以舊設定寫入。同一模型的向量應該只有一種維度。`,
        en: `${mixed.length} model${mixed.length === 1 ? ' has' : 's have'} vectors of more than one dimension: a migration did not finish, or a process still writes with old settings. One model's vectors have one dimension.`,
      }, mixed.map((list) => `model ${label(list[0]!)}: ${list.map((g) => `${formatValue(g.dimension)} (${g.rows})`).join(', ')}`),
      sqlCommand(file, `SELECT ${m}, ${d}, count(*) FROM ${t} GROUP BY 1, 2;`)));
  }

  if (model && spec.models.length > 0) {
    const known = new Map(spec.models.map((k) => [modelKey(k.name), k]));
    const wrong = groups.filter((g) => {
      const k = g.model === null ? undefined : known.get(modelKey(g.model));
      return k !== undefined && Number(g.dimension) !== k.dimension;
    });
    if (wrong.length > 0) {
      const count = wrong.reduce((n, g) => n + g.rows, 0);
      const expected = [...new Set(wrong.map((g) => known.get(modelKey(g.model!))!))];
      findings.push(ruleFinding('vector-dimension', spec.dimensionCode, 'warning', {
          'zh-TW': `${count} 個向量的維度不是其模型產生的維度（${expected.map((k) => `${k.name} 產生 ${k.dimension} 維`).join('、')}）：這些向量來自其他模型卻標成這個模型，或設定的維度與模型不符；與其他向量比較時會出現維度不符的錯誤。`,
          en: `${count} vector${count === 1 ? '' : 's'} ${count === 1 ? 'has' : 'have'} a dimension other than the one ${count === 1 ? 'its' : 'their'} model produces (${expected.map((k) => `${k.name} produces ${k.dimension}`).join('; ')}): ${count === 1 ? 'it came' : 'they came'} from another model under this model's name, or the configured dimension does not fit the model; comparing ${count === 1 ? 'it' : 'them'} with the other vectors fails with a dimension mismatch.`,
        }, wrong.map((g) => `model ${label(g)}: ${dimension.name} ${formatValue(g.dimension)} in ${g.rows} row${g.rows === 1 ? '' : 's'}, expected ${known.get(modelKey(g.model!))!.dimension}`),
        sqlCommand(file, `SELECT ${m}, ${d}, count(*) FROM ${t} GROUP BY 1, 2;`)));
    }
  }
  return findings;
}
