/**
 * What salvage found and wrote: the shape `errdex salvage --json` prints and the page shows.
 * Other people's scripts depend on it; change it only on purpose. The core imports these as
 * types only, so the worker bundle does not carry zod.
 */
import { z } from 'zod';

export const SalvagedTable = z.strictObject({
  /** Name in the new database. */
  name: z.string(),
  /** Name in the damaged file's schema (differs when it had to change, e.g. a clash). */
  schemaName: z.string(),
  /** `table`, `without-rowid`, or `lost_and_found` for rows whose table could not be told. */
  kind: z.enum(['table', 'without-rowid', 'lost_and_found']),
  /** Where the column names come from: the CREATE statement, what survived of a damaged one, or numbered c0, c1, … */
  columnsFrom: z.enum(['schema', 'repaired', 'generic']),
  /** Rows written to the new database. */
  rows: z.number(),
  /** Pages of the table read (its b-tree, and pages found outside it that match it). */
  pagesRead: z.number(),
  /** Pages of the table that could not be read (zeroed, cut off, or not a page of this tree). */
  pagesLost: z.number(),
  /** Pages found outside every surviving b-tree and given to this table by their rows' shape. */
  pagesMatched: z.number(),
  /** Cells of this table that did not decode cleanly and were left out. */
  cellsRejected: z.number(),
  /** Rows left out because an equal key was already recovered. */
  duplicates: z.number(),
  /** Why the CREATE statement could not be used as it was. */
  schemaError: z.string().optional(),
  /** Parts of the CREATE statement that the new table leaves out (CHECK, expressions, unknown collations). */
  dropped: z.array(z.string()),
});
export type SalvagedTable = z.infer<typeof SalvagedTable>;

export const CellProblem = z.strictObject({
  page: z.number(),
  /** Index in the page's cell pointer array; -1 for the page as a whole. */
  cell: z.number(),
  reason: z.string(),
});

export const SalvageReport = z.strictObject({
  format: z.literal(1),
  file: z.strictObject({ name: z.string(), size: z.number() }),
  /** Whether every page was read and every row placed in its own table. */
  complete: z.boolean(),
  /** Nothing could be read: no page of the file is a b-tree page. */
  unreadable: z.boolean(),
  /** Why nothing could be read, when `unreadable`. */
  problem: z.string().optional(),
  layout: z.strictObject({
    pageSize: z.number(),
    reservedBytes: z.number(),
    /** `header`: as the header says; `detected`: from the shapes of the pages (the header is damaged); `wal`: from the WAL. */
    pageSizeFrom: z.enum(['header', 'detected', 'wal']),
    encoding: z.enum(['UTF-8', 'UTF-16le', 'UTF-16be']),
    encodingFrom: z.enum(['header', 'detected']),
    /** The header's magic string and page size are intact. */
    headerIntact: z.boolean(),
    pageCount: z.number(),
    /** The file ends part-way through a page or before the page count the header gives. */
    truncated: z.boolean(),
  }).nullable(),
  wal: z.strictObject({
    name: z.string(),
    applied: z.boolean(),
    /** Why it was not applied: unusable, page-size-differs, not-wal-mode, page-1-differs, schema-differs, nothing-committed. */
    refusal: z.string().optional(),
    frames: z.number(),
    validFrames: z.number(),
    committedFrames: z.number(),
    commits: z.number(),
    pagesChanged: z.number(),
  }).nullable(),
  schema: z.strictObject({
    /** `page-1`: sqlite_schema read from its tree; `scan`: some of it found on other pages; `none`: lost. */
    from: z.enum(['page-1', 'scan', 'none']),
    objects: z.number(),
  }),
  tables: z.array(SalvagedTable),
  pages: z.strictObject({
    total: z.number(),
    /** b-tree pages read, overflow pages used, free-list, pointer-map and lock-byte pages. */
    read: z.number(),
    free: z.number(),
    overflow: z.number(),
    /** Pages whose content could not be read or placed. */
    lost: z.number(),
  }),
  rows: z.strictObject({ recovered: z.number(), lostAndFound: z.number(), rejected: z.number(), duplicates: z.number() }),
  /** Cells and pages that were not written, with the reason (the first 500). */
  problems: z.array(CellProblem),
  problemCount: z.number(),
  /** Schema objects not rebuilt in the new database, and why. */
  skipped: z.array(z.strictObject({ name: z.string(), type: z.string(), reason: z.string() })),
  /** The new database's quick_check, when one was written. */
  output: z.strictObject({
    /** Where the command line wrote it. */
    path: z.string().optional(),
    bytes: z.number(),
    quickCheck: z.array(z.string()),
  }).nullable(),
  durationMs: z.number(),
});
export type SalvageReport = z.infer<typeof SalvageReport>;
