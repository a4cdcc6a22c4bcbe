/** Small helpers for writing Markdown safely from registry text. */

/**
 * Escape text for Markdown/MDX prose: angle brackets and braces outside inline code spans become
 * entities, so registry text can never open an HTML tag or a JSX expression.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`\n]*`)/g)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[<>{}]/g, (c) => `&#${c.charCodeAt(0)};`)))
    .join('');
}

/** Text inside a Markdown table cell: prose, with pipes and line breaks neutralised. */
export function cell(text: string): string {
  return prose(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function fence(code: string, lang: string, title?: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  const meta = title ? ` title=${JSON.stringify(title)}` : '';
  return `${marks}${lang}${meta}\n${code.replace(/\n+$/, '')}\n${marks}`;
}

/** A YAML-safe double-quoted scalar for frontmatter. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}
