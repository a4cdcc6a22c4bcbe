/**
 * Which system a page belongs to, and the line under its title saying which version of the
 * system it describes: "Describes roas-bot v2.4.1, as of its troubleshooting guide of 2025-08-23".
 */
import type { Registry } from '../registry/load.ts';
import type { Locale } from '../registry/codes.ts';
import { indexRegistry } from '../registry/queries.ts';
import type { System } from '../registry/schema.ts';
import { fill, labelsFor } from './labels.ts';

/** The system of a page id (`guides/roas-bot/database`, `en/codes/db_1506`, `systems/botrs`). */
export function systemOfPage(registry: Registry, id: string): System | undefined {
  const [kind, name] = id.replace(/^en\//, '').split('/');
  if (!name) return undefined;
  if (kind === 'guides' || kind === 'systems') return registry.systems.find((s) => s.id === name);
  if (kind === 'codes') {
    const entry = indexRegistry(registry).byCode.get(name.toUpperCase());
    return entry ? registry.systems.find((s) => s.id === entry.system) : undefined;
  }
  return undefined;
}

/** The "describes" line of a system's pages, or undefined when the registry says nothing about it. */
export function describesLine(system: System, locale: Locale): string | undefined {
  if (!system.asOf) return undefined;
  const l = labelsFor(locale);
  const version = system.version ? `${/^\d/.test(system.version) ? 'v' : ''}${system.version}` : undefined;
  // In Chinese text a Latin word or a number is set off by a space.
  const asOf = locale === 'zh-TW' && /^[\w]/.test(system.asOf[locale]) ? ` ${system.asOf[locale]}` : system.asOf[locale];
  return fill(version ? l.describesVersion : l.describes, { system: system.name, version: version ?? '', asOf });
}
