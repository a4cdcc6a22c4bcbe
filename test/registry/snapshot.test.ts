/**
 * The compiled registry: a snapshot is used only with the keys of the files and code at hand;
 * made from the YAML when missing or stale, and refused where the YAML loader is not at hand.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSnapshot, readSnapshot } from '../../src/registry/snapshot.ts';
import { requireRegistry } from '../../src/registry/load-fs.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const registry = requireRegistry();

describe('readSnapshot', () => {
  const keys = { registryKey: 'r1', codeKey: 'c1' };
  const json = JSON.parse(JSON.stringify(makeSnapshot(registry, keys)));

  it.each([
    ['the same keys', keys, 'fresh'],
    ['other registry files', { ...keys, registryKey: 'r2' }, 'stale'],
    ['other code', { ...keys, codeKey: 'c2' }, 'stale'],
    ['no registry files to compare (an installed package)', { codeKey: 'c1' }, 'fresh'],
  ])('%s: %s', (_label, expected, state) => {
    expect(readSnapshot(json, expected).state).toBe(state);
  });

  it('gives the registry back as it was', () => {
    const read = readSnapshot(json, keys);
    expect(read.state === 'fresh' && read.registry).toEqual(JSON.parse(JSON.stringify(registry)));
  });

  it.each([
    ['not an object', null],
    ['another format', { ...json, formatVersion: 0 }],
    ['no registry', { ...json, registry: undefined }],
    ['errors not a list', { ...json, registry: { ...json.registry, errors: {} } }],
  ])('%s: invalid', (_label, value) => {
    expect(readSnapshot(value, keys).state).toBe('invalid');
  });
});

/** A copy of the project's registry and registry code in a folder of its own, with a script run there on the project's Node. */
function project() {
  const root = mkdtempSync(join(tmpdir(), 'errdex-snapshot-'));
  cpSync(join(ROOT, 'content', 'registry'), join(root, 'content', 'registry'), { recursive: true });
  for (const dir of ['src/registry', 'src/diagnostics/search']) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  mkdirSync(join(root, 'node_modules'));
  for (const dep of ['yaml', 'zod', 'redos-detector', 'opencc-js']) cpSync(join(ROOT, 'node_modules', dep), join(root, 'node_modules', dep), { recursive: true, dereference: true });
  const script = (module: string, body: string) => {
    const file = join(root, `run-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, `import * as m from './src/registry/${module}';\n${body}\n`);
    const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', env: { ...process.env, ERRDEX_ROOT: '', ERRDEX_REGISTRY: '' } });
    return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  };
  return { root, script, snapshot: join(root, 'generated', 'registry-snapshot.json'), yaml: join(root, 'content', 'registry', 'roas-bot.yaml') };
}

const title = "console.log(m.requireRegistry().errors.find((e) => e.code === 'DB_1506').title.en);";

describe('requireRegistry in a process', () => {
  const p = project();

  it('without a snapshot: loads the YAML (the loader at hand) and writes one', () => {
    const r = p.script('load-fs.ts', title);
    expect(r).toMatchObject({ code: 0, stdout: 'Database locked' });
    expect(JSON.parse(readFileSync(p.snapshot, 'utf8')).registry.errors.length).toBe(registry.errors.length);
  });

  it('a fresh snapshot serves a process without the YAML loader', () => {
    expect(p.script('snapshot-fs.ts', title)).toMatchObject({ code: 0, stdout: 'Database locked' });
  });

  it('after a registry file changes: refused without the loader, rebuilt by prepareRegistry', () => {
    writeFileSync(p.yaml, readFileSync(p.yaml, 'utf8').replace('en: Database locked\n', 'en: Database locked (changed)\n'));
    const refused = p.script('snapshot-fs.ts', `try { ${title} } catch (e) { console.log(e.name, e.problems[0].rule, e.problems[0].message); }`);
    expect(refused.stdout).toMatch(/^RegistryError snapshot the compiled registry cannot be used \(made from other registry files\); run `npm run generate`$/);
    expect(p.script('snapshot-fs.ts', `await m.prepareRegistry(); ${title}`)).toMatchObject({ code: 0, stdout: 'Database locked (changed)' });
    expect(p.script('snapshot-fs.ts', title)).toMatchObject({ code: 0, stdout: 'Database locked (changed)' });
  });

  it('a registry with a problem: the problem, and the snapshot is not rewritten', () => {
    const before = readFileSync(p.snapshot, 'utf8');
    writeFileSync(p.yaml, readFileSync(p.yaml, 'utf8').replace('  - code: DB_1506\n', '  - code: DB_1506\n    bogus: 1\n'));
    const r = p.script('snapshot-fs.ts', `await m.prepareRegistry(); try { m.requireRegistry(); } catch (e) { console.log(e.problems.map((p) => p.message).join('; ')); }`);
    expect(r.stdout).toMatch(/unknown field\(s\): bogus/);
    expect(readFileSync(p.snapshot, 'utf8')).toBe(before);
  });

  it('a change to the registry code makes the snapshot stale too', () => {
    const q = project();
    expect(q.script('load-fs.ts', title).code).toBe(0);
    writeFileSync(join(q.root, 'src/registry/codes.ts'), `${readFileSync(join(q.root, 'src/registry/codes.ts'), 'utf8')}\n// changed\n`);
    expect(q.script('snapshot-fs.ts', `try { ${title} } catch (e) { console.log(e.problems[0].message); }`).stdout).toMatch(/made by other code/);
  });
});
