/**
 * Recognising the log format of pasted text. A roas-bot line and a Qwen3 migration line can
 * carry the same message ("database is locked") and mean different codes; the format of the
 * line names the system that wrote it, so its entries rank first and rules scoped to other
 * formats stay silent.
 */
import type { LogFormat } from '../../registry/schema.ts';

export interface CompiledFormat {
  id: string;
  systems: readonly string[];
  /** Does one line start a record of this format? */
  test(line: string): boolean;
}

export interface FormatGuess {
  format: string;
  systems: readonly string[];
}

/** Lines looked at to recognise a format. */
const SAMPLE_LINES = 40;
/** Longest line tried against a format's pattern. */
const MAX_LINE = 4096;

function jsonTester(format: LogFormat): ((line: string) => boolean) | undefined {
  const keys = [...(format.fields?.message ?? []), ...(format.fields?.level ?? [])];
  if (keys.length === 0) return undefined;
  return (line) => {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return false;
    try {
      const value: unknown = JSON.parse(trimmed);
      return typeof value === 'object' && value !== null && keys.some((k) => k in value);
    } catch {
      return false;
    }
  };
}

/** Compile the formats once; a pattern that does not compile is skipped (`errdex check` reports it). */
export function compileFormats(formats: readonly LogFormat[]): CompiledFormat[] {
  const out: CompiledFormat[] = [];
  for (const format of formats) {
    let test: ((line: string) => boolean) | undefined;
    if (format.kind === 'json') test = jsonTester(format);
    else if (format.head) {
      try {
        const re = new RegExp(format.head);
        test = (line) => re.test(line);
      } catch {
        test = undefined;
      }
    }
    if (test) out.push({ id: format.id, systems: format.systems ?? [], test });
  }
  return out;
}

/**
 * The format most lines of the text start records of; on a tie, one that names its systems
 * wins over a generic one. Undefined when no line fits any format (a bare message).
 */
export function detectFormat(formats: readonly CompiledFormat[], text: string): FormatGuess | undefined {
  if (formats.length === 0) return undefined;
  const lines: string[] = [];
  for (const line of text.split('\n', SAMPLE_LINES * 4)) {
    if (line.trim()) lines.push(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line);
    if (lines.length >= SAMPLE_LINES) break;
  }
  let best: CompiledFormat | undefined;
  let bestCount = 0;
  for (const format of formats) {
    let count = 0;
    for (const line of lines) if (format.test(line)) count++;
    if (count > bestCount || (count === bestCount && count > 0 && best && best.systems.length === 0 && format.systems.length > 0)) {
      best = format;
      bestCount = count;
    }
  }
  return best && bestCount > 0 ? { format: best.id, systems: best.systems } : undefined;
}
