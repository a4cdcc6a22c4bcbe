/** Records kept for browsing: the same whichever way a file is cut into pieces. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeepMerge, PieceKeeper, type KeepLimits } from '../../../../src/diagnostics/logs/engine/keep.ts';

interface Rec {
  id: number;
  size: number;
  level: number;
}

/** Keep `records` read as pieces of the given lengths; the ids kept. */
function keepInPieces(records: Rec[], cuts: number[], limits: KeepLimits): number[] {
  const merge = new KeepMerge<Rec>(limits);
  let at = 0;
  for (const n of [...cuts, records.length]) {
    const piece = records.slice(at, Math.max(at, n));
    at = Math.max(at, n);
    const keeper = new PieceKeeper<Rec>(limits);
    let before = 0;
    piece.forEach((r, index) => {
      if (keeper.wants(index, before, r.size, r.level)) keeper.add({ record: r, index, before, size: r.size, level: r.level });
      before += r.size;
    });
    merge.piece(keeper.candidates, piece.length, before, keeper.exhausted);
  }
  return merge.kept.map((r) => r.id);
}

describe('keeping records', () => {
  const limits = { all: 5, bytes: 1000, severe: 3, severeBytes: 1000 };

  it('keeps every record until the budget, then warnings and worse up to a second budget', () => {
    const records = Array.from({ length: 20 }, (_, id) => ({ id, size: 10, level: id % 4 === 0 ? 5 : 2 }));
    expect(keepInPieces(records, [], limits)).toEqual([0, 1, 2, 3, 4, 8, 12, 16]);
  });

  it('counts bytes against both budgets', () => {
    const records = Array.from({ length: 10 }, (_, id) => ({ id, size: 20, level: 5 }));
    expect(keepInPieces(records, [], { all: 100, bytes: 50, severe: 100, severeBytes: 45 })).toEqual([0, 1, 2, 3]);
  });

  it('keeps the same records however the file is cut into pieces', () => {
    const record = fc.record({ size: fc.integer({ min: 1, max: 60 }), level: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 80 }),
        fc.array(fc.nat({ max: 80 }), { maxLength: 6 }),
        fc.record({ all: fc.nat({ max: 30 }), bytes: fc.nat({ max: 800 }), severe: fc.nat({ max: 20 }), severeBytes: fc.nat({ max: 800 }) }),
        (recs, cuts, lim) => {
          const records = recs.map((r, id) => ({ id, ...r }));
          const sorted = [...cuts].sort((a, b) => a - b);
          expect(keepInPieces(records, sorted, lim)).toEqual(keepInPieces(records, [], lim));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
