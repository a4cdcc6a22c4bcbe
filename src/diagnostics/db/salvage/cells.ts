/**
 * The cells of one b-tree page, read strictly: each cell's header must parse inside the page,
 * cells may not overlap, the keys of a table page must rise from cell to cell, and a payload that
 * spills must follow an overflow chain of exactly the right length through pages no other cell
 * uses. A cell that fails any of these is reported with its reason and left out.
 */
import { isInterior, localPayload, pageHeader, readVarint, u16, u32, type Int64, type PageHeader, type Varint } from './format.ts';

/** What each page of the database turned out to be. */
export const ROLE = { unknown: 0, tree: 1, overflow: 2, free: 3, ptrmap: 4, lockByte: 5 } as const;

export interface CellIssue {
  page: number;
  /** Index of the cell in the page's pointer array (-1: the page as a whole). */
  cell: number;
  reason: string;
}

export interface Cell {
  /** Index in the pointer array. */
  index: number;
  /** The rowid (table leaves) or key (table interior pages). */
  rowid?: Int64;
  /** Left child of an interior cell. */
  child?: number;
  /** The whole payload, overflow included. */
  payload?: Uint8Array;
}

export interface PageCells {
  pgno: number;
  header: PageHeader;
  /** Cells that read cleanly, in pointer order. */
  cells: Cell[];
  issues: CellIssue[];
  /** The pointer array was read past a cell count that cannot be right. */
  scanned: boolean;
}

/** What reading cells needs from the rest of salvage. */
export interface CellContext {
  usable: number;
  pageCount: number;
  /** A copy of a page, or null when the file lacks it. */
  page(pgno: number): Uint8Array | null;
  /** Role of each page so far (see ROLE); overflow pages are claimed here. */
  roles: Uint8Array;
  /** Largest payload accepted, in bytes (default: what the pages could hold). */
  maxPayload?: number;
  /** false: check overflow chains without claiming their pages (a look ahead). */
  claim?: boolean;
  /** The pages of an overflow chain read before it broke (its cell is rejected). */
  onBrokenChain?: (pages: number[]) => void;
}

interface Slot {
  index: number;
  off: number;
  end: number;
  rowid?: Int64;
  child?: number;
  payloadSize?: number;
  local?: number;
  at?: number;
}

/** Indexes (into `keys`) of a longest strictly rising run, as a set. */
function risingRun(keys: Int64[]): Set<number> {
  const tails: number[] = [];
  const prev = new Int32Array(keys.length).fill(-1);
  for (let i = 0; i < keys.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[tails[mid]!]! < keys[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

/**
 * Read the overflow chain of a payload whose first `local` bytes sit at `at` in `page`. On
 * success the chain's pages are claimed as overflow pages.
 */
function readPayload(page: Uint8Array, at: number, size: number, local: number, ctx: CellContext): Uint8Array | string {
  // A payload kept whole on its page is a view of the page (each page read is a fresh copy).
  if (local === size) return page.subarray(at, at + size);
  const per = ctx.usable - 4;
  const needed = Math.ceil((size - local) / per);
  // The pieces are kept until the chain proves whole: memory follows what the file holds, not
  // the size a damaged cell claims.
  const pieces: Uint8Array[] = [page.subarray(at, at + local)];
  const chain: number[] = [];
  const seen = new Set<number>();
  let next = u32(page, at + local);
  let filled = local;
  const broken = (reason: string) => {
    ctx.onBrokenChain?.(chain);
    return reason;
  };
  for (let i = 0; i < needed; i++) {
    if (next === 0) return broken(`overflow chain ends after ${i} of ${needed} pages`);
    if (next < 2 || next > ctx.pageCount) return broken(`overflow page ${next} is outside the database`);
    if (ctx.roles[next] !== 0) return broken(`overflow page ${next} is already used elsewhere`);
    if (seen.has(next)) return broken(`overflow chain loops at page ${next}`);
    const over = ctx.page(next);
    if (!over) return broken(`overflow page ${next} is missing (the file is cut short)`);
    seen.add(next);
    chain.push(next);
    const take = Math.min(per, size - filled);
    pieces.push(over.subarray(4, 4 + take));
    filled += take;
    next = u32(over, 0);
  }
  if (next !== 0) return broken(`overflow chain goes on past the ${needed} pages its payload needs`);
  if (ctx.claim !== false) for (const p of chain) ctx.roles[p] = ROLE.overflow;
  const out = new Uint8Array(size);
  let at2 = 0;
  for (const piece of pieces) {
    out.set(piece, at2);
    at2 += piece.length;
  }
  return out;
}

/**
 * Read every cell of a b-tree page. `bounds` (table pages only) are the keys the parent page
 * allows: rowids must be greater than `low` and at most `high`.
 */
export function readCells(page: Uint8Array, pgno: number, ctx: CellContext, bounds?: { low?: Int64; high?: Int64 }): PageCells {
  const header = pageHeader(page, pgno);
  const { type } = header;
  const usable = ctx.usable;
  const issues: CellIssue[] = [];
  const interior = isInterior(type);
  const table = type === 0x05 || type === 0x0d;
  const maxPayload = ctx.maxPayload ?? ctx.pageCount * usable;
  const v: Varint = { value: 0, length: 0 };
  const minCell = interior ? 4 + 1 : 2;
  const maxCells = Math.floor((usable - header.pointers) / (2 + minCell));
  let count = header.cellCount;
  let scanned = false;
  if (count > maxCells || header.contentStart > usable || header.pointers + 2 * count > header.contentStart) {
    // The header cannot be right: read pointers until one cannot be a cell's.
    scanned = true;
    issues.push({ page: pgno, cell: -1, reason: 'page header is damaged; cells were found by reading the pointer array' });
    count = 0;
    while (count < maxCells) {
      const off = u16(page, header.pointers + 2 * count);
      if (off < header.pointers + 2 * (count + 1) || off >= usable) break;
      count++;
    }
  }
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const off = u16(page, header.pointers + 2 * i);
    const bad = (reason: string) => issues.push({ page: pgno, cell: i, reason });
    if (off < header.pointers + 2 * count || off >= usable) {
      bad(`cell pointer ${off} is outside the cell content area`);
      continue;
    }
    let at = off;
    const slot: Slot = { index: i, off, end: off };
    if (interior) {
      if (at + 4 > usable) {
        bad('cell runs past the end of the page');
        continue;
      }
      slot.child = u32(page, at);
      at += 4;
      if (slot.child < 2 || slot.child > ctx.pageCount) {
        bad(`child page ${slot.child} is outside the database`);
        continue;
      }
    }
    if (type !== 0x05) {
      if (!readVarint(page, at, usable, v)) {
        bad('payload size runs past the end of the page');
        continue;
      }
      const size = v.value;
      at += v.length;
      if (typeof size !== 'number' || size < 1 || size > maxPayload) {
        bad(`payload size ${String(size)} cannot be right`);
        continue;
      }
      slot.payloadSize = size;
    }
    if (table) {
      if (!readVarint(page, at, usable, v)) {
        bad('rowid runs past the end of the page');
        continue;
      }
      slot.rowid = v.value;
      at += v.length;
    }
    if (slot.payloadSize !== undefined) {
      const local = localPayload(slot.payloadSize, usable, table);
      slot.local = local;
      slot.at = at;
      at += local + (local < slot.payloadSize ? 4 : 0);
    }
    if (at > usable) {
      bad('cell runs past the end of the page');
      continue;
    }
    slot.end = at;
    slots.push(slot);
  }
  // Keys of a table page rise from cell to cell and stay inside the parent's bounds.
  let kept = slots;
  if (table) {
    const inBounds = slots.filter((s) => {
      const ok = (bounds?.low === undefined || s.rowid! > bounds.low) && (bounds?.high === undefined || s.rowid! <= bounds.high);
      if (!ok) issues.push({ page: pgno, cell: s.index, reason: `key ${String(s.rowid)} is outside the range its parent page gives` });
      return ok;
    });
    const rising = risingRun(inBounds.map((s) => s.rowid!));
    kept = inBounds.filter((s, i) => {
      if (!rising.has(i)) issues.push({ page: pgno, cell: s.index, reason: `key ${String(s.rowid)} is out of order` });
      return rising.has(i);
    });
  }
  // Cells may not overlap.
  const byOffset = [...kept].sort((a, b) => a.off - b.off);
  const overlapping = new Set<number>();
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i]!.off < byOffset[i - 1]!.end) {
      overlapping.add(byOffset[i]!.index);
      overlapping.add(byOffset[i - 1]!.index);
    }
  }
  const cells: Cell[] = [];
  for (const s of kept) {
    if (overlapping.has(s.index)) {
      issues.push({ page: pgno, cell: s.index, reason: 'cell overlaps another cell' });
      continue;
    }
    const cell: Cell = { index: s.index };
    if (s.rowid !== undefined) cell.rowid = s.rowid;
    if (s.child !== undefined) cell.child = s.child;
    if (s.payloadSize !== undefined) {
      const payload = readPayload(page, s.at!, s.payloadSize, s.local!, ctx);
      if (typeof payload === 'string') {
        issues.push({ page: pgno, cell: s.index, reason: payload });
        continue;
      }
      cell.payload = payload;
    }
    cells.push(cell);
  }
  return { pgno, header, cells, issues, scanned };
}
