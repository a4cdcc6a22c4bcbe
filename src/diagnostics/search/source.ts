/**
 * What the search reads: the part of the registry it needs. In Node that is the loaded
 * `Registry`; in the browser, the published `/search-index.json` (or `/registry.json`), read
 * here without trusting it.
 */
import type { ErrorWithSystem } from '../../registry/load.ts';
import type { LogFormat } from '../../registry/schema.ts';

/**
 * What the search reads of an entry. Only building the index reads the symptoms, causes and
 * examples, which the published search data leaves out (its saved index holds them); a list
 * an entry does not have is empty.
 */
export type SearchEntry = Pick<ErrorWithSystem, 'code' | 'system' | 'title' | 'summary' | 'severity' | 'retryable' | 'status'>
  & Partial<Pick<ErrorWithSystem, 'symptoms' | 'causes' | 'examples' | 'exceptions' | 'http' | 'match'>>;

export interface SearchSource {
  systems: readonly { id: string; name: string }[];
  errors: readonly SearchEntry[];
  /** Log formats, to recognise a pasted log line and so the system that wrote it. */
  logFormats?: readonly LogFormat[];
}

export interface SourceProblem {
  kind: 'data';
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLocalized = (v: unknown) => isObject(v) && typeof v['zh-TW'] === 'string' && typeof v.en === 'string';

/** Fields of an entry the search relies on; an entry lacking one is left out and reported. */
function entryProblem(e: unknown): string | undefined {
  if (!isObject(e)) return 'an entry is not an object';
  const code = typeof e.code === 'string' ? e.code : '?';
  if (code === '?' || typeof e.system !== 'string') return `entry ${code}: missing code or system`;
  if (!isLocalized(e.title) || !isLocalized(e.summary)) return `entry ${code}: missing title or summary`;
  for (const key of ['symptoms', 'causes', 'match', 'examples', 'exceptions', 'http'] as const) {
    if (e[key] !== undefined && !Array.isArray(e[key])) return `entry ${code}: ${key} is not a list`;
  }
  return undefined;
}

/**
 * The search source in published search data (`/search-index.json`, with its saved index as
 * `index`) or a published registry (`/registry.json`, without). The file is produced by
 * `npm run generate` from the validated registry; this checks only the shape the search depends
 * on, so a damaged or foreign file gives a clear message instead of a crash. The saved index is
 * checked when it is loaded (`loadSearchIndex`).
 */
export function readPublishedRegistry(json: unknown): { source?: SearchSource; index?: unknown; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  if (!isObject(json) || !Array.isArray(json.errors) || !Array.isArray(json.systems)) {
    return { problems: [{ kind: 'data', message: 'not an errdex registry: expected "systems" and "errors" lists' }] };
  }
  // The entries are taken as they are, not copied: at 10,000 entries copying them was most of the time loading took.
  const errors: SearchEntry[] = [];
  for (const e of json.errors) {
    const problem = entryProblem(e);
    if (problem) problems.push({ kind: 'data', message: problem });
    else errors.push(e as SearchEntry);
  }
  const systems = json.systems.filter((s): s is { id: string; name: string } =>
    isObject(s) && typeof s.id === 'string' && typeof s.name === 'string');
  const logFormats = Array.isArray(json.logFormats)
    ? json.logFormats.filter((f): f is LogFormat => isObject(f) && typeof f.id === 'string')
    : [];
  return { source: { systems, errors, logFormats }, ...(json.index === undefined ? {} : { index: json.index }), problems };
}
