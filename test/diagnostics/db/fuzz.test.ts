/**
 * Any file: random damage to a small database never makes the checker throw, and its verdict
 * is still SQLite's own.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRoasBot } from '../../fixtures/db/make-databases.ts';
import { nodeSqliteIntegrity } from '../../fixtures/db/native.ts';
import { check } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'errdex-fuzz-'));
const base = join(dir, 'base.db');
makeRoasBot(base, { users: 40 });
const original = new Uint8Array(readFileSync(base));

describe('damage of any kind', () => {
  it('flipped bytes and cut files: no throw, same verdict as SQLite', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.option(fc.nat(original.length), { nil: undefined }),
        async (flips, cut) => {
          const b = original.slice(0, cut ?? original.length);
          for (const [at, x] of flips) if (at < b.length) b[at] ^= x;
          const path = join(dir, 'case.db');
          writeFileSync(path, b);
          const r = await check(path, undefined, { inMemory: true });
          expect(r.integrity).toBe(nodeSqliteIntegrity(path).verdict);
        },
      ),
      { numRuns: 60, seed: 20250823 },
    );
  }, 300_000);
});
