/**
 * Terminal safety: text from a file, a database or the user never reaches a terminal with its
 * control characters. An escape sequence in a log line (`ESC[H ESC[J` clears the screen), a
 * carriage return that overwrites what was printed, or a bidirectional override that reorders a
 * file name (the "Trojan Source" trick) is shown as its escape, `\u001b`, instead of acting.
 */

/**
 * C0 controls except tab and line feed, DEL, C1 controls, and the bidirectional marks,
 * embeddings, overrides and isolates.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every unsafe character written as `\uXXXX`. The same escape is valid inside a JSON
 * string, so JSON output can pass through it too (JSON.stringify escapes C0 but leaves DEL, C1
 * and the bidirectional controls raw); applying it twice changes nothing more.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Several lines of ours, each made safe on its own (the line breaks between them are ours). */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}
