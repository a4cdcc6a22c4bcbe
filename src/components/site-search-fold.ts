/**
 * Folds a site-search query from Simplified to Traditional Chinese before Pagefind runs it, so
 * that 数据库 finds the pages about 資料庫. The converter (opencc-js's character and Taiwan
 * dictionaries, shared with the error-code search) is loaded only once someone searches: when
 * the search dialog opens on a Chinese page, or at the first query holding Han characters.
 */
import type { ScriptFolder } from '../diagnostics/search/fold.ts';

let fold: ScriptFolder | undefined;
let loading: Promise<void> | undefined;

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

function load(): void {
  loading ??= import('../diagnostics/search/fold.ts').then(({ simplifiedToTraditional }) => {
    fold = simplifiedToTraditional();
    // A query typed before the converter arrived is searched again, folded.
    const input = document.querySelector<HTMLInputElement>('#starlight__search input');
    if (input && HAN.test(input.value)) {
      const folded = fold(input.value);
      if (folded !== input.value) {
        input.value = folded;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
  });
}

/** Pagefind UI's `processTerm`: the query with Simplified characters turned Traditional. */
export function foldQuery(term: string): string {
  if (fold) return fold(term);
  if (HAN.test(term)) load();
  return term;
}

if (typeof document !== 'undefined' && document.documentElement.lang.toLowerCase().startsWith('zh')) {
  const early = (event: Event) => {
    const target = event.target as Element | null;
    const opening = event.type === 'keydown'
      ? (event as KeyboardEvent).key === 'k' && ((event as KeyboardEvent).ctrlKey || (event as KeyboardEvent).metaKey)
      : !!target?.closest?.('button[data-open-modal]');
    if (opening) load();
  };
  document.addEventListener('click', early, { capture: true });
  document.addEventListener('keydown', early, { capture: true });
}
