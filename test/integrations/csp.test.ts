import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { policyFor, scriptHashes, withPolicy } from '../../src/integrations/csp.ts';

const page = '<!DOCTYPE html><html><head><meta charset="utf-8"><script>var a=1;</script><script type="module" src="/_astro/x.js"></script></head><body><script type="module">go()</script></body></html>';
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('content security policy', () => {
  it('hashes exactly the inline scripts of a page', () => {
    expect(scriptHashes(page)).toEqual([sha('var a=1;'), sha('go()')]);
  });

  it('allows only this origin, wasm and the page’s own inline scripts', () => {
    const policy = policyFor(page);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain(`script-src 'self' 'wasm-unsafe-eval' ${sha('var a=1;')} ${sha('go()')}`);
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/https?:|\*|'unsafe-eval'/);
  });

  it('puts the policy right after the charset, once', () => {
    const out = withPolicy(page);
    expect(out).toMatch(/^<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src/);
    expect(withPolicy(out)).toBe(out);
  });
});
