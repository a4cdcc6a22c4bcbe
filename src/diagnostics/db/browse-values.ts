/**
 * A page of a table's rows as the table browser gives it (`browse.ts`), and how a value reads as
 * text. Kept apart so that the page can show rows without loading the checker itself.
 * The shapes are zod schemas in `report.ts` (`db --table --json` prints them), imported as types.
 */
import type { BrowseValue } from './report.ts';

/** Bytes of a BLOB shown in hex. */
export const BLOB_PREVIEW_BYTES = 32;

export type { BrowseColumn, BrowseValue, TablePage } from './report.ts';

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
