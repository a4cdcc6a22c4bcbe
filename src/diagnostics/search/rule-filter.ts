/**
 * A trigram prefilter for match rules, so that a query runs only the rules that can possibly
 * match it (the idea of Google Code Search's trigram index, on a small scale).
 *
 * Every rule gets an anchor: three consecutive characters (lower-cased) that any text it
 * matches must contain. For a literal rule that is a piece of the literal; for a regex, a piece
 * of a run of plain characters the pattern requires (`requiredRuns`, from the one regex reader). A rule with no anchor
 * is always run. The prefilter only decides which rules to run; the compiled rule decides
 * whether it matches.
 */

export { requiredRuns } from '../../registry/regex-source.ts';

/**
 * How a rule compares text, and so in which form of the text its anchor must occur:
 * `raw` (case-sensitive), `lower` (a literal rule: both sides lower-cased, as `match.ts` does),
 * `fold` (an `i` regex, which compares upper-cased characters).
 */
export type TextForm = 'raw' | 'lower' | 'fold';

/** The `fold` form: under it, an `i` regex's match contains the folded run (final sigma included). */
export function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase().replaceAll('ς', 'σ');
}

export function textForm(text: string, form: TextForm): string {
  return form === 'raw' ? text : form === 'lower' ? text.toLowerCase() : caseFold(text);
}

export interface Requirement {
  form: TextForm;
  /** Strings, in that form, that any text the item matches contains. */
  strings: string[];
}

export interface TrigramFilter<T> {
  /** Items whose anchor occurs in the text, plus those without an anchor. */
  candidates(text: string): T[];
}

function trigrams(s: string): string[] {
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return out;
}

const FORMS: readonly TextForm[] = ['raw', 'lower', 'fold'];

/**
 * The anchor of each item: the trigram of its requirement that is rarest among all items,
 * tagged with its text form (`l` + trigram), or '' for an item without one. Saved with the
 * search index, so loading it does not repeat this work.
 */
export function chooseAnchors<T>(items: readonly T[], required: (item: T) => Requirement): string[] {
  const grams = items.map((item) => {
    const { form, strings } = required(item);
    return [...new Set(strings.flatMap(trigrams))].map((g) => `${form[0]}${g}`);
  });
  const frequency = new Map<string, number>();
  for (const list of grams) for (const g of list) frequency.set(g, (frequency.get(g) ?? 0) + 1);
  return grams.map((list) => {
    let anchor: string | undefined;
    for (const g of list) if (anchor === undefined || frequency.get(g)! < frequency.get(anchor)!) anchor = g;
    return anchor ?? '';
  });
}

/** The prefilter over items with their anchors (`chooseAnchors`). */
export function trigramFilter<T>(items: readonly T[], anchors: readonly string[]): TrigramFilter<T> {
  const byAnchor = new Map<string, T[]>();
  const always: T[] = [];
  const used = new Set<TextForm>();
  items.forEach((item, i) => {
    const anchor = anchors[i];
    if (!anchor) {
      always.push(item);
      return;
    }
    const form = FORMS.find((f) => f[0] === anchor[0]);
    if (!form) {
      always.push(item);
      return;
    }
    used.add(form);
    const list = byAnchor.get(anchor);
    if (list) list.push(item);
    else byAnchor.set(anchor, [item]);
  });
  return {
    candidates(text) {
      const out = [...always];
      // Scan each distinct form of the text once, looking up the anchors of every form equal to it.
      const scans = new Map<string, string[]>();
      for (const form of FORMS) {
        if (!used.has(form)) continue;
        const t = textForm(text, form);
        const tags = scans.get(t);
        if (tags) tags.push(form[0]!);
        else scans.set(t, [form[0]!]);
      }
      const seen = new Set<string>();
      for (const [t, tags] of scans) {
        const chars = Array.from(t);
        for (let i = 0; i + 3 <= chars.length; i++) {
          const g = chars[i]! + chars[i + 1]! + chars[i + 2]!;
          for (const tag of tags) {
            const key = tag + g;
            if (seen.has(key)) continue;
            seen.add(key);
            const list = byAnchor.get(key);
            if (list) for (const item of list) out.push(item);
          }
        }
      }
      return out;
    },
  };
}

/** Build the prefilter; each item is anchored on the trigram of its requirement that is rarest among all items. */
export function buildTrigramFilter<T>(items: readonly T[], required: (item: T) => Requirement): TrigramFilter<T> {
  return trigramFilter(items, chooseAnchors(items, required));
}
