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

/** Templates of a tally, and the template of each signature (for the records kept). */
export function mineTemplates(tally: Tally): { templates: TemplateStat[]; count: number; of: Map<string, { id: string; text: string }> } {
  const miner = new Miner();
  const signatures = [...tally.signatures].sort((a, b) => a[1].firstLine - b[1].firstLine);
  const clusters = new Map<number, TemplateStat & { firstLineSeen: number }>();
  const clusterOf = new Map<string, number>();
  for (const [sig, s] of signatures) {
    const c = miner.add(sig);
    clusterOf.set(sig, c);
    const into = clusters.get(c);
    if (into) {
      into.count += s.count;
      if (LEVELS.indexOf(into.level) < s.level) into.level = LEVELS[s.level]!;
    } else {
      clusters.set(c, { id: '', template: '', count: s.count, level: LEVELS[s.level]!, firstLine: s.firstLine, example: s.example, firstLineSeen: s.firstLine });
    }
  }
  const of = new Map<string, { id: string; text: string }>();
  const ids = new Map<number, { id: string; text: string }>();
  for (const [c] of clusters) {
    const text = miner.template(c);
    ids.set(c, { id: templateId(text), text });
  }
  for (const [sig, c] of clusterOf) of.set(sig, ids.get(c)!);
  const templates = [...clusters]
    .map(([c, t]) => ({ id: ids.get(c)!.id, template: ids.get(c)!.text, count: t.count, level: t.level, firstLine: t.firstLine, example: t.example }))
    .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return { templates: templates.slice(0, TOP_TEMPLATES), count: templates.length, of };
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
