/**
 * Log records highlighted with Shiki's fine-grained core, its JavaScript regex engine and the
 * grammar in log-grammar.ts. The text always goes in with textContent: tokens become spans, never
 * markup, because a record's text comes from the file. Both GitHub themes are applied through CSS
 * variables, so the colours follow the site's light or dark mode.
 */
import type { HighlighterCore } from 'shiki/core';
import { LOG_LANGUAGE, logGrammar } from './log-grammar.ts';

let highlighter: Promise<HighlighterCore> | undefined;

/** Load Shiki once (its modules are fetched on the first call). */
export function loadHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, light, dark] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
      import('shiki/themes/github-light.mjs'),
      import('shiki/themes/github-dark.mjs'),
    ]);
    return createHighlighterCore({
      themes: [light.default, dark.default],
      langs: [logGrammar],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  return highlighter;
}

/** Longest text highlighted; past it the rest is shown plain (tokenising is per line anyway). */
const MAX_HIGHLIGHT = 200_000;

/** Fill `target` with `text`, highlighted when Shiki is available (plain text otherwise). */
export async function highlightInto(target: HTMLElement, text: string): Promise<void> {
  target.textContent = text;
  try {
    const h = await loadHighlighter();
    const head = text.length > MAX_HIGHLIGHT ? text.slice(0, MAX_HIGHLIGHT) : text;
    const { tokens } = h.codeToTokens(head, {
      lang: LOG_LANGUAGE,
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
    });
    const frag = document.createDocumentFragment();
    tokens.forEach((line, i) => {
      for (const token of line) {
        const span = document.createElement('span');
        span.textContent = token.content;
        for (const [name, value] of Object.entries(token.htmlStyle ?? {})) span.style.setProperty(name, value);
        frag.append(span);
      }
      if (i < tokens.length - 1) frag.append('\n');
    });
    if (head.length < text.length) frag.append(text.slice(head.length));
    target.replaceChildren(frag);
    target.dataset.highlighted = 'true';
  } catch {
    // The plain text is already there and correct.
  }
}
