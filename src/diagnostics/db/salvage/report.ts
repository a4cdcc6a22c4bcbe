/**
 * What salvage found and wrote: the shape `errdex salvage --json` prints and the page shows.
 * Other people's scripts depend on it; fields are only added, never renamed or removed. Its JSON
 * Schema is published on the site (`/schemas/salvage.schema.json`). The core imports these as
 * types only, so the worker bundle does not carry zod.
 */
import { z } from 'zod';

export const SalvagedTable = z.strictObject({
  name: z.string().describe('Name in the new database.'),
  schemaName: z.string().describe("Name in the damaged file's schema (differs when it had to change, e.g. a clash)."),
  kind: z.enum(['table', 'without-rowid', 'lost_and_found']).describe('`table`, `without-rowid`, or `lost_and_found` for rows whose table could not be told.'),
  columnsFrom: z.enum(['schema', 'repaired', 'generic']).describe('Where the column names come from: the CREATE statement, what survived of a damaged one, or numbered c0, c1, …'),
  rows: z.number().describe('Rows written to the new database.'),
  pagesRead: z.number().describe('Pages of the table read (its b-tree, and pages found outside it that match it).'),
  pagesLost: z.number().describe('Pages of the table that could not be read (zeroed, cut off, or not a page of this tree).'),
  pagesMatched: z.number().describe('Pages found outside every surviving b-tree and given to this table by their rows\' shape.'),
  cellsRejected: z.number().describe('Cells of this table that did not decode cleanly and were left out.'),
  duplicates: z.number().describe('Rows left out because an equal key was already recovered.'),
  schemaError: z.string().optional().describe('Why the CREATE statement could not be used as it was.'),
  dropped: z.array(z.string()).describe('Parts of the CREATE statement that the new table leaves out (CHECK, expressions, unknown collations).'),
});
export type SalvagedTable = z.infer<typeof SalvagedTable>;

export const CellProblem = z.strictObject({
  page: z.number().describe('Page number.'),
  cell: z.number().describe("Index in the page's cell pointer array; -1 for the page as a whole."),
  reason: z.string().describe('Why it was not written (in English).'),
});

export const SalvageReport = z.strictObject({
  format: z.literal(1).describe("Version of this report's shape."),
  file: z.strictObject({ name: z.string().describe('The damaged file as named.'), size: z.number().describe('Its size in bytes.') }),
  complete: z.boolean().describe('Whether every page was read and every row placed in its own table.'),
  unreadable: z.boolean().describe('Nothing could be read: no page of the file is a b-tree page.'),
  problem: z.string().optional().describe('Why nothing could be read, when `unreadable`.'),
  layout: z.strictObject({
    pageSize: z.number(),
    reservedBytes: z.number().describe('Bytes reserved at the end of each page.'),
    pageSizeFrom: z.enum(['header', 'detected', 'wal']).describe('`header`: as the header says; `detected`: from the shapes of the pages (the header is damaged); `wal`: from the WAL.'),
    encoding: z.enum(['UTF-8', 'UTF-16le', 'UTF-16be']),
    encodingFrom: z.enum(['header', 'detected']),
    headerIntact: z.boolean().describe("The header's magic string and page size are intact."),
    pageCount: z.number(),
    truncated: z.boolean().describe('The file ends part-way through a page or before the page count the header gives.'),
  }).nullable().describe('How the file is laid out, when any page could be read.'),
  wal: z.strictObject({
    name: z.string().describe('The WAL file as named.'),
    applied: z.boolean(),
    refusal: z.string().optional().describe('Why it was not applied: unusable, page-size-differs, not-wal-mode, page-1-differs, schema-differs, nothing-committed.'),
    frames: z.number(),
    validFrames: z.number(),
    committedFrames: z.number(),
    commits: z.number(),
    pagesChanged: z.number(),
  }).nullable().describe('The write-ahead log, when one was given or found beside the file.'),
  schema: z.strictObject({
    from: z.enum(['page-1', 'scan', 'none']).describe('`page-1`: sqlite_schema read from its tree; `scan`: some of it found on other pages; `none`: lost.'),
    objects: z.number().describe('Schema objects found.'),
  }),
  tables: z.array(SalvagedTable).describe('Each table of the new database, with what was read and lost of it.'),
  pages: z.strictObject({
    total: z.number(),
    read: z.number().describe('b-tree pages read, overflow pages used, free-list, pointer-map and lock-byte pages.'),
    free: z.number(),
    overflow: z.number(),
    lost: z.number().describe('Pages whose content could not be read or placed.'),
  }),
  rows: z.strictObject({ recovered: z.number(), lostAndFound: z.number(), rejected: z.number(), duplicates: z.number() }),
  problems: z.array(CellProblem).describe('Cells and pages that were not written, with the reason (the first 500).'),
  problemCount: z.number().describe('All such cells and pages.'),
  skipped: z.array(z.strictObject({ name: z.string(), type: z.string(), reason: z.string() })).describe('Schema objects not rebuilt in the new database, and why.'),
  output: z.strictObject({
    path: z.string().optional().describe('Where the command line wrote it.'),
    bytes: z.number(),
    quickCheck: z.array(z.string()).describe("The new database's quick_check lines (`ok` when it is sound)."),
  }).nullable().describe('The new database, when one was written.'),
  durationMs: z.number(),
});
export type SalvageReport = z.infer<typeof SalvageReport>;
