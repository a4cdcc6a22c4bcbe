/**
 * Records over time, bucketed to fit: buckets start at one second and grow through a ladder of
 * widths (each a multiple of the one before, so buckets merge exactly) whenever the time span
 * would need more than `MAX_BUCKETS` of them. Memory stays bounded whatever the file size.
 */
import { ERROR, WARNING } from './levels.ts';
import type { TimelineBucket, TimelineData } from './types.ts';

export type { TimelineBucket, TimelineData };

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
export const BUCKET_WIDTHS = [S, 5 * S, 10 * S, 30 * S, M, 5 * M, 10 * M, 30 * M, H, 3 * H, 6 * H, 12 * H, D, 7 * D, 28 * D, 364 * D, 3640 * D];
export const MAX_BUCKETS = 240;

// Per bucket: records, warning, error, critical.
type Counts = Float64Array;

export class Timeline {
  private width = 0;
  private buckets = new Map<number, Counts>();
  private minKey = Infinity;
  private maxKey = -Infinity;
  private lastKey = NaN;
  private last: Counts | undefined;

  add(time: number, level: number): void {
    const key = Math.floor(time / BUCKET_WIDTHS[this.width]!);
    let counts: Counts;
    if (key === this.lastKey) {
      counts = this.last!;
    } else {
      let found = this.buckets.get(key);
      if (!found) {
        found = new Float64Array(4);
        this.buckets.set(key, found);
        if (key < this.minKey) this.minKey = key;
        if (key > this.maxKey) this.maxKey = key;
        if (this.maxKey - this.minKey >= MAX_BUCKETS && this.width < BUCKET_WIDTHS.length - 1) {
          this.coarsen();
          this.add(time, level);
          return;
        }
      }
      counts = found;
      this.lastKey = key;
      this.last = found;
    }
    counts[0]!++;
    if (level >= WARNING) counts[level === WARNING ? 1 : level === ERROR ? 2 : 3]!++;
  }

  private coarsen(): void {
    while (this.maxKey - this.minKey >= MAX_BUCKETS && this.width < BUCKET_WIDTHS.length - 1) {
      const factor = BUCKET_WIDTHS[this.width + 1]! / BUCKET_WIDTHS[this.width]!;
      this.width++;
      const next = new Map<number, Counts>();
      for (const [key, counts] of this.buckets) {
        const k = Math.floor(key / factor);
        const into = next.get(k);
        if (into) for (let i = 0; i < 4; i++) into[i]! += counts[i]!;
        else next.set(k, counts);
      }
      this.buckets = next;
      this.minKey = Math.floor(this.minKey / factor);
      this.maxKey = Math.floor(this.maxKey / factor);
    }
    this.lastKey = NaN;
    this.last = undefined;
  }

  result(): TimelineData {
    const bucketMs = BUCKET_WIDTHS[this.width]!;
    const buckets: TimelineBucket[] = [];
    if (this.buckets.size === 0) return { bucketMs, buckets };
    for (let key = this.minKey; key <= this.maxKey; key++) {
      const c = this.buckets.get(key);
      buckets.push({
        start: new Date(key * bucketMs).toISOString(),
        records: c ? c[0]! : 0,
        warning: c ? c[1]! : 0,
        error: c ? c[2]! : 0,
        critical: c ? c[3]! : 0,
      });
    }
    return { bucketMs, buckets };
  }
}
