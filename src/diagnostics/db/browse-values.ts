/**
 * A page of a table's rows as the table browser gives it (`browse.ts`), and how a value reads as
 * text. Kept apart so that the page can show rows without loading the checker itself.
 */

/** Bytes of a BLOB shown in hex. */
export const BLOB_PREVIEW_BYTES = 32;

export type BrowseValue =
  | { type: 'null' }
  | { type: 'integer' | 'real'; text: string }
  /** `length`: characters in the whole value; `text` holds at most `textLimit` of them. */
  | { type: 'text'; text: string; length: number }
  /** `hex`: the first `BLOB_PREVIEW_BYTES` bytes. */
  | { type: 'blob'; bytes: number; hex: string };

export interface BrowseColumn {
  name: string;
  type: string;
  /** False for a computed (virtual generated) column: its value is an expression of the file, not read. */
  read: boolean;
}

export interface TablePage {
  table: string;
  columns: BrowseColumn[];
  /** Each row's rowid as text, for tables that have one. */
  rowids?: string[];
  /** One value per column (null where the column is not read). */
  rows: (BrowseValue | null)[][];
  offset: number;
  limit: number;
  /** Rows in the table. */
  total: number;
  /** Columns past `MAX_COLUMNS` that are not shown. */
  hiddenColumns: number;
}

/** The words `valueText` uses, in the reader's language. */
export interface ValueWords {
  computed: string;
  /** `{n} characters` */
  characters: (n: number) => string;
}

const ENGLISH: ValueWords = { computed: '(computed, not read)', characters: (n) => `${n} characters` };

/** A value as one line of text: text as stored (cut), numbers as SQLite prints them, BLOBs as size and hex. */
export function valueText(v: BrowseValue | null, words: ValueWords = ENGLISH): string {
  if (v === null) return words.computed;
  switch (v.type) {
    case 'null':
      return 'NULL';
    case 'blob':
      return `BLOB ${v.bytes} B${v.bytes > 0 ? ` ${v.hex.toLowerCase().replace(/(..)(?!$)/g, '$1 ')}${v.bytes > BLOB_PREVIEW_BYTES ? ' …' : ''}` : ''}`;
    case 'text':
      return v.length > [...v.text].length ? `${v.text}… (${words.characters(v.length)})` : v.text;
    default:
      return v.text;
  }
}
