/**
 * What every reader of a file's pieces must agree on, as plain data (a `PlanSpec`, which crosses
 * to worker threads), and the parse setup built from it. The registry is compiled once per
 * thread (`compileLogRegistry`); a plan adds what was learned from the file itself.
 */
import { indexRegistry } from '../../../registry/queries.ts';
import { CodeInference } from '../infer.ts';
import type { LogRegistry } from '../types.ts';
import { compileFormats, type EngineFormats, type FormatSource } from './formats.ts';
import type { KeepLimits } from './keep.ts';
import type { ParseSetup } from './parse.ts';
import { signature } from './templating.ts';
import type { TextOps } from './text.ts';
import { parseTime, type TimeLayout } from '../learn/index.ts';
import { layoutReader, RegistryClock, type TimeReader, type YearFor } from './time.ts';

/** Provisional year for a layout without one: a leap year, so that February 29th reads. */
const PROVISIONAL_YEAR = 2000;

/**
 * A learned layout's reader. A time of day alone gives no instant (NaN). A layout without a year
 * is read in a provisional leap year first; its month and day then give the year (`years`).
 */
function learnedClock(layout: TimeLayout, years: YearFor | undefined, day: DayPlan | undefined, text: TextOps): TimeReader {
  if (!layout.hasDate) {
    // A time of day alone: its date from the plan, the day after where the times go back past the first one.
    if (!day) return { yearless: false, bytes: () => NaN, value: () => NaN };
    const reader = layoutReader((t) => {
      const tod = parseTime(layout, t);
      if (tod !== tod) return NaN;
      const ofDay = ((tod % 86_400_000) + 86_400_000) % 86_400_000;
      return (day.firstDay + (ofDay >= day.firstTimeOfDay ? 0 : 1)) * 86_400_000 + tod;
    }, text.utf8);
    return { yearless: true, bytes: (b, s, e) => reader.bytes(b, s, e), value: (v) => reader.value(v) };
  }
  if (layout.hasYear) return layoutReader((t) => parseTime(layout, t), text.utf8);
  const reader = layoutReader((t) => {
    if (!years) return NaN;
    const provisional = parseTime(layout, t, PROVISIONAL_YEAR);
    if (provisional !== provisional) return NaN;
    const d = new Date(provisional);
    const year = years(d.getUTCMonth() + 1, d.getUTCDate());
    return year === PROVISIONAL_YEAR ? provisional : parseTime(layout, t, year);
  }, text.utf8);
  return {
    get yearless() {
      return years !== undefined;
    },
    bytes: (b, s, e) => reader.bytes(b, s, e),
    value: (v) => reader.value(v),
  };
}

/** The registry compiled once for any number of files. */
export interface CompiledLogRegistry {
  registry: LogRegistry;
  inference: CodeInference;
  /** Code -> system, for validating explicit codes. */
  codeSystem: Map<string, string>;
  /** Code -> severity of its entry, for findings. */
  codeSeverity: Map<string, 'critical' | 'error' | 'warning' | 'info'>;
  /** The registry's formats alone (a plan adds learned ones). */
  formats: EngineFormats;
}

export function compileLogRegistry(registry: LogRegistry): CompiledLogRegistry {
  const index = indexRegistry({ errors: registry.errors } as Parameters<typeof indexRegistry>[0]);
  const codeSystem = new Map<string, string>();
  const codeSeverity: CompiledLogRegistry['codeSeverity'] = new Map();
  for (const [code, entry] of index.byCode) {
    codeSystem.set(code, entry.system);
    codeSeverity.set(code, entry.severity ?? 'error');
  }
  return {
    registry: { errors: registry.errors, logFormats: registry.logFormats },
    inference: new CodeInference(registry.errors),
    codeSystem,
    codeSeverity,
    formats: compileFormats(registry.logFormats),
  };
}

/** Years for timestamps written without one: records from `firstMonthDay` on are in `firstYear`, earlier ones a year later. */
export interface YearPlan {
  firstYear: number;
  /** month * 100 + day of the first such timestamp. */
  firstMonthDay: number;
}

/** Dates for times of day written alone: from `firstTimeOfDay` on, `firstDay`; earlier ones the day after. */
export interface DayPlan {
  /** Days since 1970-01-01. */
  firstDay: number;
  /** Milliseconds into the day of the first such time. */
  firstTimeOfDay: number;
}

export interface PlanSpec {
  /** Formats learned from the file, after the registry's. */
  learned: FormatSource[];
  /** Systems whose codes records of generic and learned formats may carry. */
  genericSystems: string[];
  year?: YearPlan;
  day?: DayPlan;
  exactTemplates?: boolean;
  keep?: KeepLimits;
  /** Read every line with this format only (its id). */
  only?: string;
}

export function yearFor(plan: YearPlan | undefined): YearFor | undefined {
  if (!plan) return undefined;
  return (month, day) => (month * 100 + day >= plan.firstMonthDay ? plan.firstYear : plan.firstYear + 1);
}

/**
 * The order formats are tried in: the registry's formats of known systems first (their codes are
 * inferred in their systems' scope), then learned formats that read a level field, then the
 * registry's generic formats, then the other learned ones. A layout learned from the file that
 * reads the level a generic format leaves in the message is the better reading of those lines.
 */
export function orderFormats(registry: readonly FormatSource[], learned: readonly FormatSource[]): FormatSource[] {
  const hasLevel = (f: FormatSource) => f.head !== undefined && /\(\?<level>/.test(f.head) || f.next !== undefined;
  return [
    ...registry.filter((f) => f.systems.length > 0),
    ...learned.filter(hasLevel),
    ...registry.filter((f) => f.systems.length === 0),
    ...learned.filter((f) => !hasLevel(f)),
  ];
}

export interface Setup extends ParseSetup {
  compiled: CompiledLogRegistry;
  spec: PlanSpec;
}

export function buildSetup(compiled: CompiledLogRegistry, spec: PlanSpec, text: TextOps): Setup {
  const formats = spec.learned.length === 0 ? compiled.formats : compileFormats(orderFormats(compiled.registry.logFormats, spec.learned));
  const years = yearFor(spec.year);
  const scopes = formats.formats.map((f) => compiled.inference.scope(f.generic ? spec.genericSystems : f.systems, f.id));
  const clocks = formats.formats.map((f) => {
    if (f.timeLayout) return learnedClock(f.timeLayout, years, spec.day, text);
    return f.kind === 'json' || f.head?.slots.timestamp ? new RegistryClock(years) : undefined;
  });
  const only = spec.only === undefined ? undefined : formats.formats.find((f) => f.id === spec.only)?.index;
  return {
    compiled,
    spec,
    formats,
    codeSystem: compiled.codeSystem,
    inference: compiled.inference,
    scopes,
    clocks,
    text,
    signature,
    exactTemplates: spec.exactTemplates,
    keep: spec.keep,
    only,
  };
}
