/** Registry text split into plain runs and `inline code` spans, for rendering as nodes (never as HTML). */
export interface InlinePart {
  text: string;
  code: boolean;
}

export function inlineCode(text: string): InlinePart[] {
  return text
    .split(/(`[^`\n]+`)/g)
    .filter((part) => part.length > 0)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? { text: part.slice(1, -1), code: true } : { text: part, code: false }));
}
