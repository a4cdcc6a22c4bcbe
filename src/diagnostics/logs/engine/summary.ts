/**
 * The merged tally of a whole file as the summary people read: counts keyed by name, byte-string
 * keys decoded, the top loggers and templates, the timeline as buckets. Templates are mined here,
 * once, from the distinct message signatures in the order of their first line.
 */
import { LEVELS, type Level } from '../levels.ts';
import { isoTime } from '../timestamp.ts';
import { BUCKET_WIDTHS } from '../timeline.ts';
import type { CodeStat, FormatInfo, LogRecord, LogSummary, TemplateStat } from '../types.ts';
import type { EngineFormat } from './formats.ts';
import type { Tally } from './tally.ts';
import { Miner, templateId } from './templating.ts';
import { byteStringToText } from './text.ts';

const TOP_TEMPLATES = 100;
const TOP_LOGGERS = 100;

export type Counts = Omit<LogSummary, 'verdict' | 'bytes' | 'textBytes' | 'encoding' | 'bom' | 'cancelled' | 'elapsedMs' | 'findings' | 'truncatedLines'>;

/**
 * Templates of a tally, and the template of each signature (for the records kept): the distinct
 * signatures go to one miner in the order of their first line; records are counted per final
 * template text (clusters the miner merged share theirs).
 */
export function mineTemplates(tally: Tally): { templates: TemplateStat[]; count: number; of: Map<string, { id: string; text: string }>; overflowed: number } {
  const miner = new Miner();
  const signatures = [...tally.signatures].sort((a, b) => a[1].firstLine - b[1].firstLine);
  const clusterOf = new Map<string, number>();
  for (const [sig] of signatures) clusterOf.set(sig, miner.add(sig));
  const byText = new Map<string, TemplateStat>();
  const of = new Map<string, { id: string; text: string }>();
  for (const [sig, s] of signatures) {
    const text = miner.template(clusterOf.get(sig)!);
    let t = byText.get(text);
    if (t === undefined) {
      t = { id: templateId(text), template: text, count: 0, level: LEVELS[s.level]!, firstLine: s.firstLine, example: s.example };
      byText.set(text, t);
    } else if (LEVELS.indexOf(t.level) < s.level) t.level = LEVELS[s.level]!;
    t.count += s.count;
    of.set(sig, { id: t.id, text });
  }
  const templates = [...byText.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return { templates: templates.slice(0, TOP_TEMPLATES), count: templates.length, of, overflowed: miner.overflowed };
}

/** Give kept records their template, from their signature. */
export function applyTemplates(records: LogRecord[], of: Map<string, { id: string; text: string }>, fallback: (sig: string) => { id: string; text: string }): void {
  for (const r of records) {
    const sig = r.signature ?? '';
    const t = of.get(sig) ?? fallback(sig);
    r.templateId = t.id;
    r.template = t.text;
    delete r.signature;
  }
}

export function summarize(tally: Tally, formats: readonly EngineFormat[], systemOf: (code: string) => string, mined: ReturnType<typeof mineTemplates>): Counts {
  const byLevel = (counts: number[]) => Object.fromEntries(LEVELS.map((l, i) => [l, counts[i]!])) as Record<Level, number>;
  const formatCounts: Record<string, number> = {};
  const formatInfo: Record<string, FormatInfo> = {};
  const systems = new Set<string>();
  let format: string | undefined;
  let best = 0;
  formats.forEach((f, i) => {
    const n = tally.formats[i] ?? 0;
    if (n === 0) return;
    formatCounts[f.id] = n;
    formatInfo[f.id] = { learned: f.learned !== undefined, ...(f.learned ? { layout: f.learned.layout } : {}), systems: [...f.systems] };
    for (const s of f.systems) systems.add(s);
    if (n > best) {
      best = n;
      format = f.id;
    }
  });
  const textKeys = (m: Map<string, number>, top = Infinity) => {
    const out = new Map<string, number>();
    for (const [k, v] of m) {
      const t = byteStringToText(k);
      out.set(t, (out.get(t) ?? 0) + v);
    }
    return Object.fromEntries([...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top));
  };
  const codeDetails: CodeStat[] = [...tally.codes]
    .map(([code, e]) => ({ code, system: systemOf(code), records: e.records, explicit: e.explicit, inferred: e.inferred, firstLine: e.firstLine, example: e.example }))
    .sort((a, b) => b.records - a.records || (a.code < b.code ? -1 : 1));
  const width = BUCKET_WIDTHS[tally.timeline.width]!;
  const buckets = [];
  if (tally.timeline.buckets.size > 0) {
    const keys = [...tally.timeline.buckets.keys()];
    const min = Math.min(...keys);
    const max = Math.max(...keys);
    for (let key = min; key <= max; key++) {
      const c = tally.timeline.buckets.get(key);
      buckets.push({ start: new Date(key * width).toISOString(), records: c ? c[0] : 0, warning: c ? c[1] : 0, error: c ? c[2] : 0, critical: c ? c[3] : 0 });
    }
  }
  return {
    lines: tally.lines,
    blankLines: tally.blankLines,
    records: tally.records,
    unparsedLines: tally.unparsedLines,
    zeroBytes: tally.zeroBytes,
    invalidSequences: tally.invalidSequences,
    outOfRangeTimes: tally.outOfRangeTimes,
    levels: byLevel(tally.levels),
    levelsFromMessage: byLevel(tally.levelsFromMessage),
    formats: formatCounts,
    format,
    formatInfo,
    systems: [...systems].sort(),
    codes: Object.fromEntries(codeDetails.map((c) => [c.code, c.records])),
    codeDetails,
    unknownCodes: textKeys(tally.unknownCodes),
    exceptions: textKeys(tally.exceptions),
    http: Object.fromEntries([...tally.http].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    loggers: textKeys(tally.loggers, TOP_LOGGERS),
    first: isoTime(tally.minTime),
    last: isoTime(tally.maxTime),
    timeline: { bucketMs: width, buckets },
    templates: mined.templates,
    templateCount: mined.count,
    templatesApproximate: tally.dropped || tally.sampled,
    unparsedSamples: tally.unparsed,
  };
}
