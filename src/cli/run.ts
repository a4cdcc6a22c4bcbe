/**
 * The `errdex` runner: finds the sub-command, shows help, refuses unknown options and conflicting
 * flags (exit 2, with a usage line), loads the registry, runs the command, and turns anything
 * unexpected into a message and exit 2. It knows no command by name: `main.ts` gives it the
 * commands found in `src/cli/`, the bundle (`scripts/build-cli.ts`) the same commands with their
 * descriptions and options written in, so help and option checks load no command module.
 *
 * Exit codes, for every command: 0 and 1 are the command's answers (1: findings, or nothing
 * found); 2 means the command could not do its work (bad arguments, unreadable input, a registry
 * problem, an internal error); a command may add its own (logs: 3, a binary input).
 */
import { runCommand, type ArgDef, type ArgsDef, type CommandDef } from 'citty';
import { prepareRegistry } from '../registry/snapshot-fs.ts';
import { terminalSafe } from './terminal.ts';

/** What the runner checks beyond the declared options; a command module exports it as `rules`. */
export interface CommandRules {
  /** Options that cannot be given together, by their declared names. */
  conflicts?: readonly (readonly string[])[];
  /** The positional that takes every remaining word (`errdex logs a.log b.log`); without it, extra words are refused. */
  rest?: string;
  /** Whether the command reads the registry, which the runner then loads first (default true). */
  registry?: boolean;
  /** Listed apart, after the everyday commands, in `errdex --help`. */
  maintainer?: boolean;
}

/** A command as a module gives it: `export default defineCommand(…)` and, optionally, `export const rules`. */
export interface CommandModule {
  default: CommandDef;
  rules?: CommandRules;
}

/** What help and the option checks need, known without loading the module (the bundle's manifest). */
export interface CommandInfo {
  description: string;
  args: ArgsDef;
  rules: CommandRules;
}

export interface CommandSource {
  info?: CommandInfo;
  load(): Promise<CommandModule>;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliOptions {
  version: string;
  description: string;
  /** Load the registry before a command that reads it (default: `prepareRegistry`). */
  prepare?: () => Promise<void>;
}

const HELP = new Set(['-h', '--help']);

async function infoOf(source: CommandSource): Promise<CommandInfo> {
  if (source.info) return source.info;
  const module = await source.load();
  const meta = typeof module.default.meta === 'object' ? module.default.meta as { description?: string } : {};
  const args = typeof module.default.args === 'object' ? module.default.args as ArgsDef : {};
  return { description: meta.description ?? '', args, rules: module.rules ?? {} };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface OptionDef {
  name: string;
  def: ArgDef;
}

/** Every spelling of every option: `--fail-on`, `--failOn`, and its aliases. */
function optionTable(args: ArgsDef): Map<string, OptionDef> {
  const table = new Map<string, OptionDef>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    const aliases = 'alias' in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    for (const spelling of [name, kebab(name), name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), ...aliases]) {
      table.set(spelling, { name, def });
    }
  }
  return table;
}

function positionals(args: ArgsDef): [string, ArgDef][] {
  return Object.entries(args).filter(([, def]) => def.type === 'positional');
}

/** `errdex logs [options] [FILES...]`. */
export function usageLine(command: string, info: CommandInfo): string {
  const words = positionals(info.args).map(([name, def]) => {
    const label = `${name.toUpperCase()}${info.rules.rest === name ? '...' : ''}`;
    return def.required === false || def.default !== undefined ? `[${label}]` : `<${label}>`;
  });
  return `usage: errdex ${command} [options]${words.length ? ` ${words.join(' ')}` : ''}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * The problem with a command's arguments, or undefined: an option the command does not have, a
 * value missing or given to a flag, more words than it takes, options that conflict.
 */
export function checkArguments(rawArgs: readonly string[], info: CommandInfo): string | undefined {
  const table = optionTable(info.args);
  const given = new Set<string>();
  let words = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === '--') {
      words += rawArgs.length - i - 1;
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      words++;
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    let name = arg.slice(long ? 2 : 1, eq < 0 ? undefined : eq);
    const value = eq < 0 ? undefined : arg.slice(eq + 1);
    let option = table.get(name);
    let negated = false;
    if (!option && long && name.startsWith('no-') && table.get(name.slice(3))?.def.type === 'boolean') {
      option = table.get(name.slice(3));
      negated = true;
      name = name.slice(3);
    }
    if (!option || (!long && name.length !== 1)) {
      const suggestion = closest(name, [...table.keys()].filter((k) => k.length > 1 && k === kebab(k)));
      return `unknown option ${arg.slice(0, eq < 0 ? undefined : eq)}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`;
    }
    if (option.def.type === 'boolean') {
      if (value !== undefined && (negated || (value !== 'true' && value !== 'false'))) return `option --${kebab(option.name)} takes no value`;
      if (value !== 'false' && !negated) given.add(option.name);
    } else {
      if (value === undefined) {
        if (i + 1 >= rawArgs.length) return `option --${kebab(option.name)} needs a value`;
        i++;
      }
      given.add(option.name);
    }
  }
  const declared = positionals(info.args).length;
  if (words > declared && !info.rules.rest) {
    return declared === 0 ? 'this command takes no arguments' : `too many arguments (this command takes ${declared})`;
  }
  for (const group of info.rules.conflicts ?? []) {
    const both = group.filter((name) => given.has(name));
    if (both.length > 1) return `${both.map((n) => `--${kebab(n)}`).join(' and ')} cannot be used together`;
  }
  return undefined;
}

function describe(def: ArgDef): string {
  const extra = def.type !== 'positional' && def.type !== 'boolean' && def.default !== undefined ? ` (default: ${def.default})` : '';
  return `${def.description ?? ''}${extra}`;
}

function columns(rows: [string, string][]): string {
  const width = Math.min(28, Math.max(...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) => (left.length > width ? `  ${left}\n  ${''.padEnd(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`)).join('\n');
}

export function commandHelp(command: string, info: CommandInfo): string {
  const out = [`errdex ${command}: ${info.description}`, '', usageLine(command, info)];
  const words = positionals(info.args);
  if (words.length > 0) out.push('', 'arguments:', columns(words.map(([name, def]) => [name.toUpperCase(), describe(def)])));
  const options: [string, string][] = Object.entries(info.args)
    .filter(([, def]) => def.type !== 'positional')
    .map(([name, def]) => [`--${kebab(name)}${def.type === 'boolean' ? '' : ` <${(def as { valueHint?: string }).valueHint ?? 'value'}>`}`, describe(def)]);
  options.push(['-h, --help', 'Show this help']);
  out.push('', 'options:', columns(options));
  for (const group of info.rules.conflicts ?? []) out.push(`  (${group.map((n) => `--${kebab(n)}`).join(', ')}: one at a time)`);
  return `${out.join('\n')}\n`;
}

async function mainHelp(commands: Record<string, CommandSource>, options: CliOptions): Promise<string> {
  const infos = await Promise.all(Object.entries(commands).map(async ([name, source]) => [name, await infoOf(source)] as const));
  const line = ([name, info]: readonly [string, CommandInfo]): [string, string] => [name, info.description];
  const everyday = infos.filter(([, info]) => !info.rules.maintainer);
  const maintainer = infos.filter(([, info]) => info.rules.maintainer);
  const out = [`errdex ${options.version}: ${options.description}`, '', 'usage: errdex <command> [options] [arguments]', '', 'commands:', columns(everyday.map(line))];
  if (maintainer.length > 0) out.push('', 'for maintainers of the registry:', columns(maintainer.map(line)));
  out.push(
    '',
    'Run `errdex <command> --help` for its options. Exit codes: 0 done, 1 findings (or nothing found),',
    '2 the command could not do its work (bad arguments, unreadable input or registry).',
  );
  return `${out.join('\n')}\n`;
}

/**
 * Run `errdex ARGV`. Returns the exit code, or undefined when the command set `process.exitCode`
 * itself. Output of the runner's own goes through `io`; the command writes where it writes.
 */
export async function runCli(argv: readonly string[], commands: Record<string, CommandSource>, options: CliOptions, io: CliIo): Promise<number | undefined> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(await mainHelp(commands, options));
    return 2;
  }
  if (HELP.has(first)) {
    io.out(await mainHelp(commands, options));
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.out(`${options.version}\n`);
    return 0;
  }
  const source = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!source) {
    const suggestion = closest(first, Object.keys(commands));
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    io.err(terminalSafe(`errdex: ${what}${suggestion ? ` (did you mean ${suggestion}?)` : ''}\nusage: errdex <command> [options] [arguments]; the commands are: ${Object.keys(commands).join(', ')}\n`));
    return 2;
  }
  const info = await infoOf(source);
  const beforeEnd = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
  if (beforeEnd.some((a) => HELP.has(a))) {
    io.out(commandHelp(first, info));
    return 0;
  }
  const problem = checkArguments(rest, info);
  if (problem) {
    io.err(terminalSafe(`errdex ${first}: ${problem}\n${usageLine(first, info)}  (errdex ${first} --help lists the options)\n`));
    return 2;
  }
  try {
    if (info.rules.registry !== false) await (options.prepare ?? prepareRegistry)();
    const module = await source.load();
    await runCommand(module.default, { rawArgs: [...rest] });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof Error && error.name === 'CLIError';
    io.err(terminalSafe(usage
      ? `errdex ${first}: ${message}\n${usageLine(first, info)}\n`
      : `errdex ${first}: internal error: ${error instanceof Error && error.stack ? error.stack : message}\n`));
    return 2;
  }
}

export const DESCRIPTION = 'the error index: look up error codes, read logs and check SQLite databases against one error registry.';

/** Run `errdex` as this process: its arguments, standard output and error, its exit code. */
export async function runProcess(commands: Record<string, CommandSource>, version: string): Promise<void> {
  const fail = (error: unknown) => {
    process.stderr.write(terminalSafe(`errdex: internal error: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`));
    process.exit(2);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  const code = await runCli(process.argv.slice(2), commands, { version, description: DESCRIPTION }, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
  if (code !== undefined) process.exitCode = code;
}
