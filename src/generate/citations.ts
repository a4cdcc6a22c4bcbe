/**
 * Where the hand-written guides cite each code: every `<ErrorCode code="…" />` with the page and
 * the section it stands in, so that a code's page can lead back to the guides that explain it.
 * Pure: page texts in, citations out; `write-fs.ts` reads the pages.
 */
import GithubSlugger from 'github-slugger';
import type { Locale } from '../registry/codes.ts';

export interface GuidePage {
  /** Path under `content/docs`, e.g. `guides/roas-bot/database.mdx` or `en/guides/…`. */
  path: string;
  text: string;
}

export interface Citation {
  locale: Locale;
  /** URL of the section: the page's path and, when the code stands under a heading, its anchor. */
  href: string;
  page: string;
  /** Title of the section (`undefined` when the code is cited before the first heading). */
  section?: string;
  /**
   * The section is about this code: it cites it on a line of its own, in full (the guides'
   * convention right under a section heading), rather than in passing.
   */
  primary: boolean;
}

const ERROR_CODE = /<ErrorCode\b([^>]*?)\/?>/g;
const CODE_ATTR = /\bcode=["']([^"']+)["']/;
/** The registry tables a guide can embed, which list codes without naming them in its text. */
const TABLE = /^\s*<(CodeTable|RetryTable)\b([^>]*?)\/?>/;
const ATTRS = /\b([a-z]+)=["']([^"']*)["']/g;

/** The codes a `<CodeTable>` or `<RetryTable>` with these attributes lists (from the registry). */
export type TableCodes = (component: 'CodeTable' | 'RetryTable', attrs: Readonly<Record<string, string>>) => readonly string[];

/** The page URL of a docs path: `en/guides/x/index.mdx` -> `/en/guides/x/`. */
export function pageUrl(path: string): string {
  const slug = path.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
  return `/${slug}${slug ? '/' : ''}`;
}

function frontmatterTitle(text: string): string | undefined {
  const fm = /^---\n([\s\S]*?)\n---/.exec(text);
  const line = fm?.[1]?.split('\n').find((l) => l.startsWith('title:'));
  if (!line) return undefined;
  const value = line.slice('title:'.length).trim();
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value.replace(/^'(.*)'$/, '$1');
}

/** The text a heading shows, as the id generator sees it: Markdown marks and tags removed. */
export function headingText(markdown: string): string {
  return markdown
    .replace(/<[^>]+>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .trim();
}

/** Citations of every code, in page order, one per code and section. */
export function collectCitations(pages: readonly GuidePage[], tableCodes?: TableCodes): Map<string, Citation[]> {
  const out = new Map<string, Citation[]>();
  for (const page of [...pages].sort((a, b) => a.path.localeCompare(b.path))) {
    const locale: Locale = page.path.startsWith('en/') ? 'en' : 'zh-TW';
    const url = pageUrl(page.path);
    const title = frontmatterTitle(page.text) ?? url;
    const slugger = new GithubSlugger();
    let section: { title: string; id: string } | undefined;
    let h2: string | undefined;
    let fence: string | undefined;
    const body = page.text.replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const line of body.split('\n')) {
      const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
        continue;
      }
      if (marker) {
        fence = marker;
        continue;
      }
      const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
      if (heading) {
        const text = headingText(heading[2]!);
        const id = slugger.slug(text);
        const depth = heading[1]!.length;
        if (depth <= 2) {
          h2 = text;
          section = { title: text, id };
        } else if (depth === 3) section = { title: h2 ? `${h2} › ${text}` : text, id };
        continue;
      }
      const cite = (code: string, primary: boolean) => {
        const list = out.get(code) ?? [];
        const href = section ? `${url}#${section.id}` : url;
        const existing = list.find((c) => c.href === href);
        if (existing) existing.primary ||= primary;
        else {
          list.push({ locale, href, page: title, section: section?.title, primary });
          out.set(code, list);
        }
      };
      for (const tag of line.matchAll(ERROR_CODE)) {
        const code = CODE_ATTR.exec(tag[1]!)?.[1];
        if (code) cite(code, line.trim() === tag[0] && !/\bshort\b/.test(tag[1]!));
      }
      const table = tableCodes && TABLE.exec(line);
      if (table) {
        const attrs = Object.fromEntries([...table[2]!.matchAll(ATTRS)].map((m) => [m[1]!, m[2]!]));
        for (const code of tableCodes(table[1] as 'CodeTable' | 'RetryTable', attrs)) cite(code, false);
      }
    }
  }
  return out;
}
