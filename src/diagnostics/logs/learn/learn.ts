/**
 * Learning the head-line shapes of a log from a sample of its lines.
 *
 * 1. Read the fields at the start of every line (`fields.ts`). A line is a candidate head when a
 *    timestamp or a level word is among its first fields; the others (tracebacks, `at …` frames,
 *    indented lines, free text) can only continue a record.
 * 2. Group the candidates by their first field. In a group, walk column by column while one kind of
 *    field (with one kind of separator after it) follows in most lines: that is the head. A field
 *    that some lines have and others skip becomes optional; numbers and words in one column become words.
 * 3. Trim the walk back to its last distinctive column (a time, a level, a number, a bracket, a
 *    component ending in `:`, a padded or punctuated column): a plain word followed by a space is
 *    where the message starts.
 * 4. Write the head as a regular expression with bounded quantifiers only, count the sample lines
 *    it reads, and keep it when enough lines are heads. Lines it reads leave the pool; the next
 *    group gives the next format.
 *
 * The work is linear in the sample: a bounded number of fields per line, of columns per walk and
 * of formats.
 */
import type { LogFormat } from '../../../registry/schema.ts';
import { letterLevelIndex, levelIndex } from '../levels.ts';
import { demoteLoneLevels, DOMINANCE, keysOf, push, strong, trim, walk } from './columns.ts';
import { describeHead } from './describe.ts';
import { readFields, type Field } from './fields.ts';
import { build, levelPattern } from './head.ts';
import type { TimeLayout } from './time-layout.ts';

export interface LearnedFormat {
  /** Stable for the same layout: `learned-` and a hash of the head pattern. */
  id: string;
  /**
   * JavaScript regex source for a head line, anchored with `^`, with named groups among
   * timestamp, level, pid, thread, logger, host and message; `message` last, written
   * `(?<message>.*)`; bounded quantifiers only.
   */
  head: string;
  /**
   * When set, the line after a head belongs to the record and gives its level and message
   * (java.util.logging's two-line records); the head's own `message` group then holds the
   * source (`class method`). A regex source with `level` and `message` groups.
   */
  next?: string;
  /** The timestamp group's layout, when there is one. */
  timestamp?: TimeLayout;
  /** How the level is written: a word (any case, padded or bracketed), one letter (logcat V D I W E F A), or none. */
  level?: 'word' | 'letter';
  /** The layout in words, as a person reads it. */
  layout: { 'zh-TW': string; en: string };
  /** Lines of the sample it reads as heads, and the sample's non-blank lines. */
  matched: number;
  total: number;
}

export interface LearnOptions {
  /** Lines of the sample looked at (default 5,000). */
  maxLines?: number;
  /** Formats learned at most (default 8). */
  maxFormats?: number;
}

/** Characters of a line kept for learning and for counting matches. */
const LINE_SPAN = 4096;
/** Fields among which a timestamp or a level makes a line a candidate head. */
const ANCHOR_FIELDS = 10;

/** The level of a learned head's `level` group (index in `LEVELS`): a vocabulary word, or a logcat letter; -1 otherwise. */
export function levelOf(format: Pick<LearnedFormat, 'level'>, text: string): number {
  return format.level === 'letter' ? letterLevelIndex(text) : levelIndex(text);
}

/**
 * The groups of `line` read as a head of `format` (`re` is `new RegExp(format.head)`), or
 * undefined when it is not one: no match, or a level word outside the vocabulary.
 */
export function matchHead(re: RegExp, format: Pick<LearnedFormat, 'level'>, line: string): Record<string, string | undefined> | undefined {
  const m = re.exec(line);
  if (!m) return undefined;
  const groups = m.groups ?? {};
  if (groups.level !== undefined && levelOf(format, groups.level) < 0) return undefined;
  return groups;
}

/**
 * A learned format in the registry's shape, for code that reads registry formats: a generic text
 * format (no systems) whose continuation is any line. What that shape cannot say is left to the
 * caller: a `letter` level (`levelOf`) and the `next` line of two-line records.
 */
export function asLogFormat(format: LearnedFormat): LogFormat {
  return {
    id: format.id,
    systems: [],
    name: { 'zh-TW': '從檔案學得的格式', en: 'Format learned from the file' },
    description: format.layout,
    kind: 'text',
    head: format.head,
    ...(format.timestamp ? { timestamp: format.timestamp.pattern } : {}),
    continuation: ['.'],
    samples: [],
  };
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function isCandidate(fs: Field[]): boolean {
  for (let i = 0; i < fs.length && i < ANCHOR_FIELDS; i++) {
    const k = fs[i]!.kind;
    if (k === 'time' || k === 'level') return true;
  }
  return false;
}

/**
 * The head-line shapes of a sample of a log's lines (its opening lines, or a stretch no known
 * format reads), most lines first. Random text, lines that share no shape, binary data or a
 * single line give an empty list.
 */
export function learnFormats(sample: readonly string[], options: LearnOptions = {}): LearnedFormat[] {
  const maxLines = options.maxLines ?? 5_000;
  const maxFormats = options.maxFormats ?? 8;
  const lines: string[] = [];
  for (const raw of sample) {
    if (lines.length >= maxLines) break;
    let line = raw.length > LINE_SPAN ? raw.slice(0, LINE_SPAN) : raw;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    lines.push(line);
  }
  const total = lines.length;
  if (total < 2) return [];
  const minSupport = Math.max(2, Math.ceil(total * 0.01));
  const fields = lines.map(readFields);
  const pool = new Set<number>();
  for (let l = 0; l < total; l++) if (isCandidate(fields[l]!)) pool.add(l);
  const taken = new Uint8Array(total); // lines read by a learned format (1) or as its second lines (2)
  const tried = new Set<string>();
  const formats: LearnedFormat[] = [];
  for (let round = 0; round < maxFormats * 4 && formats.length < maxFormats; round++) {
    // The largest group of candidates left, by their first field.
    const groups = new Map<string, number[]>();
    for (const l of pool) {
      const f = fields[l]![0]!;
      const key = keysOf(f, lines[l]!).join('\u0001');
      if (!tried.has(key)) push(groups, key, l);
    }
    let key = '';
    let members: number[] = [];
    for (const [k, ls] of groups) if (ls.length > members.length) [key, members] = [k, ls];
    if (members.length < minSupport) break;
    tried.add(key);
    const columns = trim(demoteLoneLevels(walk(members, fields, lines).columns));
    if (columns.length === 0 || !strong(columns)) continue;
    const built = build(columns);
    let re: RegExp;
    try {
      re = new RegExp(built.head);
    } catch {
      continue;
    }
    const levelKind = built.level;
    const heads: number[] = [];
    for (let l = 0; l < total; l++) if (taken[l] !== 2 && matchHead(re, { level: levelKind }, lines[l]!)) heads.push(l);
    if (heads.length < minSupport) continue;
    const format: LearnedFormat = {
      id: `learned-${hash(built.head)}`,
      head: built.head,
      layout: describeHead(built.described),
      matched: heads.length,
      total,
    };
    if (built.timestamp) format.timestamp = built.timestamp;
    if (built.level) format.level = built.level;
    // Level and message on the line after each head (java.util.logging's SimpleFormatter).
    let seconds: number[] = [];
    if (!built.level) {
      seconds = heads.map((l) => l + 1).filter((l) => l < total && fields[l]![0]?.kind === 'level' && fields[l]![0]!.sep.startsWith(':') && !re.test(lines[l]!));
      if (seconds.length >= DOMINANCE * heads.length) {
        const values = seconds.map((l) => fields[l]![0]!.value);
        format.next = `^(?<level>${levelPattern(values)}):(?: {1,64}|(?=$))(?<message>.*)`;
        format.level = 'word';
        format.layout = describeHead(built.described, true);
      } else {
        seconds = [];
      }
    }
    if (!built.timestamp && !acceptWeak(format, heads, fields)) continue;
    // Lines that are a timestamp and nothing else (a signed request's date inside a multi-line
    // message) are not the heads of a log.
    const timeOnly = columns.length === 1 && columns[0]!.kind === 'time';
    if (timeOnly && heads.filter((l) => (matchHead(re, format, lines[l]!)?.message ?? '').trim() === '').length >= DOMINANCE * heads.length) continue;
    for (const l of heads) {
      taken[l] = 1;
      pool.delete(l);
    }
    for (const l of seconds) {
      taken[l] = 2;
      pool.delete(l);
    }
    if (!formats.some((f) => f.id === format.id)) formats.push(format);
  }
  return formats.sort((a, b) => b.matched - a.matched);
}

/**
 * A head without a timestamp (a level and words) is kept only when it is the shape of much of
 * the sample and shows several levels: a traceback's `Error: …` lines are not a log format.
 */
function acceptWeak(format: LearnedFormat, heads: number[], fields: Field[][]): boolean {
  const levels = new Set<string>();
  for (const l of heads) for (const f of fields[l]!) if (f.kind === 'level' || f.kind === 'letter') levels.add(f.value.toUpperCase());
  const share = format.matched / format.total;
  return (levels.size >= 2 && share >= 0.2) || share >= 0.5;
}
