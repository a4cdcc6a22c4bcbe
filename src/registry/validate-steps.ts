/**
 * The safety rules for the steps of the registry: a command that deletes or overwrites data is
 * marked `destructive` with a warning in both languages and comes after a step that keeps a copy;
 * a diagnosis never changes anything; every shell command parses. Run by `errdex check`.
 */
import type { Parser } from 'web-tree-sitter';
import { isScalar } from 'yaml';
import { analyseCommand, type CommandAnalysis } from './command-hazards.ts';
import { lineOf, type LoadResult, type ParsedSource, type Problem } from './load.ts';
import type { Step } from './schema.ts';

/** The database files the registry knows: the systems' SQLite databases and the checker's profiles. */
export function knownDatabases(result: LoadResult): string[] {
  const { registry } = result;
  const paths = [
    ...registry.systems.flatMap((s) => s.databases.filter((d) => d.engine === 'sqlite').map((d) => d.path)),
    ...registry.dbProfiles.map((p) => p.path),
  ];
  return [...new Set(paths.filter((p) => /\.\w+$/.test(p)))];
}

export function validateSteps(result: LoadResult, parser: Parser): Problem[] {
  const problems: Problem[] = [];
  const databases = knownDatabases(result);
  const sourceOf = new Map<string, ParsedSource>();
  for (const s of result.sources) if (s.data?.system) sourceOf.set(s.data.system.id, s);
  const seen = new Map<string, number>();
  for (const entry of result.registry.errors) {
    const index = seen.get(entry.system) ?? 0;
    seen.set(entry.system, index + 1);
    const source = sourceOf.get(entry.system);
    for (const list of ['diagnosis', 'resolution'] as const) {
      const steps = entry[list];
      const analyses = steps.map((step) => (step.command ? analyseCommand(parser, step.command.lang, step.command.code, { databases }) : undefined));
      steps.forEach((step, s) => {
        const path = ['errors', index, list, s];
        const report = (rule: string, message: string, field: (string | number)[] = [], line?: number) => {
          problems.push({
            file: source?.path ?? result.registry.files[entry.system] ?? '?',
            line: line ?? (source ? lineOf(source, [...path, ...field]) : undefined),
            entry: entry.code,
            field: `${list}[${s}]${field.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`,
            rule,
            message,
          });
        };
        const name = `${list} step ${s + 1}`;
        const analysis = analyses[s];
        const codeLine = (line: number) => (source ? commandLine(source, path, line) : undefined);
        if (analysis?.syntaxError !== undefined) {
          report('command-syntax', `${name}: the shell cannot parse this command (line ${analysis.syntaxError + 1} of it), so it cannot be proven safe; fix its syntax or give it another language`, ['command', 'code'], codeLine(analysis.syntaxError));
        }
        for (const hazard of analysis?.hazards ?? []) {
          if (list === 'diagnosis') {
            report('unsafe-diagnosis', `${name} runs \`${hazard.word}\`: ${hazard.reason}; a diagnosis must not change data, so move it to the resolution`, ['command', 'code'], codeLine(hazard.line));
          } else if (!step.destructive) {
            report('unsafe-step', `${name} runs \`${hazard.word}\`: ${hazard.reason}; mark the step \`destructive\` with a warning in both languages, after a step that keeps a copy`, ['command', 'code'], codeLine(hazard.line));
          }
        }
        if (list === 'diagnosis' && analysis && analysis.hazards.length === 0) {
          for (const open of analysis.writableOpens) {
            report('diagnosis-writable', `${name} opens \`${open.word}\` for writing; a diagnosis reads only, so open it with \`sqlite3 -readonly\` (a missing file would otherwise be created empty)`, ['command', 'code']);
          }
        }
        if (step.destructive && list === 'resolution' && !copyBefore(steps, analyses, s)) {
          report('destructive-without-copy', `${name} is destructive, but no step before it keeps a copy; add one (marked \`keepsCopy\`) that backs up what it changes`, ['destructive']);
        }
        if (step.destructive && list === 'diagnosis') {
          report('unsafe-diagnosis', `${name} is marked destructive; a diagnosis must not change data, so move it to the resolution`, ['destructive']);
        }
        if (step.keepsCopy) {
          if (!step.command) report('copy-step', `${name} is marked \`keepsCopy\` but has no command that makes the copy`, ['keepsCopy']);
          else if (analysis?.analysed && analysis.copies.length === 0) {
            report('copy-step', `${name} is marked \`keepsCopy\`, but its command makes no copy (cp, rsync, tar, mv aside, sqlite3 .backup, VACUUM INTO, pg_dump, getfacl…)`, ['keepsCopy']);
          }
        }
      });
    }
  }
  return problems;
}

/** Whether a step before `index` keeps a copy, or the step itself makes one before its first hazard. */
function copyBefore(steps: readonly Step[], analyses: (CommandAnalysis | undefined)[], index: number): boolean {
  if (steps.slice(0, index).some((s) => s.keepsCopy)) return true;
  const own = analyses[index];
  if (!steps[index]!.keepsCopy || !own) return false;
  const first = Math.min(...own.hazards.map((h) => h.offset));
  return own.copies.some((c) => c.offset < first) || (!own.analysed && own.hazards.length === 0);
}

/** The file line of line `line` (0-based) of a step's command text. */
function commandLine(source: ParsedSource, stepPath: (string | number)[], line: number): number | undefined {
  const at = lineOf(source, [...stepPath, 'command', 'code']);
  if (at === undefined) return undefined;
  const node = source.doc.getIn([...stepPath, 'command', 'code'], true);
  const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
  return at + (block ? 1 : 0) + line;
}
