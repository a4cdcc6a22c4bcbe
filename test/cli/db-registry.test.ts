/** `errdex db` reads only the registry parts the checker uses, and reads them as the full loader does. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDbRegistry } from '../../src/cli/db-registry.ts';
import { REGISTRY_DIR } from '../../src/registry/files-fs.ts';
import { CODES } from '../../src/diagnostics/db/findings.ts';
import { profileCodes } from '../../src/diagnostics/db/profile.ts';
import { loadRegistry, type Registry } from '../../src/registry/load.ts';
import { readRegistryFiles } from '../../src/registry/load-fs.ts';

const full: Registry = loadRegistry(readRegistryFiles()).registry;

/** A copy of the registry folder with `edit` applied to the file named `name`. */
function copyWith(name: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'errdex-registry-'));
  for (const file of readdirSync(REGISTRY_DIR)) {
    if (!file.endsWith('.yaml')) continue;
    const text = readFileSync(join(REGISTRY_DIR, file), 'utf8');
    writeFileSync(join(dir, file), file === name ? edit(text) : text);
  }
  return dir;
}

function expectSameAsFull(dir?: string) {
  const { registry, problems } = loadDbRegistry(dir);
  expect(problems).toEqual([]);
  expect(registry.dbProfiles).toEqual(full.dbProfiles);
  expect(registry.errors.map((e) => e.code).sort()).toEqual(full.errors.map((e) => e.code).sort());
  const byCode = new Map(full.errors.map((e) => [e.code, e]));
  const wanted = new Set<string>([...Object.values(CODES), ...full.dbProfiles.flatMap(profileCodes)]);
  for (const e of registry.errors) {
    const entry = byCode.get(e.code)!;
    expect(e.system).toBe(entry.system);
    if (wanted.has(e.code)) expect(e).toEqual({ code: entry.code, system: entry.system, related: entry.related, title: entry.title });
    else expect(e.title).toBeUndefined();
  }
}

describe('loadDbRegistry', () => {
  it('gives the profiles, and the codes findings carry, as the full loader does', () => {
    expectSameAsFull();
  });

  it('parses a file whole when its entries are not laid out one `- code:` line each', () => {
    // The entries of sqlite.yaml start with their category instead of their code.
    const dir = copyWith('sqlite.yaml', (text) => text.replace(/^( {2})- code: (\S+)\n {4}category: (\S+)$/gm, '$1- category: $3\n    code: $2'));
    expect(readFileSync(join(dir, 'sqlite.yaml'), 'utf8')).toMatch(/- category: file\n {4}code: SQLT_9000/);
    expectSameAsFull(dir);
  });

  it('reports a profile the checker cannot use', () => {
    const dir = copyWith('db-profiles.yaml', (text) => text.replace('    detect: [messages, embeddings]\n', ''));
    const { problems } = loadDbRegistry(dir);
    expect(problems).toEqual([{ file: expect.stringContaining('db-profiles.yaml'), message: expect.stringMatching(/detect: required field is missing/) }]);
  });

  it('reports an entry it cannot read', () => {
    const dir = copyWith('sqlite.yaml', (text) => text.replace(/(- code: SQLT_9000\n(?: {4}.*\n)*? {4}title:\n) {6}zh-TW: .*\n/, '$1'));
    const { problems } = loadDbRegistry(dir);
    expect(problems).toEqual([{ file: expect.stringContaining('sqlite.yaml'), message: expect.stringMatching(/SQLT_9000.*title\.zh-TW: required field is missing/) }]);
  });
});
