import { describe, expect, it } from 'vitest';
import { compileFormats } from '../../../src/diagnostics/logs/engine/formats.ts';
import { NON_ASCII, withoutGroupNames } from '../../../src/registry/regex-source.ts';
import { regexProblem } from '../../../src/registry/validate.ts';
import { testRegistry, text } from './helpers.ts';

const formats = testRegistry().logFormats;
const samples = formats.flatMap((f) => f.samples.map((s, i) => ({ format: f, sample: s, name: `${f.id} sample ${i + 1}` })));

describe('log formats in the registry', () => {
  it('cover the five systems and have a generic fallback for text and JSON', () => {
    const systems = new Set(formats.flatMap((f) => f.systems));
    for (const s of ['roas-bot', 'qwen3-memory', 'aivonx-proxy', 'civitai-client', 'botrs']) expect(systems).toContain(s);
    expect(formats.some((f) => f.systems.length === 0 && f.kind === 'text')).toBe(true);
    expect(formats.some((f) => f.systems.length === 0 && f.kind === 'json')).toBe(true);
  });

  it('name systems that exist', () => {
    const ids = new Set(testRegistry().systems.map((s) => s.id));
    for (const f of formats) for (const s of f.systems) expect(ids, `${f.id} names ${s}`).toContain(s);
  });

  it('compile without problems', () => {
    expect(compileFormats(formats).problems).toEqual([]);
  });

  it.each(formats.filter((f) => f.head).map((f) => [f.id, f] as const))('%s: head and continuation patterns are safe from catastrophic backtracking', (_id, f) => {
    // redos-detector does not read named groups; numbered ones have the same backtracking.
    for (const p of [f.head!, ...f.continuation]) expect(regexProblem(withoutGroupNames(p))).toBeUndefined();
  }, 60_000);

  it.each(samples.map((s) => [s.name, s] as const))('%s parses to its fields', async (_name, { format, sample }) => {
    const { records, summary } = await text(sample.lines.join('\n'));
    expect(summary.records).toBe(1);
    const r = records[0]!;
    expect(r.format).toBe(format.id);
    expect(r.lines).toBe(sample.lines.length);
    const e = sample.expect;
    if (e.timestamp !== undefined) expect(r.timestamp).toBe(e.timestamp);
    if (e.level !== undefined) expect(r.level).toBe(e.level);
    if (e.code !== undefined) expect(r.explicitCode).toBe(e.code);
    if (e.logger !== undefined) expect(r.logger).toBe(e.logger);
    if (e.message !== undefined) expect(r.message).toBe(e.message);
    expect(r.continuation).toEqual(format.kind === 'json' ? r.continuation : sample.lines.slice(1));
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s: no other format with systems matches its head line', (_name, { format, sample }) => {
    const compiled = compileFormats(formats);
    const head = sample.lines[0]!;
    for (const other of compiled.formats) {
      if (other.id === format.id || other.generic || other.kind !== 'text') continue;
      expect(other.head!.re.test(head), `${other.id} also matches`).toBe(false);
    }
  });

  it('routes each sample line by its first character to its own format', () => {
    const { route } = compileFormats(formats);
    for (const { format, sample } of samples) {
      const c = sample.lines[0]!.charCodeAt(0);
      expect(route[c < 128 ? c : NON_ASCII]!.map((f) => f.id)).toContain(format.id);
    }
  });

  it('tries formats with systems before generic ones', () => {
    const { route } = compileFormats(formats);
    for (const bucket of route) {
      const firstGeneric = bucket.findIndex((f) => f.generic);
      if (firstGeneric >= 0) expect(bucket.slice(firstGeneric).every((f) => f.generic)).toBe(true);
    }
  });
});
