/**
 * Walking the b-trees that survive: from a root page down through interior pages, each page
 * claimed once (a loop or a page shared by two trees is a lost page, not a second visit), the
 * key range of every child that could not be read kept as a hole, where rows found outside every
 * tree may belong.
 */
import { readCells, ROLE, type CellContext, type CellIssue, type PageCells } from './cells.ts';
import { isInterior, type Int64 } from './format.ts';

export interface Hole {
  /** Keys greater than `low` and at most `high`; undefined: unbounded. */
  low?: Int64;
  high?: Int64;
}

export interface LostPage {
  page: number;
  reason: string;
}

export interface Walk {
  /** Pages of the tree read. */
  pages: number;
  lost: LostPage[];
  holes: Hole[];
  /** Smallest and largest rowid of each leaf read (table trees). */
  leafRanges: [Int64, Int64][];
}

/** Deeper than any tree SQLite builds; a deeper walk is a loop. */
const MAX_DEPTH = 40;

export interface WalkOptions {
  /** A table b-tree (rowid keys) rather than an index b-tree. */
  table: boolean;
  /** Pages a walk reads get this role; without it nothing is claimed (a look ahead). */
  claim: boolean;
  onIssues?: (issues: CellIssue[]) => void;
  /** Every page read: leaves, and interior pages of index trees (whose cells hold records too). */
  onCells?: (cells: PageCells, leaf: boolean) => void;
}

export function walkTree(root: number, ctx: CellContext, options: WalkOptions): Walk {
  const out: Walk = { pages: 0, lost: [], holes: [], leafRanges: [] };
  const stack: { pgno: number; low?: Int64; high?: Int64; depth: number }[] = [{ pgno: root, depth: 0 }];
  const seen = new Set<number>();
  const cellCtx: CellContext = options.claim ? ctx : { ...ctx, claim: false };
  while (stack.length > 0) {
    const { pgno, low, high, depth } = stack.pop()!;
    const hole = (reason: string) => {
      out.lost.push({ page: pgno, reason });
      out.holes.push({ ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) });
    };
    if (pgno < 1 || pgno > ctx.pageCount) {
      hole('page number outside the database');
      continue;
    }
    if (depth > MAX_DEPTH) {
      hole('the tree is deeper than SQLite builds (a loop)');
      continue;
    }
    if (seen.has(pgno) || ctx.roles[pgno] !== ROLE.unknown) {
      hole('page already used elsewhere (a loop or a shared page)');
      continue;
    }
    const page = ctx.page(pgno);
    if (!page) {
      hole('page missing (the file is cut short)');
      continue;
    }
    const type = page[pgno === 1 ? 100 : 0]!;
    const want = options.table ? [0x05, 0x0d] : [0x02, 0x0a];
    if (!want.includes(type)) {
      hole(page.every((b) => b === 0) ? 'page is all zeros' : `page is not a ${options.table ? 'table' : 'index'} b-tree page (type byte ${type})`);
      continue;
    }
    seen.add(pgno);
    if (options.claim) ctx.roles[pgno] = ROLE.tree;
    out.pages++;
    const cells = readCells(page, pgno, cellCtx, options.table ? { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) } : undefined);
    if (cells.issues.length) options.onIssues?.(cells.issues);
    const interior = isInterior(type);
    if (!interior || !options.table) options.onCells?.(cells, !interior);
    if (!interior) {
      if (options.table && cells.cells.length > 0) out.leafRanges.push([cells.cells[0]!.rowid!, cells.cells[cells.cells.length - 1]!.rowid!]);
      continue;
    }
    if (cells.issues.length > 0) {
      // Children of cells that failed are not known: their keys lie somewhere in this page's range.
      out.holes.push({ ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) });
    }
    const children: { pgno: number; low?: Int64; high?: Int64 }[] = [];
    let prev = low;
    for (const cell of cells.cells) {
      const key = options.table ? cell.rowid : undefined;
      children.push({ pgno: cell.child!, ...(prev !== undefined ? { low: prev } : {}), ...(key !== undefined ? { high: key } : high !== undefined ? { high } : {}) });
      if (key !== undefined) prev = key;
    }
    children.push({ pgno: cells.header.rightChild, ...(prev !== undefined ? { low: prev } : {}), ...(high !== undefined ? { high } : {}) });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ ...children[i]!, depth: depth + 1 });
  }
  return out;
}
