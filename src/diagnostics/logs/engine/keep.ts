/**
 * Which records are kept for browsing and export, in bounded memory, the same whether a file is
 * read in one piece or in many pieces on several threads.
 *
 * A record is kept while the records before it, all of them, kept or not, number fewer than
 * `all` and take (with it) no more than `bytes`: that is a prefix of the file. After it, a record
 * at warning or above is kept while the warnings and worse after the prefix, before it and with
 * it, number no more than `severe` and take no more than `severeBytes`. Every record is counted
 * in the summary whether kept or not.
 *
 * A piece does not know what came before it, so it keeps every record that could be kept
 * (`PieceKeeper`, as if it started the file); the merge (`KeepMerge`) decides, piece after piece,
 * which of those are kept. Both rules are prefixes of monotone sums, which is why the piece's
 * candidates always include the merge's choices.
 */
import { WARNING } from '../levels.ts';

export interface KeepLimits {
  /** Records of any level kept first. */
  all: number;
  /** Bytes (head lines and continuation lines) of those. */
  bytes: number;
  /** Records at warning or above kept after that. */
  severe: number;
  /** Bytes of those. */
  severeBytes: number;
}

export const DEFAULT_KEEP: KeepLimits = { all: 200_000, bytes: 64 * 1024 * 1024, severe: 300_000, severeBytes: 96 * 1024 * 1024 };

export interface Candidate<R> {
  record: R;
  /** Position of the record in its piece (0-based) and bytes of the records before it there. */
  index: number;
  before: number;
  size: number;
  level: number;
}

export class PieceKeeper<R> {
  readonly candidates: Candidate<R>[] = [];
  private severe = 0;
  private severeBytes = 0;
  /** The piece's own warnings after its prefix went past the budget: so did the file's. */
  exhausted = false;
  private readonly limits: KeepLimits;

  constructor(limits: KeepLimits) {
    this.limits = limits;
  }

  /** Could the record at `index` (with `before` bytes of records before it in the piece) be kept? */
  wants(index: number, before: number, size: number, level: number): boolean {
    if (index < this.limits.all && before + size <= this.limits.bytes) return true;
    if (level < WARNING || this.exhausted) return false;
    if (this.severe + 1 > this.limits.severe || this.severeBytes + size > this.limits.severeBytes) {
      this.exhausted = true;
      return false;
    }
    this.severe++;
    this.severeBytes += size;
    return true;
  }

  add(candidate: Candidate<R>): void {
    this.candidates.push(candidate);
  }
}

export class KeepMerge<R> {
  readonly kept: R[] = [];
  /** The kept records with their place in the stream merged here (to merge streams again, as pieces). */
  readonly keptCandidates: Candidate<R>[] = [];
  /** Records and bytes of the pieces merged so far. */
  records = 0;
  bytes = 0;
  private severe = 0;
  private severeBytes = 0;
  /** The budget of warnings and worse was spent: no later warning is kept. */
  exhausted = false;
  /** Records left out because a budget was spent. */
  dropped = 0;

  private readonly limits: KeepLimits;

  constructor(limits: KeepLimits) {
    this.limits = limits;
  }

  /** Take a piece's candidates; `records` and `bytes` are all the piece's records and their size. */
  piece(candidates: readonly Candidate<R>[], records: number, bytes: number, exhausted: boolean): void {
    for (const c of candidates) {
      const index = this.records + c.index;
      const before = this.bytes + c.before;
      if (index < this.limits.all && before + c.size <= this.limits.bytes) {
        this.kept.push(c.record);
        this.keptCandidates.push({ ...c, index, before });
        continue;
      }
      if (c.level < WARNING || this.exhausted) continue;
      if (this.severe + 1 > this.limits.severe || this.severeBytes + c.size > this.limits.severeBytes) {
        this.exhausted = true;
        continue;
      }
      this.severe++;
      this.severeBytes += c.size;
      this.kept.push(c.record);
      this.keptCandidates.push({ ...c, index, before });
    }
    if (exhausted) this.exhausted = true;
    this.records += records;
    this.bytes += bytes;
    this.dropped = this.records - this.kept.length;
  }
}
