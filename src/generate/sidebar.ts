/** The Starlight sidebar, built from the registry: one group per system, then its guides and codes. */
import type { Registry } from '../registry/load.ts';
import { codeSlug } from '../registry/queries.ts';
import { translator } from '../i18n/index.ts';

type SidebarItem =
  | { slug: string; label?: string; translations?: Record<string, string> }
  | { label: string; translations?: Record<string, string>; collapsed?: boolean; items: SidebarItem[] }
  | { autogenerate: { directory: string; collapsed?: boolean } };

const zh = translator('zh-TW');
const en = translator('en');

export const TOOL_SLUGS = ['tools/search', 'tools/logs', 'tools/db'] as const;

/**
 * @param exists tells whether a hand-written page or folder exists under content/docs (slug without extension),
 *   so that the sidebar lists only what the site really has.
 */
export function buildSidebar(registry: Registry, exists: (slug: string) => boolean): SidebarItem[] {
  const sidebar: SidebarItem[] = [];
  const tools = TOOL_SLUGS.filter(exists).map((slug) => ({ slug }));
  if (tools.length > 0) sidebar.push({ label: zh('label.tools'), translations: { en: en('label.tools') }, items: tools });
  for (const system of registry.systems) {
    const items: SidebarItem[] = [{ slug: `systems/${system.id}`, label: zh('label.overview'), translations: { en: en('label.overview') } }];
    if (exists(`guides/${system.id}`)) {
      items.push({ label: zh('label.guides'), translations: { en: en('label.guides') }, items: [{ autogenerate: { directory: `guides/${system.id}` } }] });
    }
    const codes = registry.errors.filter((e) => e.system === system.id).map((e) => ({ slug: `codes/${codeSlug(e.code)}` }));
    items.push({ label: zh('label.codes'), translations: { en: en('label.codes') }, collapsed: true, items: codes });
    sidebar.push({ label: system.name, collapsed: true, items });
  }
  return sidebar;
}
