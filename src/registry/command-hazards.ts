/**
 * What a command in the registry does to data: the parts that delete or overwrite it
 * (hazards) and the parts that keep a copy of it. Shell commands are read through tree-sitter's
 * Bash grammar, so quoting, pipelines, `&&` lists, substitutions, here-documents and wrappers such
 * as `sudo` or `bash -c` are seen as the shell sees them; SQL goes through `sql-hazards.ts`.
 *
 * Pure: the caller hands in a ready parser (`shell-parser-fs.ts` loads one in Node).
 */
import type { Node, Parser } from 'web-tree-sitter';
import { sqlHazards, sqlKeepsCopy } from './sql-hazards.ts';

export type HazardKind = 'removal' | 'sql' | 'flush' | 'redirect' | 'overwrite' | 'permissions';

export interface CommandHazard {
  kind: HazardKind;
  /** The command word (or operator) responsible: `rm`, `DROP`, `>`, `cp`, `chmod`. */
  word: string;
  /** Why it is destructive, in a few words. */
  reason: string;
  /** 0-based line within the command text. */
  line: number;
  /** Character offset within the command text, to order hazards and copies. */
  offset: number;
}

export interface CommandCopy {
  word: string;
  offset: number;
}

export interface CommandAnalysis {
  /** False for languages this module does not read (Python, PowerShell, JSON…). */
  analysed: boolean;
  hazards: CommandHazard[];
  copies: CommandCopy[];
  /**
   * Known databases opened by `sqlite3` without `-readonly`: harmless in a fix, but a diagnosis
   * should not do it (a missing file would be created empty, and a typo could write).
   */
  writableOpens: CommandCopy[];
  /** 0-based line of the first part the shell parser could not read. */
  syntaxError?: number;
}

export interface AnalyseOptions {
  /** Paths of the databases the registry knows (`data/discord_data.db`, `data/memory/memory.db`). */
  databases?: readonly string[];
}

/** A word of a command line with its value as far as it can be known without running anything. */
interface Arg {
  value: string;
  /** Holds an expansion or substitution, so the value is only the text as written. */
  dynamic: boolean;
  node: Node;
}

const SHELLS = new Set(['bash', 'sh']);

export function analyseCommand(parser: Parser, lang: string, code: string, options: AnalyseOptions = {}): CommandAnalysis {
  if (lang === 'sql') {
    const hazards = sqlHazards(code).map((h) => ({ kind: 'sql' as const, word: h.word, reason: h.reason, line: h.line, offset: offsetOfLine(code, h.line) }));
    return { analysed: true, hazards, copies: sqlKeepsCopy(code) ? [{ word: 'VACUUM INTO', offset: 0 }] : [], writableOpens: [] };
  }
  if (!SHELLS.has(lang)) return { analysed: false, hazards: [], copies: [], writableOpens: [] };
  const state = new ShellReader(parser, options.databases ?? []);
  state.read(code, 0, 0);
  return { analysed: true, hazards: state.hazards, copies: state.copies, writableOpens: state.writableOpens, syntaxError: state.syntaxError };
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

function normalisePath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function baseName(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? path;
}

/** The value of a word as the shell would pass it, where no expansion is involved. */
function literal(node: Node): { value: string; dynamic: boolean } {
  switch (node.type) {
    case 'word':
    case 'number':
      return { value: node.text.replace(/\\(.)/g, '$1'), dynamic: false };
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: node.text.slice(2, -1), dynamic: false };
    case 'string': {
      const parts = node.namedChildren.filter((c): c is Node => c !== null);
      const plain = parts.every((c) => c.type === 'string_content');
      return { value: plain ? parts.map((c) => c.text).join('') : node.text.slice(1, -1), dynamic: !plain };
    }
    case 'concatenation': {
      const parts = node.namedChildren.filter((c): c is Node => c !== null).map(literal);
      return { value: parts.map((p) => p.value).join(''), dynamic: parts.some((p) => p.dynamic) };
    }
    default:
      return { value: node.text, dynamic: true };
  }
}

/** Options of common wrappers that take a value in the next word. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-h', '-p', '-U', '-r', '-t', '-T', '-D']),
  doas: new Set(['-u', '-C']),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  timeout: new Set(['-k', '-s', '--kill-after', '--signal']),
  xargs: new Set(['-I', '-n', '-P', '-d', '-L', '-s', '-E', '-a', '--arg-file', '--delimiter', '--max-args', '--max-procs']),
  'docker exec': new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys']),
  'compose exec': new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index']),
  'compose run': new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '-v', '--volume', '-p', '--publish', '--name', '--entrypoint', '-l', '--label']),
  cp: new Set(['-S', '--suffix', '-t', '--target-directory']),
  mv: new Set(['-S', '--suffix', '-t', '--target-directory']),
  sqlite3: new Set(['-cmd', '-init', '-separator', '-newline', '-nullvalue', '-vfs', '-mmap', '-pagecache', '-lookaside', '-heap', '-maxsize']),
  psql: new Set(['-c', '--command', '-e', '--execute', '-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname', '-f', '--file', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-P', '--pset', '-F', '-R']),
};

/** Drop leading options (and the values of those in `valued`) from a word list. */
function skipOptions(args: Arg[], valued: Set<string> = new Set()): Arg[] {
  let i = 0;
  while (i < args.length && args[i]!.value.startsWith('-') && args[i]!.value !== '-') {
    if (args[i]!.value === '--') return args.slice(i + 1);
    i += valued.has(args[i]!.value) ? 2 : 1;
  }
  return args.slice(i);
}

/** Split words into options and operands (everything after `--` is an operand). */
function splitOptions(args: Arg[], valued: Set<string> = new Set()): { options: Arg[]; operands: Arg[]; values: Map<string, string> } {
  const options: Arg[] = [];
  const operands: Arg[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.value === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.value.startsWith('-') && a.value !== '-') {
      options.push(a);
      const eq = a.value.indexOf('=');
      if (a.value.startsWith('--') && eq > 0) values.set(a.value.slice(0, eq), a.value.slice(eq + 1));
      else if (valued.has(a.value) && i + 1 < args.length) values.set(a.value, args[++i]!.value);
    } else operands.push(a);
  }
  return { options, operands, values };
}

/** Whether short options (`-rf`, `-R`) or long ones (`--force`) include any of the given letters or names. */
function hasFlag(options: Arg[], letters: string, long: string[]): string | undefined {
  for (const o of options) {
    if (o.value.startsWith('--')) {
      const name = o.value.split('=')[0]!;
      if (long.includes(name)) return name;
    } else if ([...o.value.slice(1)].some((c) => letters.includes(c))) return o.value;
  }
  return undefined;
}

class ShellReader {
  hazards: CommandHazard[] = [];
  copies: CommandCopy[] = [];
  writableOpens: CommandCopy[] = [];
  syntaxError?: number;

  private readonly parser: Parser;
  /** File names of the known databases. */
  private readonly databases: Set<string>;
  /** Folders that hold a known database (`data`, `data/memory`). */
  private readonly databaseDirs: Set<string>;

  constructor(parser: Parser, databases: readonly string[]) {
    this.parser = parser;
    this.databases = new Set(databases.map(baseName));
    this.databaseDirs = new Set(databases.map((p) => normalisePath(p).split('/').slice(0, -1).join('/')).filter(Boolean));
  }

  /** Read shell text that starts at `line`/`offset` of the command. */
  read(text: string, line: number, offset: number, depth = 0): void {
    const tree = this.parser.parse(text);
    if (!tree) {
      this.syntaxError ??= line;
      return;
    }
    try {
      const root = tree.rootNode;
      if (root.hasError) {
        const bad = root.descendantsOfType(['ERROR']).find((n): n is Node => n !== null) ?? firstMissing(root);
        this.syntaxError ??= line + (bad?.startPosition.row ?? 0);
      }
      for (const command of root.descendantsOfType('command')) {
        if (command) this.command(command, line, offset, depth);
      }
      // `set -C` (noclobber) makes a later `>` refuse to replace an existing file.
      const noclobber = root.descendantsOfType('command').filter((c): c is Node => c !== null && isNoclobber(c)).map((c) => c.startIndex);
      for (const redirect of root.descendantsOfType('file_redirect')) {
        if (redirect && !noclobber.some((at) => at < redirect.startIndex)) this.redirect(redirect, line, offset);
      }
    } finally {
      tree.delete();
    }
  }

  private at(node: Node, line: number, offset: number) {
    return { line: line + node.startPosition.row, offset: offset + node.startIndex };
  }

  private hazard(kind: HazardKind, word: string, reason: string, node: Node, line: number, offset: number): void {
    this.hazards.push({ kind, word, reason, ...this.at(node, line, offset) });
  }

  private copy(word: string, node: Node, line: number, offset: number): void {
    this.copies.push({ word, offset: this.at(node, line, offset).offset });
  }

  private isDatabase(path: string): boolean {
    const name = baseName(path).replace(/-(wal|shm|journal)$/, '');
    return this.databases.has(name);
  }

  /** Whether a folder is one where a known database lives (`data/`, `/srv/bot/data/memory`). */
  private isDatabaseDir(path: string): boolean {
    const dir = normalisePath(path);
    return [...this.databaseDirs].some((d) => dir === d || dir.endsWith(`/${d}`));
  }

  private command(node: Node, line: number, offset: number, depth: number): void {
    const parts: Arg[] = [];
    const name = node.childForFieldName('name');
    if (name) parts.push({ ...literal(name.firstNamedChild ?? name), node: name });
    for (const a of node.childrenForFieldName('argument')) if (a) parts.push({ ...literal(a), node: a });
    // Here-documents and here-strings feed the command's standard input.
    const input = stdinText(node);
    this.words(parts, input, line, offset, depth);
  }

  /** Analyse one command given as words, after taking wrappers such as `sudo` off. */
  private words(args: Arg[], input: { text: string; node: Node } | undefined, line: number, offset: number, depth: number): void {
    let rest = args;
    for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
      const word = baseName(rest[0]!.value);
      const next = unwrap(word, rest);
      if (next === 'shell-stdin') {
        if (input && depth < 3) this.read(input.text, line + input.node.startPosition.row, offset + input.node.startIndex, depth + 1);
        return;
      }
      if (next === 'shell-c') {
        const script = rest.findIndex((a, i) => i > 0 && a.value === '-c');
        const body = rest[script + 1];
        if (body && depth < 3) {
          const start = body.node.type === 'word' ? 0 : 1;
          this.read(body.value, line + body.node.startPosition.row, offset + body.node.startIndex + start, depth + 1);
        }
        return;
      }
      if (!next) break;
      rest = next;
    }
    if (rest.length === 0) return;
    const word = baseName(rest[0]!.value);
    const node = rest[0]!.node;
    const args1 = rest.slice(1);
    const h = (kind: HazardKind, w: string, reason: string) => this.hazard(kind, w, reason, node, line, offset);
    switch (word) {
      case 'rm': {
        const { options, operands } = splitOptions(args1);
        const db = operands.find((o) => this.isDatabase(o.value));
        const flag = hasFlag(options, 'rRf', ['--recursive', '--force']);
        if (db) h('removal', 'rm', `deletes the database file \`${db.value}\``);
        else if (flag && !(operands.length > 0 && operands.every((o) => disposable(o)))) h('removal', 'rm', `\`rm ${flag}\` is a recursive or forced removal`);
        return;
      }
      case 'unlink':
      case 'shred':
        h('removal', word, `\`${word}\` deletes files`);
        return;
      case 'find': {
        if (args1.some((a) => a.value === '-delete')) h('removal', 'find', '`find -delete` deletes every file it matches');
        if (args1.some((a) => a.value === '-printf' || a.value === '-fprintf')) this.copy('find -printf', node, line, offset);
        const exec = args1.findIndex((a) => ['-exec', '-execdir', '-ok', '-okdir'].includes(a.value));
        if (exec >= 0) {
          const end = args1.findIndex((a, i) => i > exec && (a.value === ';' || a.value === '+'));
          this.words(args1.slice(exec + 1, end < 0 ? undefined : end), undefined, line, offset, depth);
        }
        return;
      }
      case 'rsync': {
        const { options, operands } = splitOptions(args1);
        const del = options.find((o) => o.value.startsWith('--delete') || o.value === '--remove-source-files');
        if (del) h('removal', 'rsync', `\`rsync ${del.value.split('=')[0]}\` deletes files`);
        const dest = operands.at(-1);
        if (operands.length >= 2 && dest && this.isDatabase(dest.value)) h('overwrite', 'rsync', `copies over the database \`${dest.value}\``);
        this.copy('rsync', node, line, offset);
        return;
      }
      case 'cp':
      case 'mv':
      case 'install': {
        const { options, operands, values } = splitOptions(args1, VALUE_OPTIONS[word]);
        const keepsBackup = hasFlag(options, 'b', ['--backup', '--suffix']) !== undefined || values.has('-S');
        const noClobber = hasFlag(options, 'n', ['--no-clobber']) !== undefined || options.some((o) => o.value === '--update=none');
        const target = values.get('-t') ?? values.get('--target-directory');
        const sources = target !== undefined ? operands : operands.slice(0, -1);
        const dest = target ?? operands.at(-1)?.value;
        if (dest !== undefined && sources.length > 0 && !keepsBackup && !noClobber) {
          // Into the folder of a live database, a file of the same name replaces it.
          const intoDbDir = (target !== undefined || dest.endsWith('/') || sources.length > 1 || !/\.\w+$/.test(dest)) && this.isDatabaseDir(dest);
          const over = this.isDatabase(dest) ? dest : intoDbDir ? sources.find((s) => this.isDatabase(s.value))?.value : undefined;
          if (over) h('overwrite', word, `${word === 'mv' ? 'moves' : 'copies'} a file over the database \`${over}\``);
        }
        if (sources.length > 0) this.copy(word, node, line, offset);
        return;
      }
      case 'dd': {
        const of = args1.find((a) => a.value.startsWith('of='));
        if (of) h('overwrite', 'dd', `\`dd\` overwrites \`${of.value.slice(3)}\``);
        return;
      }
      case 'truncate':
        h('overwrite', 'truncate', '`truncate` cuts files to a new size');
        return;
      case 'tee': {
        const { options, operands } = splitOptions(args1);
        if (hasFlag(options, 'a', ['--append'])) return;
        for (const o of operands) {
          if (!o.value.startsWith('/dev/')) this.hazard('redirect', 'tee', `\`tee\` without \`-a\` empties \`${o.value}\` before writing`, o.node, line, offset);
        }
        return;
      }
      case 'dropdb':
        h('sql', 'dropdb', '`dropdb` deletes a whole PostgreSQL database');
        return;
      case 'sqlite3':
        this.sqlite(args1, input, node, line, offset);
        return;
      case 'psql':
      case 'mysql': {
        const { values } = splitOptions(args1, VALUE_OPTIONS.psql);
        const sql = values.get('-c') ?? values.get('--command') ?? values.get('-e') ?? values.get('--execute');
        for (const piece of [sql, input?.text]) if (piece) this.sql(piece, node, line, offset, word);
        return;
      }
      case 'redis-cli': {
        for (const a of args1) {
          const v = a.value.toUpperCase();
          if (v === 'FLUSHDB' || v === 'FLUSHALL') this.hazard('flush', `redis-cli ${v}`, `\`${v}\` deletes every key`, a.node, line, offset);
          if (v === 'SAVE' || v === 'BGSAVE' || v === '--RDB') this.copy(`redis-cli ${v}`, a.node, line, offset);
        }
        return;
      }
      case 'chmod':
      case 'chown':
      case 'chgrp':
      case 'setfacl': {
        const { options } = splitOptions(args1);
        const flag = hasFlag(options, 'R', ['--recursive']);
        if (flag) h('permissions', word, `\`${word} ${flag}\` changes the permissions of everything below the path`);
        return;
      }
      case 'getfacl':
      case 'tar':
      case 'zip':
      case 'pg_dump':
      case 'pg_dumpall':
      case 'pg_basebackup':
      case 'mysqldump':
        this.copy(word, node, line, offset);
        return;
      case 'docker':
      case 'podman':
      case 'docker-compose': {
        const sub = word === 'docker-compose' ? ['compose', ...args1.map((a) => a.value)] : args1.map((a) => a.value);
        if (sub[0] === 'compose' && sub.includes('down') && sub.some((v) => v === '-v' || v === '--volumes')) {
          h('removal', word === 'docker-compose' ? 'docker-compose down' : 'docker compose down', '`down -v` deletes the named volumes and the data in them');
        }
        if (sub[0] === 'volume' && (sub[1] === 'rm' || sub[1] === 'prune')) h('removal', `docker volume ${sub[1]}`, 'deletes volumes and the data in them');
        if (sub[0] === 'system' && sub[1] === 'prune' && sub.includes('--volumes')) h('removal', 'docker system prune', '`--volumes` deletes unused volumes and their data');
        if (sub[0] === 'cp') this.copy('docker cp', node, line, offset);
        return;
      }
      case 'git': {
        const sub = args1.map((a) => a.value);
        if (sub[0] === 'clean' && sub.some((v) => /^-[a-zA-Z]*f/.test(v) || v === '--force')) h('removal', 'git clean', '`git clean -f` deletes untracked files');
        if (sub[0] === 'reset' && sub.includes('--hard')) h('overwrite', 'git reset', '`git reset --hard` discards uncommitted changes');
        return;
      }
      case 'python':
      case 'python3': {
        const manage = args1.findIndex((a) => baseName(a.value) === 'manage.py');
        if (manage < 0) return;
        const sub = args1.slice(manage + 1).map((a) => a.value);
        if (sub[0] === 'flush' || sub[0] === 'reset_db') h('sql', `manage.py ${sub[0]}`, `\`${sub[0]}\` deletes every row of every table`);
        if (sub[0] === 'migrate' && sub.includes('zero')) h('sql', 'manage.py migrate', '`migrate <app> zero` unapplies every migration and drops the tables');
        if (sub[0] === 'dumpdata') this.copy('manage.py dumpdata', node, line, offset);
        return;
      }
      default:
        if (/^mkfs(\.|$)/.test(word)) h('overwrite', word, 'formats a file system');
    }
  }

  private sqlite(args: Arg[], input: { text: string; node: Node } | undefined, node: Node, line: number, offset: number): void {
    const { options, operands, values } = splitOptions(args, VALUE_OPTIONS.sqlite3);
    // A read-only connection cannot change anything, whatever it is asked to run.
    if (options.some((o) => o.value === '-readonly' || o.value === '--readonly')) return;
    const file = operands[0];
    if (file && this.isDatabase(file.value)) this.writableOpens.push({ word: `sqlite3 ${file.value}`, offset: this.at(node, line, offset).offset });
    const pieces: string[] = [];
    const cmd = values.get('-cmd');
    if (cmd) pieces.push(cmd);
    pieces.push(...operands.slice(1).map((o) => o.value));
    if (input) pieces.push(input.text);
    for (const piece of pieces) this.sql(piece, node, line, offset, 'sqlite3');
  }

  /** SQL given to a client, possibly mixed with sqlite3's dot-commands (one per line). */
  private sql(text: string, node: Node, line: number, offset: number, client: string): void {
    const sqlLines: string[] = [];
    for (const raw of text.split('\n')) {
      const l = raw.trim();
      if (!l.startsWith('.')) {
        sqlLines.push(raw);
        continue;
      }
      sqlLines.push('');
      const dot = l.split(/\s+/)[0]!;
      if (dot === '.restore') this.hazard('overwrite', `${client} .restore`, '`.restore` replaces the database with the contents of another file', node, line, offset);
      if (['.backup', '.save', '.clone', '.dump'].includes(dot)) this.copy(`${client} ${dot}`, node, line, offset);
    }
    const sql = sqlLines.join('\n');
    for (const hz of sqlHazards(sql)) this.hazard('sql', hz.word, `${hz.reason} (in \`${client}\`)`, node, line, offset);
    if (sqlKeepsCopy(sql)) this.copy(`${client} VACUUM INTO`, node, line, offset);
  }

  private redirect(node: Node, line: number, offset: number): void {
    const op = node.children.find((c): c is Node => c !== null && !c.isNamed)?.type;
    if (op !== '>' && op !== '>|' && op !== '&>' && op !== '>&') return;
    const dest = node.childForFieldName('destination') ?? node.lastNamedChild;
    if (!dest || dest.type === 'number') return;
    const { value } = literal(dest);
    if (value.startsWith('/dev/') || /^&?\d+$/.test(value) || value === '-' || freshName(dest)) return;
    this.hazard('redirect', op, `\`${op} ${value}\` empties the file first if it exists`, node, line, offset);
  }
}

/**
 * The allow-list: an operand that names only files disposable by their kind, a temporary or
 * cache file (`downloads/*.tmp`, `cache/*.cache`) written as a plain word, or a path under /tmp/.
 */
function disposable(arg: Arg): boolean {
  if (arg.dynamic || arg.node.type === 'concatenation' || arg.value.includes('..')) return false;
  return /^[\w./*-]+\.(tmp|cache|pyc)$/.test(arg.value) || /^\/tmp\/[\w.*-]+$/.test(arg.value);
}

function isNoclobber(command: Node): boolean {
  const words = command.text.split(/\s+/);
  return words[0] === 'set' && (words.includes('-C') || (words.includes('-o') && words.includes('noclobber')));
}

/** A file name made new by each run: it holds `$(date …)` or `$(mktemp …)`. */
function freshName(node: Node): boolean {
  return node.descendantsOfType('command_substitution').some((sub) => {
    const name = sub?.descendantsOfType('command_name')[0]?.text;
    return name === 'date' || name === 'mktemp';
  });
}

function firstMissing(root: Node): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isMissing) return n;
    for (const c of n.children) if (c) stack.push(c);
  }
  return undefined;
}

/** The text a here-document or here-string gives the command's standard input. */
function stdinText(command: Node): { text: string; node: Node } | undefined {
  for (const c of command.namedChildren) {
    if (c?.type === 'herestring_redirect') {
      const body = c.namedChildren.at(-1);
      if (body) return { text: literal(body).value, node: body };
    }
  }
  const parent = command.parent;
  if (parent?.type === 'redirected_statement' && parent.childForFieldName('body')?.id === command.id) {
    for (const c of parent.namedChildren) {
      if (c?.type === 'heredoc_redirect') {
        const body = c.namedChildren.find((x): x is Node => x?.type === 'heredoc_body');
        if (body) return { text: body.text, node: body };
      }
      if (c?.type === 'herestring_redirect') {
        const body = c.namedChildren.at(-1);
        if (body) return { text: literal(body).value, node: body };
      }
    }
  }
  return undefined;
}

/**
 * The command inside a wrapper (`sudo rm …` -> `rm …`), `'shell-c'` for `bash -c '…'`,
 * `'shell-stdin'` for a shell reading its script from standard input, or undefined when `word`
 * is not a wrapper.
 */
function unwrap(word: string, args: Arg[]): Arg[] | 'shell-c' | 'shell-stdin' | undefined {
  const rest = args.slice(1);
  switch (word) {
    case 'sudo':
    case 'doas':
    case 'nice':
    case 'ionice':
    case 'xargs':
      return skipOptions(rest, VALUE_OPTIONS[word]);
    case 'nohup':
    case 'time':
    case 'exec':
    case 'command':
    case 'builtin':
      return skipOptions(rest);
    case 'env': {
      const after = skipOptions(rest, new Set(['-u', '--unset', '-C', '--chdir', '-S']));
      const i = after.findIndex((a) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a.value));
      return i < 0 ? [] : after.slice(i);
    }
    case 'timeout': {
      const after = skipOptions(rest, VALUE_OPTIONS.timeout);
      return after.slice(1);
    }
    case 'bash':
    case 'sh':
    case 'zsh':
    case 'dash':
      if (rest.some((a) => a.value === '-c')) return 'shell-c';
      // `bash -s`, `bash` or `bash -euo pipefail` read their script from standard input.
      return rest.every((a) => a.value.startsWith('-') || a.value === 'pipefail') ? 'shell-stdin' : undefined;
    case 'docker':
    case 'podman': {
      if (rest[0]?.value === 'exec') return skipOptions(rest.slice(1), VALUE_OPTIONS['docker exec']).slice(1);
      if (rest[0]?.value !== 'compose') return undefined;
      const sub = composeArgs(rest.slice(1));
      if (sub[0]?.value !== 'exec' && sub[0]?.value !== 'run') return undefined;
      return skipOptions(sub.slice(1), VALUE_OPTIONS[`compose ${sub[0].value}`]).slice(1);
    }
    case 'docker-compose': {
      const sub = composeArgs(rest);
      if (sub[0]?.value !== 'exec' && sub[0]?.value !== 'run') return undefined;
      return skipOptions(sub.slice(1), VALUE_OPTIONS[`compose ${sub[0].value}`]).slice(1);
    }
    case 'kubectl': {
      if (rest[0]?.value !== 'exec') return undefined;
      const dash = rest.findIndex((a) => a.value === '--');
      return dash < 0 ? undefined : rest.slice(dash + 1);
    }
    default:
      return undefined;
  }
}

/** `compose [global options] exec …` -> `exec …`. */
function composeArgs(args: Arg[]): Arg[] {
  return skipOptions(args, new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory']));
}
