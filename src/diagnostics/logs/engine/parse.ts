/**
 * Lines to records, for one piece of a log: UTF-8 bytes in (cut at line ends, starting at a head
 * line), a tally and the records worth keeping out.
 *
 *   lines ─► heads (byte matchers, routed by first byte) ─► the record being read (one `Draft`)
 *         ─► continuation lines appended to it ─► finish: classify (level, time, logger, HTTP
 *            status, exception, codes, message signature) ─► tally, and a `LogRecord` if wanted
 *
 * Nothing here depends on what came before the piece, so pieces can be read in any order, on any
 * thread, and merged (./merge.ts) into exactly what one pass over the file gives.
 */
import type { CodeInference, Scope } from '../infer.ts';
import { codesInText, exceptionLines, exceptionOf, exceptionOfValue, httpStatusOf, httpStatusOfValue, JSON_HTTP_FIELDS } from '../classify.ts';
import { LEVELS, levelFromText, levelIndex, levelOfBytes, numericLevelIndex, WARNING } from '../levels.ts';
import { isoTime } from '../timestamp.ts';
import type { LogRecord } from '../types.ts';
import { decodeAt, FALLBACK } from './byte-regex.ts';
import type { EngineFormat, EngineFormats, HeadField, Pattern } from './formats.ts';
import { HEAD_FIELDS } from './formats.ts';
import { byteStringToText } from './text.ts';
import { PieceKeeper, type KeepLimits } from './keep.ts';
import { countCode, countSignature, countTime, count, emptyTally, UNPARSED_SAMPLES, type Tally } from './tally.ts';
import type { TextOps } from './text.ts';
import type { TimeReader } from './time.ts';

/** Longest line kept, in bytes; the rest of a longer line is dropped (by the reader, before pieces). */
export const MAX_LINE = 1024 * 1024;
/** Continuation lines kept per record, and their total bytes. */
export const MAX_CONTINUATION_LINES = 500;
export const MAX_CONTINUATION_BYTES = 256 * 1024;
/** Text of a record (message and continuation) given to code inference. */
const INFER_TEXT = 16 * 1024;
/**
 * Records below warning have their message signature counted exactly while they start within the
 * first `EXACT_TEMPLATE_BYTES` (16 MiB) of the text; after that, one in `TEMPLATE_SAMPLE` (chosen by a hash
 * of the record's byte offset, so any split of the file chooses the same ones) counts for
 * `TEMPLATE_SAMPLE`. Records at warning and above are always counted exactly.
 */
export const EXACT_TEMPLATE_BYTES = 16 * 1024 * 1024;
export const TEMPLATE_SAMPLE = 16;

export interface ParseSetup {
  formats: EngineFormats;
  codeSystem: ReadonlyMap<string, string>;
  inference: CodeInference;
  /** Rules per format index. */
  scopes: readonly Scope[];
  /** Per format index: its timestamp reader, when it has timestamps. */
  clocks: readonly (TimeReader | undefined)[];
  text: TextOps;
  signature: (message: string) => string;
  exactTemplates?: boolean;
  /** Keep records for browsing (the merge decides among the candidates). */
  keep?: KeepLimits;
  /** Every record, in order, as it is finished (a streaming reader; no keeping then). */
  onRecord?: (record: LogRecord) => void;
  /** Only this format (an index), when the user chose one. */
  only?: number;
  /** Told how each line was read: the index of the format whose head it is, CONTINUED or UNREAD. */
  onLine?: (b: Uint8Array, s: number, e: number, read: number, of?: EngineFormat) => void;
}

/** `onLine`: the line continues the record above. */
export const CONTINUED = -1;
/** `onLine`: the line starts no record and continues none (or is blank). */
export const UNREAD = -2;

export interface PieceResult {
  tally: Tally;
  candidates: PieceKeeper<LogRecord>['candidates'];
  exhausted: boolean;
  /** Bytes of all the piece's records, for the keep rule. */
  recordBytes: number;
}

const NO = -1;
const SLOT_COUNT = HEAD_FIELDS.length;
const SLOT = Object.fromEntries(HEAD_FIELDS.map((f, i) => [f, i])) as Record<HeadField, number>;
const SLOT_LEVEL = SLOT.level;
const SLOT_MESSAGE = SLOT.message;
const SLOT_TIMESTAMP = SLOT.timestamp;
const SLOT_LOGGER = SLOT.logger;

/**
 * The record being read: one object. Its lines are not copied: they stay in the piece (or, for a
 * line read without its colour codes, in the piece's arena of such lines), referenced by offsets
 * in one address space where the arena follows the piece.
 */
class Draft {
  format!: EngineFormat;
  line = 0;
  lines = 0;
  /** Byte offset of its head line in the whole text. */
  offset = 0;
  headStart = 0;
  headEnd = 0;
  /** [start, end) of each head field; -1 when absent. */
  readonly slots = new Int32Array(2 * SLOT_COUNT);
  level = NO;
  time = NaN;
  /** Its timestamp had no year and was given one. */
  yearless = false;
  /** Its head spans two lines (a two-line record's second line read by `next`). */
  nextLine = false;
  /** [start, end) of the continuation lines kept. */
  cont = new Int32Array(64);
  contCount = 0;
  contBytes = 0;
  moreLines = 0;
  /** Bytes of all its lines, line ends included (for the keep budgets). */
  size = 0;
  // A JSON record's fields, read at its head.
  json = false;
  jsonTimestamp: string | undefined;
  jsonLogger: string | undefined;
  /** The logger as the byte string it was read as, when it was (the key it is counted by). */
  jsonLoggerKey: string | undefined;
  jsonMessage = '';
  /** The message is in `jsonMessage` (else in the message slot, decoded when needed). */
  jsonMessageSet = false;
  jsonCode: string | undefined;
  jsonException: string | undefined;
  jsonLines: string[] | undefined;
  jsonHttp: number | undefined;

  reset(format: EngineFormat, line: number, offset: number, s: number, e: number): void {
    this.format = format;
    this.line = line;
    this.lines = 1;
    this.offset = offset;
    this.headStart = s;
    this.headEnd = e;
    this.size = e - s + 1;
    this.slots.fill(-1);
    this.level = NO;
    this.time = NaN;
    this.yearless = false;
    this.nextLine = false;
    this.contCount = 0;
    this.contBytes = 0;
    this.moreLines = 0;
    if (this.json) {
      this.json = false;
      this.jsonTimestamp = this.jsonLogger = this.jsonLoggerKey = this.jsonCode = this.jsonException = undefined;
      this.jsonLines = undefined;
      this.jsonHttp = undefined;
      this.jsonMessage = '';
      this.jsonMessageSet = false;
    }
  }

  addLine(s: number, e: number): void {
    if (2 * this.contCount + 2 > this.cont.length) {
      const bigger = new Int32Array(this.cont.length * 2);
      bigger.set(this.cont);
      this.cont = bigger;
    }
    this.cont[2 * this.contCount] = s;
    this.cont[2 * this.contCount + 1] = e;
    this.contCount++;
    this.contBytes += e - s;
  }
}

export class PieceParser {
  private readonly setup: ParseSetup;
  private readonly formats: readonly EngineFormat[];
  private readonly route: readonly (readonly EngineFormat[])[];
  private readonly draft = new Draft();
  private open = false;
  private tally!: Tally;
  private keeper: PieceKeeper<LogRecord> | undefined;
  private recordIndex = 0;
  private recordBytes = 0;
  /** Byte offset of the current piece in the whole text. */
  private base = 0;
  private lineNo = 0;
  /** The piece, and the arena of lines read without their colour codes (addressed after the piece). */
  private piece: Uint8Array = new Uint8Array(0);
  private arena = new Uint8Array(4096);
  private arenaLength = 0;
  /** Recent loggers (their bytes) and their counts not yet added to the tally. */
  private readonly loggers = new RecentKeys(16);

  constructor(setup: ParseSetup) {
    this.setup = setup;
    this.formats = setup.formats.formats;
    this.route = setup.only === undefined
      ? setup.formats.route
      : setup.formats.route.map((r) => r.filter((f) => f.index === setup.only));
  }

  /** Read one piece: whole lines, starting where a record starts (or at the file's start). */
  parse(piece: Uint8Array, offset: number): PieceResult {
    this.tally = emptyTally(this.formats.length);
    this.keeper = this.setup.keep && !this.setup.onRecord ? new PieceKeeper(this.setup.keep) : undefined;
    this.recordIndex = 0;
    this.recordBytes = 0;
    this.base = offset;
    this.lineNo = 0;
    this.open = false;
    this.piece = piece;
    this.arenaLength = 0;
    this.jsonAt = -1;
    const end = piece.length;
    let s = 0;
    const zeros = piece.indexOf(0) >= 0;
    while (s < end) {
      let nl = piece.indexOf(10, s);
      if (nl < 0) nl = end;
      if (zeros) this.lineWithZeros(piece, s, nl);
      else {
        this.lineNo++;
        this.line(piece, s, nl);
      }
      s = nl + 1;
    }
    this.finish();
    this.loggers.flush(this.tally);
    this.tally.lines = this.lineNo;
    this.tally.invalidSequences += this.setup.text.invalidSequences(piece);
    const result = { tally: this.tally, candidates: this.keeper?.candidates ?? [], exhausted: this.keeper?.exhausted ?? false, recordBytes: this.recordBytes };
    this.piece = new Uint8Array(0);
    return result;
  }

  /**
   * A line with zero bytes: they are left out and counted. A run of them (a zero-filled block, as
   * a crash leaves in a file being written) cuts the line: the text before and after it are read
   * as lines of their own, with the number of the line they are on.
   */
  private lineWithZeros(b: Uint8Array, s: number, e: number): void {
    this.lineNo++;
    let p = s;
    let any = false;
    for (;;) {
      let z = b.indexOf(0, p);
      if (z < 0 || z > e) z = e;
      if (z > p) {
        this.line(b, p, z);
        any = true;
      }
      if (z >= e) break;
      let q = z;
      while (q < e && b[q] === 0) q++;
      this.tally.zeroBytes += q - z;
      p = q;
      if (p >= e) break;
    }
    if (!any) this.line(b, e, e);
  }

  /** The buffer holding address `at`, and the offset there (the arena follows the piece). */
  private bufferOf(at: number): Uint8Array {
    return at < this.piece.length ? this.piece : this.arena;
  }

  private utf8(s: number, e: number): string {
    const n = this.piece.length;
    return s < n || s === e && s === n ? this.setup.text.utf8(this.piece, s, e) : this.setup.text.utf8(this.arena, s - n, e - n);
  }

  private line(b: Uint8Array, s: number, e: number): void {
    if (e > s && b[e - 1] === 13) e--;
    if (e === s) {
      this.tally.blankLines++;
      return;
    }
    let c = b[s]!;
    let shift = 0;
    if (c === 27) {
      // Colour codes before the text (terminal output saved to a file): read without them, from the arena.
      const need = this.arenaLength + (e - s);
      if (need > this.arena.length) {
        const bigger = new Uint8Array(Math.max(need, this.arena.length * 2));
        bigger.set(this.arena.subarray(0, this.arenaLength));
        this.arena = bigger;
      }
      const n = stripAnsi(b, s, e, this.arena, this.arenaLength);
      if (n === 0) return;
      b = this.arena;
      s = this.arenaLength;
      e = s + n;
      this.arenaLength = e;
      shift = this.piece.length;
      c = b[s]!;
    }
    const onLine = this.setup.onLine;
    // The second line of a two-line record (java.util.logging) belongs to it, whatever else it looks like.
    if (this.open) {
      const d = this.draft;
      if (d.format.next !== undefined && d.lines === 1 && shift === 0 && d.headStart < this.piece.length && this.nextLine(d.format, b, s, e, shift)) {
        if (onLine) onLine(b, s, e, CONTINUED);
        return;
      }
    }
    const candidates = this.route[c < 128 ? c : 128]!;
    for (let i = 0; i < candidates.length; i++) {
      const f = candidates[i]!;
      if (f.kind === 'text' ? this.tryHead(f, b, s, e, shift) : this.tryJson(f, b, s, e, shift)) {
        if (onLine) onLine(b, s, e, f.index);
        return;
      }
    }
    if (this.open) {
      const cont = this.draft.format.continuation;
      if (cont === 'any' || (cont !== 'none' && this.matches(cont, b, s, e) >= 0)) {
        if (onLine) onLine(b, s, e, CONTINUED, this.draft.format);
        this.continuation(s + shift, e + shift);
        return;
      }
    }
    if (onLine) onLine(b, s, e, UNREAD);
    if (c === 32 || c === 9) {
      let blank = true;
      for (let i = s + 1; i < e && blank; i++) blank = b[i]! <= 32;
      if (blank) {
        this.tally.blankLines++;
        return;
      }
    }
    this.finish();
    this.tally.unparsedLines++;
    if (this.tally.unparsed.length < UNPARSED_SAMPLES) this.tally.unparsed.push({ line: this.lineNo, text: this.setup.text.utf8(b, s, Math.min(e, s + 300)) });
  }

  /** Match a pattern on the line: end of match or -1; the groups land in `lastCaps`. */
  private lastCaps: Int32Array | undefined;
  private fallbackCaps = new Int32Array(2 * 16);
  private matches(p: Pattern, b: Uint8Array, s: number, e: number): number {
    if (p.bytes) {
      const end = p.bytes.exec(b, s, e);
      if (end !== FALLBACK) {
        this.lastCaps = p.bytes.caps;
        return end;
      }
    }
    return this.regexFallback(p, b, s, e);
  }

  /** The RegExp on the decoded line; group positions turned back into byte offsets. */
  private regexFallback(p: Pattern, b: Uint8Array, s: number, e: number): number {
    const text = this.setup.text.utf8(b, s, e);
    const re = new RegExp(p.re.source, 'd');
    const m = re.exec(text);
    if (m === null) return -1;
    const caps = this.fallbackCaps.fill(-1);
    const at = (i: number) => byteOffsetOf(b, s, e, i);
    if (p.bytes) {
      for (const [, n] of p.bytes.groups) {
        const span = m.indices?.[n];
        if (span) {
          caps[2 * n] = at(span[0]);
          caps[2 * n + 1] = at(span[1]);
        }
      }
    } else {
      let n = 0;
      for (const f of HEAD_FIELDS) {
        n++;
        const span = m.indices?.groups?.[f];
        if (span && p.slots[f]) {
          caps[2 * n] = at(span[0]);
          caps[2 * n + 1] = at(span[1]);
        }
      }
    }
    this.lastCaps = caps;
    return at(m[0].length);
  }

  private tryHead(f: EngineFormat, b: Uint8Array, s: number, e: number, shift: number): boolean {
    const head = f.head!;
    const end = this.matches(head, b, s, e);
    if (end < 0) return false;
    const caps = this.lastCaps!;
    const groupOf = head.groupOf;
    let level = NO;
    const lg = groupOf[SLOT_LEVEL]!;
    if (lg !== 0 && caps[2 * lg]! >= 0) {
      level = f.letterLevels ? letterLevel(b[caps[2 * lg]!]!) : levelOfBytes(b, caps[2 * lg]!, caps[2 * lg + 1]!, this.setup.text.utf8);
      if (level < 0) return false;
    }
    this.finish();
    const d = this.draft;
    d.reset(f, this.lineNo, this.base + s, s + shift, e + shift);
    d.level = level;
    const slots = d.slots;
    for (let i = 0; i < SLOT_COUNT; i++) {
      const g = groupOf[i]!;
      if (g !== 0) {
        const cs = caps[2 * g]!;
        const ce = caps[2 * g + 1]!;
        if (cs >= 0 && ce >= 0) {
          slots[2 * i] = cs + shift;
          slots[2 * i + 1] = ce + shift;
        }
      }
    }
    // The message (last in every head) goes on to the end of the line.
    if (slots[2 * SLOT_MESSAGE]! >= 0) slots[2 * SLOT_MESSAGE + 1] = e + shift;
    // Its time, now: the reader remembers the last second it read.
    const tg = groupOf[SLOT_TIMESTAMP]!;
    if (tg !== 0 && caps[2 * tg]! >= 0) {
      const clock = this.setup.clocks[f.index];
      if (clock) {
        d.time = clock.bytes(b, caps[2 * tg]!, caps[2 * tg + 1]!);
        d.yearless = clock.yearless;
      }
    }
    this.open = true;
    return true;
  }

  /**
   * The second line of a two-line record: its `level` and `message` groups become the record's;
   * the head's message (the source, `class method`) becomes its logger when it has none.
   */
  private nextLine(f: EngineFormat, b: Uint8Array, s: number, e: number, shift: number): boolean {
    const next = f.next!;
    if (this.matches(next, b, s, e) < 0) return false;
    const caps = this.lastCaps!;
    const lg = next.groupOf[SLOT_LEVEL]!;
    const mg = next.groupOf[SLOT_MESSAGE]!;
    if (lg === 0 || caps[2 * lg]! < 0) return false;
    const level = f.letterLevels ? letterLevel(b[caps[2 * lg]!]!) : levelOfBytes(b, caps[2 * lg]!, caps[2 * lg + 1]!, this.setup.text.utf8);
    if (level < 0) return false;
    const d = this.draft;
    d.level = level;
    const slots = d.slots;
    if (slots[2 * SLOT_LOGGER]! < 0 && slots[2 * SLOT_MESSAGE]! >= 0) {
      slots[2 * SLOT_LOGGER] = slots[2 * SLOT_MESSAGE]!;
      slots[2 * SLOT_LOGGER + 1] = slots[2 * SLOT_MESSAGE + 1]!;
    }
    if (mg !== 0 && caps[2 * mg]! >= 0) {
      slots[2 * SLOT_MESSAGE] = caps[2 * mg]! + shift;
      slots[2 * SLOT_MESSAGE + 1] = e + shift;
    }
    d.lines++;
    d.size += e - s + 1;
    d.headEnd = e + shift;
    d.nextLine = true;
    return true;
  }

  /** The line last parsed as JSON, and its object (or null when it is not a JSON object). */
  private jsonAt = -1;
  private jsonBuf: Uint8Array | undefined;
  private json: Record<string, unknown> | null = null;
  /** The object's strings are byte strings (one character per UTF-8 byte), not text. */
  private jsonBytes = false;

  /**
   * A JSON line as an object, parsed once whichever JSON formats try it. `JSON.parse` is V8's own
   * parser, faster here than a scanner written in JavaScript; where the text layer offers byte
   * strings (Node), the line is parsed as one (no decoding), its strings decoded only when kept.
   * A line with a `\u` escape is parsed as text, since an escape gives a real character among bytes.
   */
  private jsonOf(b: Uint8Array, s: number, e: number): Record<string, unknown> | null {
    if (this.jsonAt === s && this.jsonBuf === b) return this.json;
    this.jsonAt = s;
    this.jsonBuf = b;
    let end = e;
    while (end > s && b[end - 1]! <= 32) end--;
    if (b[end - 1] !== 125) return (this.json = null); // a JSON object ends with }
    const text = this.setup.text;
    let line = text.byteStrings === true ? text.latin1(b, s, e) : text.utf8(b, s, e);
    this.jsonBytes = text.byteStrings === true;
    if (this.jsonBytes && line.includes('\\u')) {
      line = text.utf8(b, s, e);
      this.jsonBytes = false;
    }
    try {
      const v: unknown = JSON.parse(line);
      this.json = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      this.json = null;
    }
    return this.json;
  }

  /** A string of the current JSON object as text. */
  private jsonText(v: string): string {
    return this.jsonBytes ? byteStringToText(v) : v;
  }

  private tryJson(f: EngineFormat, b: Uint8Array, s: number, e: number, shift: number): boolean {
    const o = this.jsonOf(b, s, e);
    if (o === null) return false;
    const keys = f.fieldKeys!;
    const levelValue = pickField(o, keys.level);
    const messageValue = pickField(o, keys.message);
    if (messageValue === undefined && levelValue === undefined) return false;
    const timeValue = pickField(o, keys.timestamp);
    // A format that names timestamp fields wants one of them, so that generic JSON is told apart.
    if (!f.generic && (timeValue === undefined || levelValue === undefined || messageValue === undefined)) return false;
    let level = NO;
    if (typeof levelValue === 'string') level = levelIndex(this.jsonBytes ? this.jsonText(levelValue) : levelValue);
    else if (typeof levelValue === 'number' && f.generic) level = numericLevelIndex(levelValue);
    if (level < 0 && !f.generic) return false;
    this.finish();
    const d = this.draft;
    d.reset(f, this.lineNo, this.base + s, s + shift, e + shift);
    d.json = true;
    d.level = level;
    const clock = this.setup.clocks[f.index];
    if (typeof timeValue === 'string') {
      const t = this.jsonText(timeValue);
      d.jsonTimestamp = t;
      if (clock) {
        d.time = clock.value(t);
        d.yearless = clock.yearless;
      }
    } else if (typeof timeValue === 'number') {
      d.jsonTimestamp = String(timeValue);
      if (clock) d.time = clock.value(timeValue);
    }
    const logger = pickField(o, keys.logger);
    if (typeof logger === 'string') {
      d.jsonLogger = this.jsonText(logger);
      d.jsonLoggerKey = this.jsonBytes ? logger : undefined;
    }
    let text = typeof messageValue === 'string' ? this.jsonText(messageValue) : messageValue === undefined ? '' : JSON.stringify(this.jsonBytes ? textValues(messageValue) : messageValue);
    // A line a program printed, kept with its line break (Docker's `log`): the break is not message.
    let cut = text.length;
    while (cut > 0 && (text.charCodeAt(cut - 1) === 10 || text.charCodeAt(cut - 1) === 13)) cut--;
    if (cut < text.length) text = text.slice(0, cut);
    d.jsonMessage = text;
    d.jsonMessageSet = true;
    const code = pickField(o, keys.code);
    d.jsonCode = typeof code === 'string' ? this.jsonText(code) : undefined;
    const raw = pickField(o, keys.exception);
    const exc = this.jsonBytes && raw !== undefined ? textValues(raw) : raw;
    d.jsonException = exc === undefined ? undefined : exceptionOfValue(exc);
    if (exc !== undefined && exc !== false && exc !== null) {
      const lines = exceptionLines(exc);
      if (lines.length > 0) {
        d.jsonLines = lines.slice(0, MAX_CONTINUATION_LINES);
        d.moreLines = Math.max(0, lines.length - MAX_CONTINUATION_LINES);
      }
    }
    d.jsonHttp = httpStatusOfValue(pickField(o, HTTP_KEYS));
    this.open = true;
    return true;
  }

  private continuation(s: number, e: number): void {
    const d = this.draft;
    d.lines++;
    d.size += e - s + 1;
    if (d.json || d.contCount >= MAX_CONTINUATION_LINES || d.contBytes + (e - s) > MAX_CONTINUATION_BYTES) {
      d.moreLines++;
      return;
    }
    d.addLine(s, e);
  }

  /** A level word in capitals at the start of the message becomes the record's level (see `finish`). */
  private leadingLevel(): void {
    const d = this.draft;
    const s = d.slots[2 * SLOT_MESSAGE]!;
    const buf = this.bufferOf(s);
    const shift = buf === this.piece ? 0 : this.piece.length;
    const start = s - shift;
    const end = d.headEnd - shift;
    let i = start;
    while (i < end && i - start < 13 && buf[i]! >= 65 && buf[i]! <= 90) i++;
    if (i - start < 3 || i >= end || (buf[i] !== 32 && buf[i] !== 58)) return;
    const level = levelOfBytes(buf, start, i, this.setup.text.utf8);
    if (level < 0) return;
    let m = i;
    if (buf[m] === 58) m++;
    while (m < end && buf[m] === 32) m++;
    d.level = level;
    d.slots[2 * SLOT_MESSAGE] = m + shift;
  }

  /** The message of the current record. */
  private message(): string {
    const d = this.draft;
    const s = d.slots[2 * SLOT_MESSAGE]!;
    if (d.json) return d.jsonMessageSet ? d.jsonMessage : s >= 0 ? this.utf8(s, d.slots[2 * SLOT_MESSAGE + 1]!) : '';
    return s >= 0 ? this.utf8(s, d.headEnd) : this.utf8(d.headStart, d.headEnd);
  }

  /** The continuation lines of the current record, as text. */
  private continuationLines(): string[] | undefined {
    const d = this.draft;
    if (d.json) return d.jsonLines;
    if (d.contCount === 0) return undefined;
    const out = new Array<string>(d.contCount);
    for (let i = 0; i < d.contCount; i++) out[i] = this.utf8(d.cont[2 * i]!, d.cont[2 * i + 1]!);
    return out;
  }

  private slotText(field: number): string | undefined {
    const slots = this.draft.slots;
    const s = slots[2 * field]!;
    return s >= 0 ? this.utf8(s, slots[2 * field + 1]!) : undefined;
  }

  /** Close the current record: classify, count, keep. */
  private finish(): void {
    if (!this.open) return;
    this.open = false;
    const d = this.draft;
    const f = d.format;
    const t = this.tally;
    const setup = this.setup;
    const slots = d.slots;

    let message: string | undefined = d.json && d.jsonMessageSet ? d.jsonMessage : undefined;
    // A format without a level field whose message starts with a level word in capitals (`INFO …`,
    // `ERROR: …`, as programs write their own level after syslog's or a container's prefix): that
    // word is the record's level field, and the message starts after it.
    if (d.level < 0 && !d.json && slots[2 * SLOT_MESSAGE]! >= 0) this.leadingLevel();
    let level = d.level;
    const fromMessage = level < 0;
    if (fromMessage) level = levelFromText((message ??= this.message()));
    t.records++;
    t.levels[level]!++;
    if (fromMessage) t.levelsFromMessage[level]!++;
    t.formats[f.index]!++;

    let time = d.time;
    if (time === time) {
      if (time > 8.64e15 || time < -8.64e15) {
        t.outOfRangeTimes++;
        time = NaN;
      } else {
        countTime(t, time, level);
        if (d.yearless) t.yearless++;
      }
    }

    // Logger: counted by its bytes, decoded when reported.
    if (d.jsonLogger !== undefined) {
      count(t.loggers, d.jsonLoggerKey ?? toByteKey(d.jsonLogger), 1, t);
    } else if (slots[2 * SLOT.logger]! >= 0) {
      const ls = slots[2 * SLOT.logger]!;
      const buf = this.bufferOf(ls);
      const shift = buf === this.piece ? 0 : this.piece.length;
      this.loggers.add(buf, ls - shift, slots[2 * SLOT.logger + 1]! - shift, t, setup.text);
    }

    // HTTP status: from a JSON field, else from the message when it may mention one.
    let http = d.jsonHttp;
    if (http === undefined) {
      const ms = slots[2 * SLOT.message]!;
      const from = ms >= 0 ? ms : d.headStart;
      const buf = this.bufferOf(from);
      const shift = buf === this.piece ? 0 : this.piece.length;
      const to = d.json ? slots[2 * SLOT_MESSAGE + 1]! : d.headEnd;
      if ((d.json && (d.jsonMessageSet || ms < 0)) || mayMentionHttp(buf, from - shift, to - shift)) http = httpStatusOf((message ??= this.message()));
    }
    if (http !== undefined) t.http.set(http, (t.http.get(http) ?? 0) + 1);

    // The message's signature, exactly or for a sample.
    let signature: string | undefined;
    if (level >= WARNING || setup.exactTemplates || d.offset < EXACT_TEMPLATE_BYTES) {
      signature = setup.signature((message ??= this.message()));
      countSignature(t, signature, level, d.line, message, 1);
    } else if ((hashOffset(d.offset) & (TEMPLATE_SAMPLE - 1)) === 0) {
      countSignature(t, setup.signature((message ??= this.message())), level, d.line, message, TEMPLATE_SAMPLE);
    }

    // Exception and codes.
    const hasCont = d.json ? d.jsonLines !== undefined : d.contCount > 0;
    let cont: string[] | undefined;
    let exception = d.jsonException;
    let codes: string[] | undefined;
    let explicitCode: string | undefined;
    let unknownCode: string | undefined;
    const code = d.json ? d.jsonCode : this.slotText(SLOT.code);
    if (code !== undefined) {
      if (setup.codeSystem.has(code)) {
        explicitCode = code;
        countCode(t, code, true, d.line, (message ??= this.message()));
      } else {
        unknownCode = code;
        count(t.unknownCodes, code, 1, t);
      }
    }
    if (level >= WARNING || hasCont) {
      cont = this.continuationLines();
      if (exception === undefined) exception = exceptionOf((message ??= this.message()), cont, level >= WARNING);
      if (exception !== undefined) count(t.exceptions, exception, 1, t);
    }
    if (level >= WARNING || exception !== undefined) {
      let all = (message ??= this.message());
      if (cont !== undefined) for (let i = 0; i < cont.length && all.length < INFER_TEXT; i++) all += `\n${cont[i]}`;
      codes = explicitCode !== undefined ? [explicitCode] : [];
      for (const c of codesInText(all)) {
        if (!codes.includes(c) && setup.codeSystem.has(c)) {
          codes.push(c);
          countCode(t, c, true, d.line, message);
        }
      }
      for (const c of setup.inference.infer(all, setup.scopes[f.index]!)) {
        if (!codes.includes(c)) {
          codes.push(c);
          countCode(t, c, false, d.line, message);
        }
      }
    }

    // The record itself, when someone wants it.
    const size = d.size;
    const index = this.recordIndex++;
    const before = this.recordBytes;
    this.recordBytes += size;
    const onRecord = setup.onRecord;
    const keeper = this.keeper;
    if (onRecord === undefined && (keeper === undefined || !keeper.wants(index, before, size, level))) return;
    message ??= this.message();
    cont ??= this.continuationLines();
    const record: LogRecord = {
      line: d.line,
      lines: d.lines,
      format: f.id,
      head: this.utf8(d.headStart, d.headEnd),
      timestamp: d.jsonTimestamp ?? this.slotText(SLOT.timestamp),
      time: time === time ? isoTime(time) : undefined,
      level: LEVELS[level]!,
      levelInferred: fromMessage || undefined,
      levelSource: fromMessage ? 'message' : 'field',
      logger: d.jsonLogger ?? this.slotText(SLOT.logger),
      message,
      continuation: cont ?? [],
      moreLines: d.moreLines > 0 ? d.moreLines : undefined,
      codes: codes ?? (explicitCode !== undefined ? [explicitCode] : []),
      explicitCode,
      unknownCode,
      exception,
      http,
      signature: signature ?? setup.signature(message),
      templateId: '',
      template: '',
    };
    if (onRecord !== undefined) onRecord(record);
    else keeper!.add({ record, index, before, size, level });
  }
}

/**
 * The last few keys (loggers) seen, compared by their bytes, with counts not yet in the tally:
 * a log uses few loggers, and comparing a few bytes costs less than making a string of each.
 */
class RecentKeys {
  private readonly bytes: Uint8Array[] = [];
  private readonly counts: number[] = [];
  private next = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  add(b: Uint8Array, s: number, e: number, tally: Tally, text: TextOps): void {
    const n = e - s;
    outer: for (let k = 0; k < this.bytes.length; k++) {
      const key = this.bytes[k]!;
      if (key.length !== n) continue;
      for (let i = 0; i < n; i++) if (key[i] !== b[s + i]) continue outer;
      this.counts[k]!++;
      return;
    }
    const copy = b.slice(s, e);
    if (this.bytes.length < this.size) {
      this.bytes.push(copy);
      this.counts.push(1);
      return;
    }
    const k = this.next;
    this.next = (k + 1) % this.size;
    if (this.counts[k]! > 0) count(tally.loggers, text.latin1(this.bytes[k]!, 0, this.bytes[k]!.length), this.counts[k]!, tally);
    this.bytes[k] = copy;
    this.counts[k] = 1;
  }

  /** Add the pending counts to the tally. */
  flush(tally: Tally): void {
    for (let k = 0; k < this.bytes.length; k++) {
      if (this.counts[k]! > 0) count(tally.loggers, latin1Of(this.bytes[k]!), this.counts[k]!, tally);
      this.counts[k] = 0;
    }
  }
}

function latin1Of(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) out += String.fromCharCode(b[i]!);
  return out;
}

const HTTP_KEYS = JSON_HTTP_FIELDS;

/** `pickField` of the registry's JSON formats, on a parsed object. */
export function pickField(object: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const direct = object[key];
    if (direct !== undefined && direct !== null) return direct;
    if (key.includes('.')) {
      let value: unknown = object;
      for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

/** A JSON value read as byte strings, with its strings (keys included) decoded to text. */
function textValues(v: unknown): unknown {
  if (typeof v === 'string') return byteStringToText(v);
  if (Array.isArray(v)) return v.map(textValues);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [byteStringToText(k), textValues(x)]));
  return v;
}

/** logcat's one-letter levels: V D I W E F (A for assert). */
function letterLevel(c: number): number {
  switch (c | 32) {
    case 118: return 0; // v: verbose
    case 100: return 1; // d
    case 105: return 2; // i
    case 119: return 4; // w
    case 101: return 5; // e
    case 102: case 97: return 6; // f, a
    default: return NO;
  }
}

/** A key of text as the byte string the byte path counts it as. */
function toByteKey(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 128) {
      const bytes = new TextEncoder().encode(s);
      let out = '';
      for (const x of bytes) out += String.fromCharCode(x);
      return out;
    }
  }
  return s;
}

/** Bytes that can start a word the HTTP status patterns need: h/H (HTTP), s/S (status), e/E (Error). */
const HTTP_FIRST = new Uint8Array(256);
for (const c of 'hHsSeE') HTTP_FIRST[c.charCodeAt(0)] = 1;

/**
 * Could the message mention an HTTP status? Every alternative of `httpStatusOf` needs `http`,
 * `status` or ` error` (any case): a cheap test on the bytes, so most messages are never decoded.
 */
function mayMentionHttp(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i + 3 < e; i++) {
    if (HTTP_FIRST[b[i]!] === 0) continue;
    const c = b[i]! | 32;
    const c1 = b[i + 1]! | 32;
    if (c === 104 && c1 === 116 && (b[i + 2]! | 32) === 116 && (b[i + 3]! | 32) === 112) return true; // http
    if (c === 115 && c1 === 116 && (b[i + 2]! | 32) === 97 && (b[i + 3]! | 32) === 116) return true; // stat(us)
    if (c === 101 && c1 === 114 && (b[i + 2]! | 32) === 114 && (b[i + 3]! | 32) === 111) return true; // erro(r)
  }
  return false;
}

function hashOffset(x: number): number {
  let h = Math.imul((x % 4294967296) ^ Math.floor(x / 4294967296), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Remove ANSI colour codes from a line into `out` at `at`; returns the length written. */
function stripAnsi(b: Uint8Array, s: number, e: number, out: Uint8Array, at: number): number {
  let n = at;
  for (let i = s; i < e; i++) {
    if (b[i] === 27 && b[i + 1] === 91) {
      let j = i + 2;
      while (j < e && j - i < 34 && ((b[j]! >= 48 && b[j]! <= 57) || b[j] === 59 || b[j] === 63)) j++;
      if (j < e && ((b[j]! >= 65 && b[j]! <= 90) || (b[j]! >= 97 && b[j]! <= 122))) {
        i = j;
        continue;
      }
    }
    out[n++] = b[i]!;
  }
  return n - at;
}

/** The byte offset in `b[s, e)` of the UTF-16 unit `chars` of its decoded text. */
function byteOffsetOf(b: Uint8Array, s: number, e: number, chars: number): number {
  let p = s;
  let n = 0;
  while (n < chars && p < e) {
    const d = decodeAt(b, p, e);
    n += d >>> 3 > 0xffff ? 2 : 1;
    p += d & 7;
  }
  return p;
}

