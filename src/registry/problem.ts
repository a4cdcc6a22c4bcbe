/**
 * A problem found in the registry, and the error thrown where a caller cannot go on without a
 * valid registry. Free of the YAML parser and the schema, so the bundled CLI can report a
 * registry problem without loading either.
 */

/** A problem found in the registry, located as precisely as the source allows. */
export interface Problem {
  /** Path of the file, relative to the repository root. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** The entry concerned: an error code, a category, a log format or a profile id. */
  entry?: string;
  /** Dotted path of the field within the file, e.g. `errors[3].title.en`. */
  field?: string;
  /** Stable identifier of the rule that found the problem, e.g. `schema`, `duplicate-code`. */
  rule: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const what = [p.entry, p.field].filter(Boolean).join(' ');
  return `${where}: ${what ? `${what}: ` : ''}${p.message} [${p.rule}]`;
}

/** Thrown where a caller cannot go on without a valid registry (the build, generators, the CLI). */
export class RegistryError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(`the error registry has ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'RegistryError';
    this.problems = problems;
  }
}
