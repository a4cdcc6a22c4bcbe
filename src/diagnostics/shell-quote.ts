/**
 * Quoting for the shell commands errdex suggests. Every value that goes into a command a person
 * is told to paste (file names, SQL text, names that came from a file) passes through
 * `shellQuote`, so nothing in it can end a word, start a command or expand a variable.
 *
 * POSIX single quotes keep every character literally except the quote itself, which is written
 * `'\''`. A value holding characters a terminal would act on or hide (control characters,
 * bidirectional and zero-width format characters, line and paragraph separators) is written in
 * `$'…'` instead, with those characters as escapes of their UTF-8 bytes, so the command shows
 * them and stays on one line whatever the locale; bash, zsh, ksh, busybox and POSIX.1-2024
 * shells read that form.
 */

/** Characters shown as escapes: C0 and C1 controls, DEL, format characters, line separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const HIDDEN_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const utf8 = new TextEncoder();

/** A hidden character as escapes of its UTF-8 bytes (`\\u` would depend on the shell's locale). */
function escapeHidden(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  return [...utf8.encode(ch)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

/** `value` as one shell word, always quoted: `'it'\''s'`, or `$'a\nb'` when it holds hidden characters. */
export function shellQuote(value: string): string {
  if (HIDDEN.test(value)) {
    return `$'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(HIDDEN_ALL, escapeHidden)}'`;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A file name as a command's argument: quoted, and, when it starts with `-`, prefixed with
 * `./` so that the command does not take it for an option.
 */
export function shellPath(path: string): string {
  return shellQuote(path.startsWith('-') ? `./${path}` : path);
}

/** A file name as a `find -name` pattern that matches only itself (`*`, `?`, `[` and `\` escaped), quoted. */
export function findNamePattern(name: string): string {
  return shellQuote(name.replace(/[*?[\\]/g, (c) => `\\${c}`));
}

/** A `sqlite3` shell command: the file and the SQL (or dot-command), each one quoted word. */
export function sqliteCommand(file: string, sql: string): string {
  return `sqlite3 ${shellPath(file)} ${shellQuote(sql)}`;
}
