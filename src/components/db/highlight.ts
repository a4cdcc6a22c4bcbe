/**
 * Suggested commands highlighted with Shiki, built as DOM nodes from its tokens (text set with
 * textContent), since a command may quote names that came from the file.
 */
import type { HighlighterCore } from 'shiki/core';

let highlighter: Promise<HighlighterCore> | undefined;

function load(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, sql, shell, light, dark] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
      import('shiki/langs/sql.mjs'),
      import('shiki/langs/shellscript.mjs'),
      import('shiki/themes/github-light.mjs'),
      import('shiki/themes/github-dark.mjs'),
    ]);
    return createHighlighterCore({
      themes: [light.default, dark.default],
      langs: [sql.default, shell.default],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  return highlighter;
}

/** Fill `code` with highlighted tokens of `text`; it keeps the plain text if Shiki fails to load. */
export async function highlightInto(code: HTMLElement, text: string, lang: 'sql' | 'bash'): Promise<void> {
  code.textContent = text;
  try {
    const h = await load();
    const dark = document.documentElement.dataset.theme === 'dark';
    const { tokens } = h.codeToTokens(text, { lang: lang === 'bash' ? 'shellscript' : 'sql', theme: dark ? 'github-dark' : 'github-light' });
    const frag = document.createDocumentFragment();
    tokens.forEach((line, i) => {
      for (const token of line) {
        const span = document.createElement('span');
        span.textContent = token.content;
        if (token.color) span.style.color = token.color;
        frag.append(span);
      }
      if (i < tokens.length - 1) frag.append('\n');
    });
    code.replaceChildren(frag);
    code.dataset.highlighted = 'true';
  } catch {
    // Plain text is still correct.
  }
}
