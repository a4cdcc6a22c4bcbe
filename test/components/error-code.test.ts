import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/registry/load.ts';
import { resolveCodeRef, UnknownCodeError } from '../../src/components/error-code.ts';
import { entry, source, systemFile } from '../registry/fixtures.ts';

const { registry } = loadRegistry([source(systemFile({}, [entry('DB_1506')]))]);

describe('<ErrorCode> resolution', () => {
  it('links to the code page of the locale with its registry title', () => {
    expect(resolveCodeRef(registry, 'DB_1506', 'en')).toEqual({ code: 'DB_1506', title: 'Title DB_1506', href: '/en/codes/db_1506/', severity: 'error' });
    expect(resolveCodeRef(registry, 'DB_1506', 'zh-TW').href).toBe('/codes/db_1506/');
  });

  it('fails for an unknown code, naming the page and a near spelling', () => {
    expect(() => resolveCodeRef(registry, 'DB_1599', 'en', '/guides/x/')).toThrow(UnknownCodeError);
    expect(() => resolveCodeRef(registry, 'DB_1599', 'en', '/guides/x/')).toThrow(/DB_1599.*\/guides\/x\//);
    expect(() => resolveCodeRef(registry, 'db-1506', 'en')).toThrow(/did you mean "DB_1506/);
  });
});
