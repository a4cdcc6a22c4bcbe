/** Small registry files for tests, built as data and written out as YAML. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SourceFile } from '../../src/registry/load.ts';

export const L = (zh: string, en: string) => ({ 'zh-TW': zh, en });

export function entry(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    category: 'db',
    severity: 'error',
    retryable: false,
    title: L(`標題 ${code}`, `Title ${code}`),
    summary: L('摘要', 'Summary'),
    symptoms: [L('症狀', 'Symptom')],
    causes: [L('原因', 'Cause')],
    resolution: [{ text: L('處理', 'Fix'), command: { lang: 'bash', code: 'echo fix' } }],
    ...overrides,
  };
}

export function systemFile(overrides: Record<string, unknown> = {}, errors: unknown[] = [entry('DB_1500')]) {
  return {
    system: { id: 'demo', name: 'Demo', language: 'en', stack: 'Python', summary: L('示範', 'Demo') },
    categories: [
      { id: 'db', prefix: 'DB', range: [1500, 1599], name: L('資料庫', 'Database'), description: L('資料庫', 'Database') },
      { id: 'app', prefix: 'APP', range: [1000, 1099], name: L('應用', 'App'), description: L('應用', 'App') },
    ],
    errors,
    ...overrides,
  };
}

export function source(data: unknown, path = 'content/registry/demo.yaml'): SourceFile {
  return { path, text: typeof data === 'string' ? data : stringify(data) };
}

/** Write files into a fresh temporary registry folder and return its path. */
export function registryDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'errdex-registry-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof data === 'string' ? data : stringify(data));
  }
  return dir;
}
