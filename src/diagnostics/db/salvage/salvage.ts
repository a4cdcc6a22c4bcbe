/**
 * Salvage: the rows of a damaged SQLite database, read from its pages and written into a new
 * database. The phases, over one state:
 *
 *   open      page size, encoding and page count, the WAL's committed frames laid over the file
 *   schema    sqlite_schema from page 1's tree, and from any other page of its shape
 *   plan      a model per table (columns from CREATE, or what survives of it), per index
 *   tables    each table's b-tree walked from its root; rows written as their cells decode
 *   free      free-list, pointer-map and lock-byte pages set aside
 *   orphans   b-tree pages no tree reached: given to a table whose lost key range and column
 *             shape they fit, else to lost_and_found
 *   finish    indexes rebuilt, views and triggers copied, quick_check, the new file's bytes
 *
 * Nothing from the file runs as SQL; every cell that does not decode cleanly is reported, not
 * written.
 */
import type { SqlJsStatic } from 'sql.js';
import type { ByteSource } from '../source.ts';
import { readCells, ROLE, type CellContext, type CellIssue, type PageCells } from './cells.ts';
import { isBtreeType, isInterior, recordHeader, recordValues, u32, type Int64, type Row } from './format.ts';
import { openPages, type PageStore } from './pages.ts';
import type { SalvagedTable, SalvageReport } from './report.ts';
import { genericDef, planSchema, resolveDamaged, schemaRow, tableModel, type IndexModel, type SchemaRow, type TableModel } from './schema.ts';
import { addToShape, emptyShape, fieldMismatch, shapeDistance, type Shape } from './shape.ts';
import { walkTree, type Hole } from './trees.ts';
import { OutputDatabase } from './write.ts';

export interface SalvageInput {
  db: { name: string; source: ByteSource };
  wal?: { name: string; source: ByteSource };
}

export type SalvagePhase = 'open' | 'schema' | 'tables' | 'orphans' | 'finish';

export interface SalvageOptions {
  onProgress?: (p: { phase: SalvagePhase; done: number }) => void;
  /** Problems listed in the report (all are counted). Default 500. */
  maxProblems?: number;
}

export interface SalvageOutcome {
  report: SalvageReport;
  /** The new database, when anything could be read. */
  bytes?: Uint8Array;
}

interface TableState {
  model: TableModel;
  created: boolean;
  createError?: string;
  shape: Shape;
  rows: number;
  pagesRead: number;
  pagesLost: number;
  pagesMatched: number;
  cellsRejected: number;
  duplicates: number;
  holes: Hole[];
  leafRanges: [Int64, Int64][];
}

interface OrphanGroup {
  root: number;
  /** Pages whose cells hold records: leaves, and interior pages of index trees. */
  pages: number[];
  table: boolean;
  shape: Shape;
}

const LOST_AND_FOUND = 'lost_and_found';
/** Rows of each table whose storage classes are tallied, to compare orphan pages with. */
const SHAPE_SAMPLE = 20_000;

export function salvage(input: SalvageInput, sql: SqlJsStatic, options: SalvageOptions = {}): SalvageOutcome {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const maxProblems = options.maxProblems ?? 500;
  progress({ phase: 'open', done: 0 });
  const opened = openPages(input.db.source, input.wal?.source);
  const walReport = (store?: PageStore): SalvageReport['wal'] => {
    const use = store?.info.wal;
    if (!input.wal || !use) return null;
    const r = use.reading;
    return {
      name: input.wal.name, applied: use.applied, ...(use.refusal ? { refusal: use.refusal } : {}),
      frames: r.frames, validFrames: r.validFrames, committedFrames: r.committedFrames, commits: r.commits, pagesChanged: r.pagesChanged,
    };
  };
  const base = (): SalvageReport => ({
    format: 1, file: { name: input.db.name, size: input.db.source.size }, complete: false, unreadable: true, layout: null, wal: null,
    schema: { from: 'none', objects: 0 }, tables: [], pages: { total: 0, read: 0, free: 0, overflow: 0, lost: 0 },
    rows: { recovered: 0, lostAndFound: 0, rejected: 0, duplicates: 0 }, problems: [], problemCount: 0, skipped: [], output: null, durationMs: 0,
  });
  if (typeof opened === 'string') {
    const report = base();
    report.problem = opened === 'empty' ? 'the file is empty' : 'no page of the file is a SQLite b-tree page';
    report.durationMs = Date.now() - started;
    return { report };
  }
  const store = opened;
  const { info } = store;
  const N = info.pageCount;
  const roles = new Uint8Array(N + 1);
  const problems: CellIssue[] = [];
  let problemCount = 0;
  const report = (issues: CellIssue[]) => {
    problemCount += issues.length;
    for (const i of issues) if (problems.length < maxProblems) problems.push(i);
  };
  /** Overflow pages of cells that were rejected: lost with their cell, and said so. */
  const brokenChains = new Set<number>();
  const ctx: CellContext = {
    usable: info.usable, pageCount: N, page: (p) => store.page(p), roles,
    onBrokenChain: (pages) => {
      for (const p of pages) brokenChains.add(p);
    },
  };
  const encoding = info.encoding;
  const types: number[] = [];
  const scratch: Row = { values: [], kinds: [] };
  /** The record of a cell, in a row object reused from call to call. */
  const decode = (payload: Uint8Array, page: number, cell: number): Row | null => {
    const header = recordHeader(payload, types);
    if (typeof header === 'string') {
      report([{ page, cell, reason: header }]);
      return null;
    }
    return recordValues(payload, header, encoding, scratch);
  };

  // schema: sqlite_schema's tree from page 1, then any other page that holds only schema rows.
  progress({ phase: 'schema', done: 0 });
  const schemaRows: SchemaRow[] = [];
  const schemaWalk = walkTree(1, ctx, {
    table: true, claim: true, onIssues: report,
    onCells: (cells) => {
      for (const cell of cells.cells) {
        const row = cell.payload && decode(cell.payload, cells.pgno, cell.index);
        const s = row && schemaRow(row, cells.pgno, cell.index);
        if (s) schemaRows.push(s);
      }
    },
  });
  let schemaFrom: SalvageReport['schema']['from'] = schemaWalk.pages > 0 && schemaRows.length > 0 ? 'page-1' : 'none';
  let schemaLost = schemaWalk.lost.length;
  if (schemaWalk.lost.length > 0) {
    for (let p = 2; p <= N; p++) {
      if (roles[p] !== ROLE.unknown) continue;
      const page = store.page(p);
      if (!page || page[0] !== 0x0d) continue;
      const cells = readCells(page, p, { ...ctx, claim: false });
      if (cells.cells.length === 0 || cells.issues.length > 0) continue;
      const found: SchemaRow[] = [];
      for (const cell of cells.cells) {
        const header = recordHeader(cell.payload!, types);
        const s = typeof header === 'string' ? null : schemaRow(recordValues(cell.payload!, header, encoding, { values: [], kinds: [] }), p, cell.index);
        if (!s) break;
        found.push(s);
      }
      if (found.length !== cells.cells.length) continue;
      readCells(page, p, ctx);
      roles[p] = ROLE.tree;
      schemaRows.push(...found);
      schemaFrom = 'scan';
      schemaLost = Math.max(0, schemaLost - 1);
    }
  }
  if (schemaWalk.lost.length) report(schemaWalk.lost.map((l) => ({ page: l.page, cell: -1, reason: `sqlite_schema: ${l.reason}` })));

  // plan: a model per table and index.
  const plan = planSchema(schemaRows, N);
  const lookAhead = (root: number, table: boolean): Shape => {
    const shape = emptyShape();
    walkTree(root, ctx, {
      table, claim: false,
      onCells: (cells) => {
        for (const cell of cells.cells) {
          const header = cell.payload && recordHeader(cell.payload, types);
          if (header && typeof header !== 'string') addToShape(shape, recordValues(cell.payload!, header, encoding, { values: [], kinds: [] }), cell.rowid);
        }
      },
    });
    return shape;
  };
  for (const { row, error } of plan.needsShape) {
    const rootPage = row.rootpage >= 1 ? store.page(row.rootpage) : null;
    const rootType = rootPage ? rootPage[row.rootpage === 1 ? 100 : 0]! : 0;
    const indexRoot = rootType === 0x02 || rootType === 0x0a;
    const shape = row.rootpage >= 1 ? lookAhead(row.rootpage, !indexRoot) : emptyShape();
    const schemaName = schemaRows.find((s) => s.page === row.page && s.cell === row.cell)?.name ?? row.name;
    plan.tables.push(resolveDamaged(row, error, shape, indexRoot, schemaName));
  }

  const out = new OutputDatabase(sql, {
    sizeHint: input.db.source.size, pageSize: info.pageSize, encoding,
    userVersion: info.header.intact ? info.header.userVersion : 0,
    applicationId: info.header.intact ? info.header.applicationId : 0,
    autoVacuum: info.header.intact && info.header.largestRootPage !== 0 ? (info.header.incrementalVacuum ? 'incremental' : 'full') : 'none',
  });
  try {
    const states: TableState[] = plan.tables.map((model) => ({
      model, created: false, shape: emptyShape(), rows: 0, pagesRead: 0, pagesLost: 0, pagesMatched: 0, cellsRejected: 0, duplicates: 0, holes: [], leafRanges: [],
    }));
    for (const s of states) {
      if (s.model.internal) continue;
      const error = out.createTable(s.model);
      if (error && s.model.columnsFrom === 'schema') {
        // SQLite refuses the re-written statement: keep the rows under numbered columns.
        const generic = genericDef(s.model.name, s.model.fieldColumns.length, s.model.indexTree);
        generic.dropped.push(`the table as declared (${error})`);
        s.model = tableModel(s.model.name, s.model.schemaName, s.model.root, generic, 'generic', error, s.model.indexTree);
        s.createError = out.createTable(s.model) ?? undefined;
      } else s.createError = error ?? undefined;
      s.created = s.createError === undefined;
    }
    const tableOf = new Map(states.map((s) => [s.model.schemaName.toLowerCase(), s]));
    // UNIQUE indexes first, so a second copy of a row is left out rather than breaking the index.
    const indexDone = new Set<IndexModel>();
    const indexName = (ix: IndexModel) => ix.name;
    const buildIndex = (ix: IndexModel) => {
      indexDone.add(ix);
      if (ix.automatic) return;
      const owner = tableOf.get(ix.table.toLowerCase());
      if (!ix.def || ix.unsupported) {
        plan.skipped.push({ name: ix.name, type: 'index', reason: ix.unsupported ?? 'its CREATE statement is missing' });
        return;
      }
      if (!owner?.created || owner.model.columnsFrom === 'generic') {
        plan.skipped.push({ name: ix.name, type: 'index', reason: 'its table could not be rebuilt with its columns' });
        return;
      }
      const error = out.createIndex(ix, indexName(ix), owner.model.name);
      if (error) plan.skipped.push({ name: ix.name, type: 'index', reason: error });
    };
    for (const ix of plan.indexes) if (ix.def?.unique) buildIndex(ix);

    // tables: walk each tree, write rows as they decode.
    progress({ phase: 'tables', done: 0 });
    const sequences: { name: string; seq: Int64 }[] = [];
    const writeCells = (s: TableState, cells: PageCells) => {
      for (const cell of cells.cells) {
        if (!cell.payload) continue;
        const row = decode(cell.payload, cells.pgno, cell.index);
        if (!row) {
          s.cellsRejected++;
          continue;
        }
        if (s.model.internal === 'sequence') {
          if (typeof row.values[0] === 'string' && (typeof row.values[1] === 'number' || typeof row.values[1] === 'bigint')) sequences.push({ name: row.values[0], seq: row.values[1] });
          continue;
        }
        if (s.model.internal === 'statistics' || !s.created) continue;
        if (row.values.length > s.model.fieldColumns.length) {
          report([{ page: cells.pgno, cell: cell.index, reason: `record has ${row.values.length} fields; the table has ${s.model.fieldColumns.length} columns` }]);
          s.cellsRejected++;
          continue;
        }
        const result = out.insert(s.model, row, s.model.indexTree ? undefined : cell.rowid);
        if (result === 'written') {
          s.rows++;
          // A sample of each table's rows is enough to compare orphan pages with.
          if (s.shape.records < SHAPE_SAMPLE) addToShape(s.shape, row, cell.rowid);
        } else if (result === 'duplicate') s.duplicates++;
        else {
          report([{ page: cells.pgno, cell: cell.index, reason: `SQLite refused the row: ${result}` }]);
          s.cellsRejected++;
        }
      }
    };
    let walked = 0;
    for (const s of states) {
      progress({ phase: 'tables', done: walked++ / Math.max(1, states.length) });
      const w = walkTree(s.model.root, ctx, {
        table: !s.model.indexTree, claim: true,
        onIssues: (issues) => {
          report(issues);
          s.cellsRejected += issues.filter((i) => i.cell >= 0).length;
        },
        onCells: (cells) => writeCells(s, cells),
      });
      s.pagesRead += w.pages;
      s.pagesLost += w.lost.length;
      s.holes = w.holes;
      s.leafRanges = w.leafRanges;
      report(w.lost.map((l) => ({ page: l.page, cell: -1, reason: `${s.model.schemaName}: ${l.reason}` })));
    }
    // Index trees: their pages are read (and their overflow chains claimed), not written.
    const indexLost = new Map<IndexModel, number>();
    for (const ix of plan.indexes) {
      const w = walkTree(ix.root, ctx, { table: false, claim: true });
      indexLost.set(ix, w.lost.length);
    }

    // free: the free-list when it adds up, pointer-map and lock-byte pages.
    const free = freelist(store, roles);
    if (free.problem) report([{ page: free.problem.page, cell: -1, reason: free.problem.reason }]);
    if (info.header.intact && info.header.largestRootPage !== 0) {
      const every = Math.floor(info.usable / 5) + 1;
      for (let p = 2; p <= N; p += every) if (roles[p] === ROLE.unknown) roles[p] = ROLE.ptrmap;
    }
    const lockByte = Math.floor(0x40000000 / info.pageSize) + 1;
    if (lockByte <= N && roles[lockByte] === ROLE.unknown) roles[lockByte] = ROLE.lockByte;

    // orphans: b-tree pages no tree reached, grouped by the orphan interior pages above them.
    progress({ phase: 'orphans', done: 0 });
    const groups = orphanGroups(store, roles, N);
    const lost: OrphanGroup[] = [];
    let matchedIndexPages = 0;
    for (const g of groups) {
      for (const p of g.pages) {
        const page = store.page(p);
        if (!page) continue;
        const cells = readCells(page, p, { ...ctx, claim: false });
        for (const cell of cells.cells) {
          const header = cell.payload && recordHeader(cell.payload, types);
          if (header && typeof header !== 'string') addToShape(g.shape, recordValues(cell.payload!, header, encoding, { values: [], kinds: [] }), cell.rowid);
        }
      }
      const target = !g.table && looksLikeIndex(g, plan.indexes) ? undefined : chooseTable(g, states);
      if (target) {
        for (const p of g.pages) {
          const page = store.page(p)!;
          const cells = readCells(page, p, ctx);
          roles[p] = ROLE.tree;
          report(cells.issues);
          target.cellsRejected += cells.issues.filter((i) => i.cell >= 0).length;
          target.pagesMatched++;
          target.pagesRead++;
          writeCells(target, cells);
        }
        for (const p of interiorPages(g, store, roles)) roles[p] = ROLE.tree;
        continue;
      }
      if (!g.table && isIndexData(g, plan.indexes, tableOf, indexLost)) {
        for (const p of g.pages) {
          readCells(store.page(p)!, p, ctx);
          roles[p] = ROLE.tree;
          matchedIndexPages++;
        }
        for (const p of interiorPages(g, store, roles)) roles[p] = ROLE.tree;
        continue;
      }
      if (g.shape.records > 0) lost.push(g);
    }
    let lostRows = 0;
    let lostName: string | undefined;
    if (lost.length > 0) {
      const names = out.names();
      lostName = LOST_AND_FOUND;
      for (let k = 0; names.has(lostName.toLowerCase()); k++) lostName = `${LOST_AND_FOUND}_${k}`;
      const fields = Math.max(1, ...lost.map((g) => g.shape.maxFields));
      out.createLostAndFound(lostName, fields);
      for (const g of lost) {
        for (const p of g.pages) {
          const cells = readCells(store.page(p)!, p, ctx);
          roles[p] = ROLE.tree;
          report(cells.issues);
          for (const cell of cells.cells) {
            const row = cell.payload && decode(cell.payload, p, cell.index);
            if (!row) continue;
            out.insertLostAndFound(lostName, g.root, p, row, cell.rowid);
            lostRows++;
          }
        }
        for (const p of interiorPages(g, store, roles)) roles[p] = ROLE.tree;
      }
    }
    void matchedIndexPages;

    // finish: indexes, sequences, views and triggers; then the new file.
    progress({ phase: 'finish', done: 0 });
    for (const ix of plan.indexes) if (!indexDone.has(ix)) buildIndex(ix);
    out.restoreSequences(sequences);
    for (const row of plan.others) {
      const kind = row.type === 'trigger' ? 'trigger' : 'view';
      const error = row.sql ? out.copyStatement(row.sql, kind) : 'its CREATE statement is missing';
      if (error) plan.skipped.push({ name: row.name, type: kind, reason: error });
    }
    for (const s of states) {
      if (s.model.internal === 'statistics') plan.skipped.push({ name: s.model.schemaName, type: 'table', reason: 'statistics for the query planner; ANALYZE rebuilds them' });
      if (s.createError) plan.skipped.push({ name: s.model.schemaName, type: 'table', reason: s.createError });
    }

    // Pages no one could read.
    let unknown = 0;
    let freeCount = 0;
    let overflow = 0;
    for (let p = 1; p <= N; p++) {
      if (roles[p] === ROLE.unknown) {
        unknown++;
        if (unknown <= 50) {
          const page = store.page(p);
          const reason = !page ? 'page missing (the file is cut short)'
            : brokenChains.has(p) ? 'overflow page of a cell whose chain is broken'
              : page.every((b) => b === 0) ? 'page is all zeros and belongs to nothing'
                : 'page belongs to no surviving b-tree, free-list or overflow chain';
          report([{ page: p, cell: -1, reason }]);
        } else problemCount++;
      } else if (roles[p] === ROLE.free) freeCount++;
      else if (roles[p] === ROLE.overflow) overflow++;
    }
    const tables: SalvagedTable[] = states
      .filter((s) => !s.model.internal)
      .map((s) => ({
        name: s.model.name, schemaName: s.model.schemaName, kind: s.model.indexTree ? 'without-rowid' : 'table', columnsFrom: s.model.columnsFrom,
        rows: s.rows, pagesRead: s.pagesRead, pagesLost: s.pagesLost, pagesMatched: s.pagesMatched, cellsRejected: s.cellsRejected, duplicates: s.duplicates,
        ...(s.model.sqlError ? { schemaError: s.model.sqlError } : {}), dropped: s.model.def.dropped,
      }));
    if (lostName) {
      tables.push({
        name: lostName, schemaName: lostName, kind: 'lost_and_found', columnsFrom: 'generic', rows: lostRows,
        pagesRead: lost.reduce((n, g) => n + g.pages.length, 0), pagesLost: 0, pagesMatched: 0, cellsRejected: 0, duplicates: 0, dropped: [],
      });
    }
    const finished = out.finish();
    const recovered = states.reduce((n, s) => n + s.rows, 0);
    const rejected = states.reduce((n, s) => n + s.cellsRejected, 0);
    const duplicates = states.reduce((n, s) => n + s.duplicates, 0);
    const damagedSchema = states.some((s) => s.model.columnsFrom !== 'schema' && !s.model.internal) || schemaLost > 0;
    const anyRead = recovered + lostRows > 0 || states.some((s) => s.pagesRead > 0) || schemaWalk.pages > 0;
    const result: SalvageReport = {
      ...base(),
      complete: finished.quickCheck.join() === 'ok' && unknown === 0 && problemCount === 0 && lostRows === 0 && !damagedSchema && duplicates === 0 && states.every((s) => !s.createError),
      unreadable: !anyRead,
      ...(!anyRead ? { problem: 'no page of the file could be read as part of a table' } : {}),
      layout: {
        pageSize: info.pageSize, reservedBytes: info.reserved, pageSizeFrom: info.layoutSource, encoding, encodingFrom: info.encodingSource,
        headerIntact: info.header.intact, pageCount: N, truncated: info.partialLastPage || N > info.filePages,
      },
      wal: walReport(store),
      schema: { from: schemaFrom, objects: schemaRows.length },
      tables,
      pages: { total: N, read: N - unknown, free: freeCount, overflow, lost: unknown + states.reduce((n, s) => n + s.pagesLost, 0) + schemaLost },
      rows: { recovered, lostAndFound: lostRows, rejected, duplicates },
      problems, problemCount,
      skipped: plan.skipped,
      output: { bytes: finished.bytes.length, quickCheck: finished.quickCheck },
      durationMs: Date.now() - started,
    };
    return { report: result, bytes: finished.bytes };
  } finally {
    out.close();
  }
}

/**
 * The free-list, when it adds up to the count the header gives (pages past the end of a cut file
 * excepted); else nothing is set aside. Freed pages keep the rows that were deleted: salvage must
 * not bring them back.
 */
function freelist(store: PageStore, roles: Uint8Array): { problem?: { page: number; reason: string } } {
  const { header, usable, pageCount } = store.info;
  if (!header.intact) return trunksByShape(store, roles);
  if (header.freelistPages === 0) return {};
  const limit = Math.max(pageCount, header.pageCount);
  const pages: number[] = [];
  const seen = new Set<number>();
  let trunk = header.firstFreelistTrunk;
  let cut = false;
  const fail = (page: number, reason: string) => ({ problem: { page, reason: `free-list: ${reason}; its pages were not set aside` } });
  while (trunk !== 0) {
    if (trunk < 2 || trunk > limit || seen.has(trunk) || (trunk <= pageCount && roles[trunk] !== ROLE.unknown)) return fail(trunk, `trunk page ${trunk} cannot be one`);
    seen.add(trunk);
    pages.push(trunk);
    const page = store.page(trunk);
    if (!page) {
      cut = true;
      break;
    }
    const count = u32(page, 4);
    if (count > usable / 4 - 2) return fail(trunk, `trunk page ${trunk} lists ${count} pages`);
    for (let i = 0; i < count; i++) {
      const leaf = u32(page, 8 + 4 * i);
      if (leaf < 2 || leaf > limit || seen.has(leaf) || (leaf <= pageCount && roles[leaf] !== ROLE.unknown)) return fail(trunk, `page ${leaf} cannot be free`);
      seen.add(leaf);
      pages.push(leaf);
    }
    if (pages.length > header.freelistPages) return fail(trunk, 'it lists more pages than the header counts');
    trunk = u32(page, 0);
  }
  if (!cut && pages.length !== header.freelistPages) return fail(header.firstFreelistTrunk, `it lists ${pages.length} pages, the header counts ${header.freelistPages}`);
  for (const p of pages) if (p <= pageCount) roles[p] = ROLE.free;
  return {};
}

/**
 * With the header lost, free-list trunk pages found by their shape: a next-trunk pointer, a count
 * that fits the page, and that many distinct page numbers, all of pages no tree or chain uses.
 */
function trunksByShape(store: PageStore, roles: Uint8Array): { problem?: { page: number; reason: string } } {
  const { usable, pageCount } = store.info;
  const trunks = new Map<number, { next: number; leaves: number[] }>();
  for (let p = 2; p <= pageCount; p++) {
    if (roles[p] !== ROLE.unknown) continue;
    const page = store.page(p);
    if (!page || isBtreeType(page[0]!)) continue;
    const next = u32(page, 0);
    const count = u32(page, 4);
    if (next > pageCount || next === p || count === 0 || count > usable / 4 - 2) continue;
    const leaves: number[] = [];
    const seen = new Set<number>([p]);
    let ok = true;
    for (let i = 0; i < count && ok; i++) {
      const leaf = u32(page, 8 + 4 * i);
      ok = leaf >= 2 && leaf <= pageCount && !seen.has(leaf) && roles[leaf] === ROLE.unknown;
      seen.add(leaf);
      leaves.push(leaf);
    }
    // The rest of the array is unused: a trunk SQLite wrote has no stray numbers after its count.
    if (ok && next !== 0 && !(next >= 2 && roles[next] === ROLE.unknown)) ok = false;
    if (ok) trunks.set(p, { next, leaves });
  }
  // Keep trunks that end a chain of trunks (every trunk's next is a trunk or 0).
  let found = 0;
  for (const [p, t] of trunks) {
    if (t.next !== 0 && !trunks.has(t.next)) continue;
    roles[p] = ROLE.free;
    for (const leaf of t.leaves) if (roles[leaf] === ROLE.unknown) roles[leaf] = ROLE.free;
    found += 1 + t.leaves.length;
  }
  return found ? { problem: { page: 1, reason: `free-list: the header is damaged; ${found} free pages were recognised by the shape of their trunk pages` } } : {};
}

/** Child page numbers of an interior page (left children, then the right child). */
function childrenOf(page: Uint8Array, pgno: number, usable: number): number[] {
  const base = pgno === 1 ? 100 : 0;
  const count = (page[base + 3]! << 8) | page[base + 4]!;
  const out: number[] = [];
  for (let i = 0; i < count && base + 12 + 2 * i + 2 <= usable; i++) {
    const off = (page[base + 12 + 2 * i]! << 8) | page[base + 13 + 2 * i]!;
    if (off + 4 <= usable) out.push(u32(page, off));
  }
  out.push(u32(page, base + 8));
  return out;
}

/** Orphan b-tree pages, grouped under the orphan interior page at the top of each surviving subtree. */
function orphanGroups(store: PageStore, roles: Uint8Array, N: number): OrphanGroup[] {
  const type = new Uint8Array(N + 1);
  for (let p = 1; p <= N; p++) {
    if (roles[p] !== ROLE.unknown) continue;
    const page = store.page(p);
    if (!page) continue;
    const t = page[p === 1 ? 100 : 0]!;
    if (isBtreeType(t)) type[p] = t;
  }
  const parent = new Int32Array(N + 1);
  for (let p = 1; p <= N; p++) {
    if (!isInterior(type[p]!)) continue;
    const page = store.page(p)!;
    for (const c of childrenOf(page, p, store.info.usable)) {
      if (c >= 1 && c <= N && c !== p && type[c] && parent[c] === 0 && (type[c] === 0x05 || type[c] === 0x0d) === (type[p] === 0x05)) parent[c] = p;
    }
  }
  const rootOf = (p: number) => {
    let r = p;
    for (let steps = 0; parent[r]! !== 0 && steps < 64; steps++) r = parent[r]!;
    return r;
  };
  const byRoot = new Map<number, OrphanGroup>();
  for (let p = 1; p <= N; p++) {
    const t = type[p]!;
    if (!t) continue;
    const holdsRecords = t === 0x0d || t === 0x0a || t === 0x02;
    if (!holdsRecords) continue;
    const root = rootOf(p);
    let g = byRoot.get(root);
    if (!g) byRoot.set(root, (g = { root, pages: [], table: t === 0x0d, shape: emptyShape() }));
    g.pages.push(p);
  }
  return [...byRoot.values()];
}

/** The orphan interior pages of a group (its root and the pages between it and the leaves). */
function interiorPages(g: OrphanGroup, store: PageStore, roles: Uint8Array): number[] {
  const out: number[] = [];
  const page = store.page(g.root);
  if (g.root !== g.pages[0] && page && roles[g.root] === ROLE.unknown && isInterior(page[g.root === 1 ? 100 : 0]!)) {
    const stack = [g.root];
    const seen = new Set<number>();
    while (stack.length && seen.size < 100_000) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const bytes = store.page(p);
      if (!bytes || roles[p] !== ROLE.unknown || !isInterior(bytes[p === 1 ? 100 : 0]!)) continue;
      out.push(p);
      stack.push(...childrenOf(bytes, p, store.info.usable));
    }
  }
  return out;
}

/**
 * The table a group of orphan pages belongs to: the only table whose lost key ranges hold the
 * group's rowids and whose columns accept its values; when several do, the one whose rows look
 * most alike, if clearly so. Undefined when no table can be told.
 */
function chooseTable(g: OrphanGroup, states: TableState[]): TableState | undefined {
  const shape = g.shape;
  if (shape.records === 0) return undefined;
  const fits = states.filter((s) => {
    const m = s.model;
    if (!s.created || m.internal || s.holes.length === 0) return false;
    if (m.indexTree === g.table) return false;
    if (m.columnsFrom === 'generic' && shape.maxFields > m.fieldColumns.length) return false;
    if (shape.maxFields > m.fieldColumns.length) return false;
    for (let i = 0; i < shape.maxFields; i++) if (fieldMismatch(shape, i, m.rules[i]!)) return false;
    // WITHOUT ROWID rows have every field (short only after ALTER TABLE ADD COLUMN, which such
    // tables rarely see); index entries found loose are told apart by that.
    if (!g.table) return shape.minFields === m.fieldColumns.length && shape.maxFields === m.fieldColumns.length;
    const lo = shape.minRowid!;
    const hi = shape.maxRowid!;
    if (!s.holes.some((h) => (h.low === undefined || lo > h.low) && (h.high === undefined || hi <= h.high))) return false;
    return !s.leafRanges.some(([a, b]) => lo <= b && hi >= a);
  });
  if (fits.length <= 1) return fits[0];
  const scored = fits.map((s) => ({ s, d: s.shape.records > 0 ? shapeDistance(shape, s.shape) : 0.5 })).sort((a, b) => a.d - b.d);
  return scored[1]!.d - scored[0]!.d >= 0.2 ? scored[0]!.s : undefined;
}

/** Entries shaped like those of a known index on a rowid table: its columns, then an integer rowid. */
function looksLikeIndex(g: OrphanGroup, indexes: IndexModel[]): boolean {
  const shape = g.shape;
  return shape.records > 0 && indexes.some((ix) => {
    if (!ix.def) return false;
    const width = ix.def.columns.length + 1;
    const last = shape.kinds[width - 1];
    return shape.minFields === width && shape.maxFields === width && !!last && last[1] === shape.records;
  });
}

/** Index entries of a table whose rows were all read: the rebuilt index holds them again. */
function isIndexData(g: OrphanGroup, indexes: IndexModel[], tableOf: Map<string, TableState>, indexLost: Map<IndexModel, number>): boolean {
  const shape = g.shape;
  if (shape.records === 0) return false;
  return indexes.some((ix) => {
    if (!ix.def || !indexLost.get(ix)) return false;
    const t = tableOf.get(ix.table.toLowerCase());
    if (!t || t.pagesLost > 0 || t.holes.length > 0 || t.model.indexTree) return false;
    const width = ix.def.columns.length + 1;
    const last = shape.kinds[width - 1];
    return shape.minFields === width && shape.maxFields === width && !!last && last[1] === shape.records;
  });
}

