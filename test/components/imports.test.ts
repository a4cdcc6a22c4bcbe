/**
 * Who may import whom: components take their words from src/i18n and never from a generator;
 * src/i18n imports no generator and no component; every island builds on the kit.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|astro|mjs)$/.test(name)) yield path;
  }
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*import\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => (m[1] ?? m[2])!);

describe('imports', () => {
  it('no component imports from src/generate', () => {
    const offenders = [...sources('src/components')].flatMap((f) => importsOf(f).filter((i) => /(^|\/)generate\//.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('src/i18n imports no generator and no component', () => {
    const offenders = [...sources('src/i18n')].flatMap((f) => importsOf(f).filter((i) => /(^|\/)(generate|components)\//.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('each island takes its drop zone, DOM helper and worker client from the kit, and its words from src/i18n', () => {
    const island = (dir: string) => [...sources(`src/components/${dir}`)].flatMap(importsOf);
    for (const [dir, parts] of [
      ['logs', ['kit/DropZone.astro', 'kit/drop-zone.ts', 'kit/h.ts', 'kit/worker-client.ts', 'kit/worker-host.ts', 'kit/download.ts']],
      ['db', ['kit/DropZone.astro', 'kit/drop-zone.ts', 'kit/h.ts', 'kit/worker-client.ts', 'kit/worker-host.ts', 'kit/download.ts']],
      ['search', ['kit/h.ts', 'kit/worker-client.ts', 'kit/worker-host.ts']],
    ] as const) {
      const imported = island(dir);
      for (const part of parts) expect(imported.some((i) => i.endsWith(part)), `${dir} imports ${part}`).toBe(true);
      expect(imported.some((i) => i.endsWith('i18n/index.ts')), `${dir} imports src/i18n`).toBe(true);
      expect([...sources(`src/components/${dir}`)].map((f) => f.split('/').pop()), dir).not.toContain('strings.ts');
    }
  });
});
