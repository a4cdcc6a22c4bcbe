/**
 * The zh-TW glossary: one spelling per concept. The table lives in `content/registry/README.md`
 * (section "zh-TW glossary"), where maintainers read it; `errdex check` reads the same table and
 * reports every other spelling it finds in Traditional Chinese text. Pure.
 */

export interface GlossaryTerm {
  concept: string;
  /** The spelling to write. */
  use: string;
  /** Spellings that must not appear. */
  avoid: string[];
  /** Longer words that contain an avoided spelling but are fine (`放進程式` holds 進程). */
  allow: string[];
}

export interface GlossaryHit {
  /** 0-based line and column within the text. */
  line: number;
  column: number;
  found: string;
  term: GlossaryTerm;
}

/** Items of a table cell: backticked spellings separated by `、` or `,`. */
function items(cell: string | undefined): string[] {
  return [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/**
 * The rows of the table under the `## zh-TW glossary` heading: `| concept | use | avoid | allow |`,
 * spellings written in backticks.
 */
export function parseGlossary(markdown: string): GlossaryTerm[] {
  const section = /^## zh-TW glossary[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1];
  if (!section) return [];
  const terms: GlossaryTerm[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const [use] = items(cells[1]);
    const avoid = items(cells[2]);
    if (!use || avoid.length === 0) continue;
    terms.push({ concept: cells[0]!, use, avoid, allow: items(cells[3]) });
  }
  return terms;
}

/** Every avoided spelling in a text, except where it is part of an allowed longer word. */
export function glossaryHits(text: string, terms: readonly GlossaryTerm[]): GlossaryHit[] {
  const hits: GlossaryHit[] = [];
  for (const term of terms) {
    for (const avoid of term.avoid) {
      for (let at = text.indexOf(avoid); at >= 0; at = text.indexOf(avoid, at + avoid.length)) {
        const allowed = term.allow.some((word) => {
          for (let k = word.indexOf(avoid); k >= 0; k = word.indexOf(avoid, k + 1)) {
            if (text.startsWith(word, at - k)) return true;
          }
          return false;
        });
        if (allowed) continue;
        const before = text.slice(0, at);
        const line = before.split('\n').length - 1;
        hits.push({ line, column: at - (before.lastIndexOf('\n') + 1), found: avoid, term });
      }
    }
  }
  return hits.sort((a, b) => a.line - b.line || a.column - b.column);
}
