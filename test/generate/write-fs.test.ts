import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../src/registry/load.ts';
import { buildOutputs, writeOutputs } from '../../src/generate/write-fs.ts';
import { entry, registryDir, systemFile } from '../registry/fixtures.ts';

describe('generate on disk', () => {
  it('writes pages and data, and removes stale generated pages', () => {
    const root = mkdtempSync(join(tmpdir(), 'errdex-root-'));
    mkdirSync(join(root, 'content/docs/codes'), { recursive: true });
    writeFileSync(join(root, 'content/docs/codes/old_1.mdx'), 'stale');
    const files = buildOutputs({ root, registryDir: registryDir({ 'demo.yaml': systemFile() }), site: 'https://x.example' });
    writeOutputs(files, root);
    expect(existsSync(join(root, 'content/docs/codes/old_1.mdx'))).toBe(false);
    expect(readFileSync(join(root, 'content/docs/en/codes/db_1500.mdx'), 'utf8')).toContain('DB_1500');
    expect(JSON.parse(readFileSync(join(root, 'public/registry.json'), 'utf8')).errors).toHaveLength(1);
  });

  it('refuses a broken registry before writing anything', () => {
    const dir = registryDir({ 'demo.yaml': systemFile({}, [entry('DB_1500'), entry('DB_1500')]) });
    expect(() => buildOutputs({ registryDir: dir })).toThrow(RegistryError);
    try {
      buildOutputs({ registryDir: dir });
    } catch (error) {
      expect((error as RegistryError).problems[0]).toMatchObject({ rule: 'duplicate-code', entry: 'DB_1500', field: 'errors[1].code' });
    }
  });
});
