/** What `<ErrorCode>` renders, resolved from the registry; throws for an unknown code so the build fails. */
import type { Registry } from '../registry/load.ts';
import { codePath, findEntry } from '../registry/queries.ts';
import type { Locale, Severity } from '../registry/schema.ts';

export interface CodeRef {
  code: string;
  title: string;
  href: string;
  severity: Severity;
}

export class UnknownCodeError extends Error {
  constructor(code: string, page?: string) {
    super(`<ErrorCode code="${code}"> ${page ? `on ${page} ` : ''}names a code that is not in the error registry`);
    this.name = 'UnknownCodeError';
  }
}

export function resolveCodeRef(registry: Registry, code: string, locale: Locale, page?: string): CodeRef {
  const entry = registry.errors.find((e) => e.code === code);
  if (!entry) {
    const near = findEntry(registry, code);
    throw new UnknownCodeError(near ? `${code}" (did you mean "${near.code}?)` : code, page);
  }
  return { code: entry.code, title: entry.title[locale], href: codePath(entry.code, locale), severity: entry.severity };
}
