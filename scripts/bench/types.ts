/** One figure of the benchmark report. */
export interface BenchRow {
  /** Which benchmark: `search`, `logs`, `templates`, `db`, `salvage`, `site`. */
  suite: string;
  /** What was measured, e.g. `p95 query latency, 10,000 entries`. */
  name: string;
  value: number;
  unit: string;
  /** The target, as text: `<= 5 ms`, `>= 200 MB/s`. */
  target?: string;
  /** Whether the value meets the target (undefined: no target). */
  ok?: boolean;
  /** The reference tool measured in the same run, and its figure in the same unit. */
  reference?: { name: string; value: number };
  /** value / reference (or its inverse, whichever reads as "times the reference"); explained in `note`. */
  ratio?: number;
  note?: string;
}

export interface BenchOptions {
  /** Small sizes, for CI: proves the benchmark runs, not its speed. */
  quick: boolean;
  /** Folder for generated inputs. */
  workDir: string;
}

export type Bench = (options: BenchOptions) => Promise<BenchRow[]>;
