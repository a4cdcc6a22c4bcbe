/**
 * Text for a terminal: anything that came from a file (names, values, SQLite's messages that
 * quote them) is written with its control characters shown as escapes, so it can neither move
 * the cursor, clear the screen, rewrite the title nor hide itself (bidirectional overrides).
 * Line breaks the program itself puts between lines are added after this.
 */

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.codePointAt(0)!;
    if (ch === '\t') return '\\t';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Several lines of ours, each made safe on its own. */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}
