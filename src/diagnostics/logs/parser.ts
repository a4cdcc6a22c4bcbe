/**
 * The line-level state machine: text in (in chunks of any size), records out and counted.
 *
 * Each line is routed by its first character to the formats whose head can start with it; the
 * format that matched the last line of the same shape is tried first. A line that starts no
 * record continues the current one if the current format's continuation patterns accept it;
 * otherwise it ends the record and is counted as unparsed. Lines longer than `MAX_LINE` are cut.
 *
 * Text may be real text or a byte string (see `ByteStrings`): every pattern here is ASCII, so
 * both read the same; whatever leaves the parser goes through `toText`.
 */
import { indexRegistry } from '../../registry/queries.ts';
import { Aggregate, detach } from './aggregate.ts';
import { codesInText, exceptionLines, exceptionOf, exceptionOfValue, httpStatusOf, httpStatusOfValue, JSON_HTTP_FIELDS } from './classify.ts';
import { compileFormats, pickField, type CompiledFormat, type CompiledFormats } from './formats.ts';
import { CodeInference, type Scope } from './infer.ts';
import { LEVELS, levelFromText, levelIndex, numericLevelIndex, WARNING } from './levels.ts';
import { template as makeTemplate, templateId } from './template.ts';
import { isEpochString, isoTime, parseTimestampValue, TimestampReader } from './timestamp.ts';
import type { LogRecord, LogRegistry, LogSummary } from './types.ts';

/** Longest line kept, in characters; the rest of a longer line is dropped. */
export const MAX_LINE = 1024 * 1024;
/** Continuation lines kept per record, and their total length. */
export const MAX_CONTINUATION_LINES = 500;
const MAX_CONTINUATION_CHARS = 256 * 1024;
/** Text of a record (message and continuation) given to code inference. */
const INFER_TEXT = 16 * 1024;
/**
 * Templates are exact for records at warning and above, and for the first `EXACT_TEMPLATES`
 * records below warning; after that, one record below warning in `TEMPLATE_SAMPLE` is templated
 * and counts for `TEMPLATE_SAMPLE` (templating is the costliest step of reading a record).
 */
export const EXACT_TEMPLATES = 100_000;
export const TEMPLATE_SAMPLE = 16;
const NON_ASCII = /[^\x00-\x7f]/;
const RECENT_LOGGERS = 16;

/** The registry compiled once for any number of parses (the CLI's files, the worker's runs). */
export interface CompiledLogRegistry {
  formats: CompiledFormats;
  inference: CodeInference;
  /** Code -> system, for validating explicit codes. */
  codeSystem: Map<string, string>;
  /** Code -> severity of its entry, for findings. */
  codeSeverity: Map<string, 'critical' | 'error' | 'warning' | 'info'>;
}

export function compileLogRegistry(registry: LogRegistry): CompiledLogRegistry {
  const index = indexRegistry({ errors: registry.errors } as Parameters<typeof indexRegistry>[0]);
  const codeSystem = new Map<string, string>();
  const codeSeverity: CompiledLogRegistry['codeSeverity'] = new Map();
  for (const [code, entry] of index.byCode) {
    codeSystem.set(code, entry.system);
    codeSeverity.set(code, entry.severity ?? 'error');
  }
  return { formats: compileFormats(registry.logFormats), inference: new CodeInference(registry.errors), codeSystem, codeSeverity };
}

export interface ParserOptions {
  compiled: CompiledLogRegistry;
  /** Called with each record, in order, once it is complete. */
  onRecord?: (record: LogRecord) => void;
  /** Set when the text is a byte string (one char per byte of UTF-8). */
  bytes?: ByteStringCodec;
  /** Template every record (slower); by default records below warning are sampled past the first 100,000. */
  exactTemplates?: boolean;
  /** Which records (by level index) `onRecord` wants; the others are counted but never built. */
  wantRecord?: (level: number) => boolean;
}

/** Conversions between byte strings and text. */
export interface ByteStringCodec {
  toText(bytes: string): string;
  fromText(text: string): string;
}

const ANSI = /\x1b\[[0-9;?]{0,32}[A-Za-z]/g;
const ZEROS = /\0+/;
const identity = (s: string) => s;

export class LogParser {
  readonly agg: Aggregate;
  private readonly compiled: CompiledLogRegistry;
  private readonly formats: readonly CompiledFormat[];
  private readonly route: readonly CompiledFormat[][];
  /**
   * The format that last matched a line of the same shape (its first character and the characters
   * at a few fixed positions, where timestamps and separators differ between formats): tried
   * first. A guess only; when it fails every candidate is tried in order.
   */
  private readonly predictions = new Map<number, CompiledFormat>();
  private readonly onRecord?: (record: LogRecord) => void;
  private readonly wantRecord?: (level: number) => boolean;
  private readonly toText: (s: string) => string;
  private readonly fromText: (s: string) => string;
  private readonly bytes: boolean;
  /** The JSON object of the current line was parsed from text, not from a byte string. */
  private jsonIsText = false;
  /** The last line parsed as JSON, and its object. */
  private jsonLine: string | undefined;
  private json: Record<string, unknown> | null = null;
  private readonly systemsSeen = new Set<string>();
  private readonly scopes: (Scope | undefined)[];
  private genericScopeSize = -1;
  private readonly exactTemplates: boolean;
  private lowRecords = 0;
  /** Ids of recent templates (records of one template are many; hashing its text again is not cheap). */
  private readonly templateIds = new Map<string, string>();

  private carry = '';
  private skipping = false;
  private lineNo = 0;
  /** Per format: its timestamps, read incrementally. */
  private readonly clocks: TimestampReader[];
  /** Recent loggers and their pending counts: most logs use few loggers, and comparing strings
   * is cheaper than hashing each record's freshly cut logger name into the map. */
  private readonly recentLoggers: string[] = [];
  private readonly recentCounts: number[] = [];
  private recentNext = 0;

  // The record being read.
  private cur: CompiledFormat | undefined;
  private curLine = 0;
  private curLines = 0;
  private curTs: string | undefined;
  private curTime = NaN;
  private curLevel = -1;
  private curLogger: string | undefined;
  private curMessage = '';
  private curHead = '';
  private curCode: string | undefined;
  private curCont: string[] | undefined;
  private curContChars = 0;
  private curMore = 0;
  private curException: string | undefined;
  private curHttp: number | undefined;

  constructor(options: ParserOptions) {
    this.compiled = options.compiled;
    this.formats = options.compiled.formats.formats;
    this.route = options.compiled.formats.route;
    this.onRecord = options.onRecord;
    this.toText = options.bytes?.toText ?? identity;
    this.fromText = options.bytes?.fromText ?? identity;
    this.bytes = options.bytes !== undefined;
    this.agg = new Aggregate(this.formats.length);
    this.scopes = new Array(this.formats.length).fill(undefined);
    this.clocks = this.formats.map(() => new TimestampReader());
    this.exactTemplates = options.exactTemplates === true;
    this.wantRecord = options.wantRecord;
  }

  /** Text of a byte string, converted only when it has non-ASCII bytes. */
  private text(s: string): string {
    return this.bytes && NON_ASCII.test(s) ? this.toText(s) : s;
  }

  /**
   * Feed the next piece of text; lines may span pieces. Zero bytes are no text (a zero-filled block,
   * as a crash leaves in a log being written): they are left out and counted, and a run of them
   * ends the record it cuts into, while the text after it keeps the number of the line it is on.
   */
  push(piece: string): void {
    if (piece.indexOf('\0') < 0) {
      this.pushText(piece);
      return;
    }
    const parts = piece.split(ZEROS);
    let kept = 0;
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.zeroBreak();
      this.pushText(parts[i]!);
      kept += parts[i]!.length;
    }
    this.agg.zeroBytes += piece.length - kept;
  }

  /** At a run of zero bytes: the part of a line before it is read as a line of its own. */
  private zeroBreak(): void {
    if (this.carry.length === 0 && !this.skipping) return;
    const line = this.carry;
    this.carry = '';
    this.skipping = false;
    this.line(line);
    this.lineNo--; // the line goes on after the zeros
  }

  private pushText(text: string): void {
    let pos = 0;
    if (this.carry.length > 0 || this.skipping) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.extendCarry(text);
        return;
      }
      this.extendCarry(text.slice(0, nl));
      const line = this.carry;
      this.carry = '';
      this.skipping = false;
      this.line(line);
      pos = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      this.line(nl - pos > MAX_LINE ? this.cut(text.slice(pos, nl)) : text.slice(pos, nl));
      pos = nl + 1;
    }
    if (pos < text.length) this.extendCarry(text.slice(pos));
  }

  /** No more text: read the last line and close the last record. */
  end(): void {
    if (this.carry.length > 0 || this.skipping) {
      const line = this.carry;
      this.carry = '';
      this.skipping = false;
      this.line(line);
    }
    this.finish();
  }

  get lines(): number {
    return this.lineNo;
  }

  private extendCarry(part: string): void {
    if (this.skipping) return;
    if (this.carry.length + part.length > MAX_LINE) {
      this.carry = this.cut(this.carry + part);
      this.skipping = true;
      return;
    }
    this.carry += part;
  }

  private cut(line: string): string {
    this.agg.truncatedLines++;
    return line.slice(0, MAX_LINE);
  }

  private line(raw: string): void {
    this.lineNo++;
    let line = raw;
    let len = line.length;
    if (len > 0 && line.charCodeAt(len - 1) === 13) line = line.slice(0, --len);
    if (len === 0) {
      this.agg.blankLines++;
      return;
    }
    let c = line.charCodeAt(0);
    if (c === 27 || (c === 0xfeff && this.lineNo === 1)) {
      line = c === 27 ? line.replace(ANSI, '') : line.slice(1);
      if (line.length === 0) return;
      c = line.charCodeAt(0);
    }
    const bucket = c < 128 ? c : 128;
    const candidates = this.route[bucket]!;
    if (candidates.length > 0) {
      const shape = ((bucket * 128 + (line.charCodeAt(10) & 127)) * 128 + (line.charCodeAt(19) & 127)) * 128 + (line.charCodeAt(23) & 127);
      const last = candidates.length > 1 ? this.predictions.get(shape) : undefined;
      if (last !== undefined && this.tryFormat(last, line)) return;
      for (let i = 0; i < candidates.length; i++) {
        const f = candidates[i]!;
        if (f === last) continue;
        if (this.tryFormat(f, line)) {
          // Generic formats are never guessed: a specific one may match the next line of this shape.
          if (candidates.length > 1 && !f.generic && this.predictions.size < 4096) this.predictions.set(shape, f);
          return;
        }
      }
    }
    const cur = this.cur;
    if (cur !== undefined && cur.continuation !== undefined && cur.continuation.test(line)) {
      this.curLines++;
      if (this.curCont === undefined) this.curCont = [];
      if (this.curCont.length < MAX_CONTINUATION_LINES && this.curContChars < MAX_CONTINUATION_CHARS) {
        this.curCont.push(line);
        this.curContChars += line.length;
      } else {
        this.curMore++;
      }
      return;
    }
    if (c === 32 || c === 9) {
      let blank = true;
      for (let i = 1; i < len && blank; i++) blank = line.charCodeAt(i) <= 32;
      if (blank) {
        this.agg.blankLines++;
        return;
      }
    }
    this.finish();
    this.agg.unparsedLine(this.lineNo, line);
  }

  private tryFormat(f: CompiledFormat, line: string): boolean {
    if (f.kind === 'text') return this.tryHead(f, line);
    // Several JSON formats may try one line: parse it once.
    if (line !== this.jsonLine) {
      this.jsonLine = line;
      this.json = this.parseJson(line);
    }
    return this.json !== null && this.tryJson(f, this.json, line);
  }

  private tryHead(f: CompiledFormat, line: string): boolean {
    const m = f.head!.exec(line);
    if (m === null) return false;
    const g = f.groups;
    let level = -1;
    if (g.level !== 0) {
      const word = m[g.level];
      if (word !== undefined) {
        level = levelIndex(word);
        if (level < 0) return false;
      }
    }
    this.finish();
    this.cur = f;
    this.curLine = this.lineNo;
    this.curLines = 1;
    this.curTs = g.timestamp !== 0 ? m[g.timestamp] : undefined;
    this.curTime = NaN;
    this.curLevel = level;
    this.curLogger = g.logger !== 0 ? m[g.logger] : undefined;
    let message = g.message !== 0 ? (m[g.message] ?? '') : line;
    // `.` stops at a carriage return or U+2028 inside a line: the message (last in every head) goes on.
    if (g.message !== 0 && m[0].length < line.length) message += line.slice(m[0].length);
    this.curMessage = message;
    this.curHead = line;
    this.curCode = g.code !== 0 ? m[g.code] : undefined;
    this.curCont = undefined;
    this.curContChars = 0;
    this.curMore = 0;
    this.curException = undefined;
    this.curHttp = undefined;
    return true;
  }

  /**
   * A JSON line as an object. From a byte string, `\\u` escapes would give real characters among
   * bytes: such a line is parsed as text, and its strings are turned back into byte strings.
   */
  private parseJson(line: string): Record<string, unknown> | null {
    this.jsonIsText = this.bytes && line.indexOf('\\u') >= 0;
    return parseJson(this.jsonIsText ? this.toText(line) : line);
  }

  /** A string value of the current JSON line, in the parser's representation. */
  private str(value: string): string {
    return this.jsonIsText ? this.fromText(value) : value;
  }

  private tryJson(f: CompiledFormat, o: Record<string, unknown>, line: string): boolean {
    const fields = f.fields!;
    const levelValue = pickField(o, fields.level);
    const messageValue = pickField(o, fields.message);
    if (messageValue === undefined && levelValue === undefined) return false;
    // A format that names timestamp fields wants one of them, so that generic JSON is told apart.
    const timeValue = pickField(o, fields.timestamp);
    if (!f.generic && (timeValue === undefined || levelValue === undefined || messageValue === undefined)) return false;
    let level = -1;
    if (typeof levelValue === 'string') level = levelIndex(levelValue);
    else if (typeof levelValue === 'number' && f.generic) level = numericLevelIndex(levelValue);
    // A format of a known system writes its level as a word the vocabulary knows.
    if (level < 0 && !f.generic) return false;
    this.finish();
    this.cur = f;
    this.curLine = this.lineNo;
    this.curLines = 1;
    this.curTs = typeof timeValue === 'string' ? this.str(timeValue) : typeof timeValue === 'number' ? String(timeValue) : undefined;
    this.curTime = typeof timeValue === 'number' || (typeof timeValue === 'string' && isEpochString(timeValue)) ? parseTimestampValue(timeValue) : NaN;
    this.curLevel = level;
    this.curHead = line;
    const logger = pickField(o, fields.logger);
    this.curLogger = typeof logger === 'string' ? this.str(logger) : undefined;
    let text = typeof messageValue === 'string' ? messageValue : messageValue === undefined ? '' : JSON.stringify(messageValue);
    // A line a program printed, kept with its line break (Docker's `log`): the break is not message.
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    if (end < text.length) text = text.slice(0, end);
    this.curMessage = this.str(text);
    const code = pickField(o, fields.code);
    this.curCode = typeof code === 'string' ? code : undefined;
    const exc = pickField(o, fields.exception);
    const exception = exc === undefined ? undefined : exceptionOfValue(exc);
    this.curException = exception === undefined ? undefined : this.str(exception);
    const lines = exc === undefined || exc === false || exc === null ? [] : exceptionLines(exc).map((l) => this.str(l));
    this.curCont = lines.length > 0 ? lines.slice(0, MAX_CONTINUATION_LINES) : undefined;
    this.curContChars = 0;
    this.curMore = Math.max(0, lines.length - MAX_CONTINUATION_LINES);
    this.curHttp = httpStatusOfValue(pickField(o, JSON_HTTP_FIELDS));
    return true;
  }

  /** Close the current record: classify, count, report. */
  private finish(): void {
    const f = this.cur;
    if (f === undefined) return;
    this.cur = undefined;
    const agg = this.agg;
    const message = this.curMessage;
    const cont = this.curCont;
    let level = this.curLevel;
    const levelInferred = level < 0;
    if (levelInferred) level = levelFromText(this.text(message));
    agg.records++;
    agg.levels[level]!++;
    if (agg.formatCounts[f.index]!++ === 0 && !f.generic) for (const s of f.systems) this.systemsSeen.add(s);

    let time = this.curTime;
    const ts = this.curTs;
    if (ts !== undefined && time !== time) time = this.clocks[f.index]!.read(ts);
    if (time === time) agg.time(time, level);
    const logger = this.curLogger;
    if (logger !== undefined) this.countLogger(logger);

    const http = this.curHttp ?? httpStatusOf(message);
    if (http !== undefined) agg.http.set(http, (agg.http.get(http) ?? 0) + 1);

    let tpl: string | undefined;
    if (level >= WARNING || this.exactTemplates || ++this.lowRecords <= EXACT_TEMPLATES) {
      tpl = makeTemplate(message);
      agg.template(tpl, level, this.curLine, message, 1);
    } else if (this.lowRecords % TEMPLATE_SAMPLE === 0) {
      agg.template(makeTemplate(message), level, this.curLine, message, TEMPLATE_SAMPLE);
    }

    let exception = this.curException;
    let codes: string[] | undefined;
    let explicitCode: string | undefined;
    let unknownCode: string | undefined;
    const code = this.curCode;
    if (code !== undefined) {
      if (this.compiled.codeSystem.has(code)) {
        explicitCode = code;
        agg.code(code, true, this.curLine, message);
      } else {
        unknownCode = code;
        agg.unknownCodes.add(code);
      }
    }
    if (level >= WARNING || cont !== undefined) {
      if (exception === undefined) exception = exceptionOf(message, cont, level >= WARNING);
      if (exception !== undefined) agg.exceptions.add(exception);
    }
    if (level >= WARNING || exception !== undefined) {
      let text = message;
      if (cont !== undefined) {
        for (let i = 0; i < cont.length && text.length < INFER_TEXT; i++) text += `\n${cont[i]}`;
      }
      codes = explicitCode !== undefined ? [explicitCode] : [];
      for (const c of codesInText(text)) {
        if (!codes.includes(c) && this.compiled.codeSystem.has(c)) {
          codes.push(c);
          agg.code(c, true, this.curLine, message);
        }
      }
      const inference = this.compiled.inference;
      const inferred = this.bytes ? inference.inferBytes(text, this.scopeOf(f), this.toText) : inference.infer(text, this.scopeOf(f));
      for (const c of inferred) {
        if (!codes.includes(c)) {
          codes.push(c);
          agg.code(c, false, this.curLine, message);
        }
      }
    }

    if (this.onRecord !== undefined && (this.wantRecord === undefined || this.wantRecord(level))) {
      const toText = this.toText;
      tpl ??= makeTemplate(message);
      this.onRecord({
        line: this.curLine,
        lines: this.curLines,
        format: f.id,
        head: toText(this.curHead),
        timestamp: ts === undefined ? undefined : toText(ts),
        time: time === time ? isoTime(time) : undefined,
        level: LEVELS[level]!,
        levelInferred: levelInferred || undefined,
        logger: this.curLogger === undefined ? undefined : toText(this.curLogger),
        message: toText(message),
        continuation: cont === undefined ? [] : this.bytes ? cont.map(toText) : cont.slice(),
        moreLines: this.curMore > 0 ? this.curMore : undefined,
        codes: codes ?? (explicitCode !== undefined ? [explicitCode] : []),
        explicitCode,
        unknownCode,
        exception,
        http,
        templateId: this.templateIdOf(tpl),
        template: toText(tpl),
      });
    }
  }

  private templateIdOf(tpl: string): string {
    let id = this.templateIds.get(tpl);
    if (id === undefined) {
      if (this.templateIds.size >= 4096) this.templateIds.clear();
      id = templateId(tpl, this.bytes);
      this.templateIds.set(detach(tpl), id);
    }
    return id;
  }

  private countLogger(logger: string): void {
    const recent = this.recentLoggers;
    for (let i = 0; i < recent.length; i++) {
      if (recent[i] === logger) {
        this.recentCounts[i]!++;
        return;
      }
    }
    if (recent.length < RECENT_LOGGERS) {
      recent.push(logger);
      this.recentCounts.push(1);
      return;
    }
    const i = this.recentNext;
    this.recentNext = (i + 1) % RECENT_LOGGERS;
    if (this.recentCounts[i]! > 0) this.agg.loggers.add(recent[i]!, this.recentCounts[i]);
    recent[i] = logger;
    this.recentCounts[i] = 1;
  }

  /** Rules for records of `f`: its systems, or for a generic format those found in the file so far. */
  private scopeOf(f: CompiledFormat): Scope {
    const inference = this.compiled.inference;
    let scope = this.scopes[f.index];
    if (!f.generic) {
      if (scope === undefined) scope = this.scopes[f.index] = inference.scope(f.systems, f.id);
      return scope;
    }
    // Generic formats borrow the systems found so far; recomputed when that set grows.
    if (scope === undefined || this.genericScopeSize !== this.systemsSeen.size) {
      for (const g of this.formats) if (g.generic) this.scopes[g.index] = undefined;
      scope = this.scopes[f.index] = inference.scope([...this.systemsSeen].sort(), f.id);
      this.genericScopeSize = this.systemsSeen.size;
    }
    return scope;
  }

  /** The counts so far, reported. */
  summary(): Omit<LogSummary, 'verdict' | 'bytes' | 'textBytes' | 'encoding' | 'bom' | 'cancelled' | 'elapsedMs' | 'findings'> {
    this.agg.lines = this.lineNo;
    for (let i = 0; i < this.recentLoggers.length; i++) {
      if (this.recentCounts[i]! > 0) this.agg.loggers.add(this.recentLoggers[i]!, this.recentCounts[i]);
      this.recentCounts[i] = 0;
    }
    return this.agg.summary(
      this.formats.map((f) => f.id),
      this.formats.map((f) => f.systems),
      (code) => this.compiled.codeSystem.get(code) ?? '',
      this.toText,
      this.bytes,
    );
  }
}

function parseJson(line: string): Record<string, unknown> | null {
  let end = line.length - 1;
  while (end > 0 && line.charCodeAt(end) <= 32) end--;
  if (line.charCodeAt(end) !== 125) return null; // a JSON object ends with }
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
