import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OVERFLOW_TEMPLATE, TemplateMiner } from '../../../../src/diagnostics/logs/templates/miner.ts';
import { groupMessages } from '../../../../src/diagnostics/logs/templates/group.ts';

/** Feed signatures to a miner; the final template of each. */
function mine(signatures: string[], miner = new TemplateMiner()): string[] {
  const clusters = signatures.map((s) => miner.add(s));
  return clusters.map((c) => miner.template(c));
}

describe('template miner', () => {
  it('keeps apart lines that differ in words', () => {
    const t = mine(['Connection opened', 'Connection closed', 'Connection reset', 'cupsd startup succeeded', 'cupsd shutdown succeeded']);
    expect(new Set(t).size).toBe(5);
  });

  it('merges lines that differ in a variable word once enough words were seen there', () => {
    const users = ['alice', 'bob', 'carol', 'dave'];
    const t = mine(users.map((u) => `Invalid user ${u} from <*> port <*>`));
    // two users are two templates until the third shows the position takes any word
    expect(t[0]).toBe('Invalid user <*> from <*> port <*>');
    expect(new Set(t).size).toBe(1);
    const two = mine(['Invalid user alice from <*>', 'Invalid user bob from <*>']);
    expect(new Set(two).size).toBe(2);
  });

  it('handles a variable in the first position', () => {
    const t = mine(['alice logged in from <*>', 'bob logged in from <*>', 'carol logged in from <*>', 'dave logged out']);
    expect(t.slice(0, 3)).toEqual(['<*> logged in from <*>', '<*> logged in from <*>', '<*> logged in from <*>']);
    expect(t[3]).toBe('dave logged out');
  });

  it('never makes a keyword in capitals a variable', () => {
    const t = mine(['Received PINGREQ from <*>', 'Received DISCONNECT from <*>', 'Received SUBSCRIBE from <*>', 'Received PUBLISH from <*>']);
    expect(new Set(t).size).toBe(4);
  });

  it('keeps a keyword apart from a masked part, but lets a variable that took words take one', () => {
    // SOCKS5 is masked (a digit); HTTPS is a keyword, not its value
    expect(new Set(mine(['<*> open through proxy <*> HTTPS', '<*> open through proxy <*> <*>'])).size).toBe(2);
    // a user name in capitals, once the position took user names
    const t = mine(['Invalid user alice from <*>', 'Invalid user bob from <*>', 'Invalid user carol from <*>', 'Invalid user ADMIN from <*>']);
    expect(new Set(t).size).toBe(1);
  });

  it('makes a position a variable where a masked part meets a word, with enough words equal', () => {
    const t = mine(['Took <*> seconds to build instance <*>', 'Took many seconds to build instance <*>']);
    expect(t).toEqual(['Took <*> seconds to build instance <*>', 'Took <*> seconds to build instance <*>']);
    // but not with too few words beside it
    expect(new Set(mine(['status <*>', 'status OK'])).size).toBe(2);
  });

  it('keeps request paths as endpoints, making a segment a variable only from many words', () => {
    const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const t = mine([
      '"GET /health HTTP/<*>" <*>',
      '"GET /login HTTP/<*>" <*>',
      '"GET /metrics HTTP/<*>" <*>',
      '"GET /orders/<*> HTTP/<*>" <*>',
      '"GET /orders/latest HTTP/<*>" <*>',
      ...names.map((n) => `"GET /api/users/${n} HTTP/<*>" <*>`),
    ]);
    expect(new Set(t.slice(0, 5)).size).toBe(5);
    expect(new Set(t.slice(5))).toEqual(new Set(['"GET /api/users/<*> HTTP/<*>" <*>']));
  });

  it('merges clusters whose templates become equal, keeping each cluster number', () => {
    const miner = new TemplateMiner();
    const a = miner.add('Stored job alpha in queue <*>');
    const b = miner.add('Stored job beta in queue <*>');
    // the third shows the position takes any word: the three merge into the oldest
    const c = miner.add('Stored job gamma in queue <*>');
    expect(c).toBe(a);
    expect(b).not.toBe(a);
    expect(miner.size).toBe(1);
    expect(miner.canonical(b)).toBe(a);
    expect(miner.template(b)).toBe(miner.template(a));
    expect(miner.add('Stored job beta in queue <*>')).toBe(b);
  });

  it('gives a repeated signature the cluster it got the first time, and depends only on the sequence', () => {
    const word = fc.constantFrom('alice', 'bob', 'carol', 'dave', 'opened', 'closed', 'user', 'from', 'GET', '<*>', 'x=<*>', '/a/b', 'in', 'queue');
    const sig = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(sig, { maxLength: 80 }), (signatures) => {
        const miner = new TemplateMiner();
        const first = new Map<string, number>();
        for (const s of signatures) {
          const c = miner.add(s);
          if (!first.has(s)) first.set(s, c);
          expect(c).toBe(first.get(s));
        }
        // asked again at the end, every signature still gets its first cluster
        for (const [s, c] of first) expect(miner.add(s)).toBe(c);
        // a second miner fed the same distinct signatures in the same order agrees
        const other = new TemplateMiner();
        const distinct = [...first.keys()];
        const again = distinct.map((s) => other.add(s));
        expect(again).toEqual(distinct.map((s) => first.get(s)));
        expect(distinct.map((s) => other.template(other.add(s)))).toEqual(distinct.map((s) => miner.template(first.get(s)!)));
      }),
    );
  });

  it('sends signatures past the cluster limit to a visible overflow cluster', () => {
    const miner = new TemplateMiner({ maxClusters: 3 });
    const ids = ['apple pie', 'banana split', 'cherry tart', 'damson jam', 'elder wine'].map((s) => miner.add(s));
    expect(miner.overflowCluster).toBeGreaterThanOrEqual(0);
    expect(ids.slice(3)).toEqual([miner.overflowCluster, miner.overflowCluster]);
    expect(miner.isOverflow(ids[4]!)).toBe(true);
    expect(miner.isOverflow(ids[0]!)).toBe(false);
    expect(miner.template(ids[4]!)).toBe(OVERFLOW_TEMPLATE);
    expect(miner.overflowed).toBe(2);
    // a signature that fits an existing cluster still goes there
    expect(miner.add('apple pie')).toBe(ids[0]);
    // and one seen past the limit stays in the overflow cluster
    expect(miner.add('damson jam')).toBe(miner.overflowCluster);
  });

  it('sends signatures past the remembered limit to the overflow cluster', () => {
    const miner = new TemplateMiner({ maxSignatures: 2 });
    const a = miner.add('one thing');
    miner.add('two things');
    expect(miner.add('three things')).toBe(miner.overflowCluster);
    expect(miner.add('one thing')).toBe(a);
  });

  it('compares at most maxTokens tokens', () => {
    const miner = new TemplateMiner({ maxTokens: 4 });
    const a = miner.add('a b c d e f');
    const b = miner.add('a b c d x y');
    expect(b).toBe(a);
    expect(miner.template(a)).toBe('a b c …');
  });

  it('does bounded work per signature however many clusters share a word', () => {
    const miner = new TemplateMiner();
    const n = 3000;
    for (let i = 0; i < n; i++) miner.add(`the ${(i * 7919).toString(36).replace(/\d/g, 'q')} of ${String.fromCharCode(97 + (i % 26))}x${'y'.repeat(i % 7)}`);
    // each signature compares at most 4 × 256 clusters of at most 4 tokens
    expect(miner.work).toBeLessThanOrEqual(n * 4 * 256 * 4);
    expect(miner.work / n).toBeLessThan(4 * 300);
  });

  it('throws on a cluster it never gave', () => {
    expect(() => new TemplateMiner().template(7)).toThrow(RangeError);
  });
});

describe('groupMessages', () => {
  it('groups messages as the engine does: signature, distinct, miner, final template', () => {
    const g = groupMessages([
      'Invalid user alice from 10.0.0.1',
      'Invalid user bob from 10.0.0.2',
      'Accepted password for root from 10.0.0.3 port 22',
      'Invalid user carol from 10.0.0.4',
      'Invalid user alice from 10.0.0.9',
    ]);
    expect(g.templates).toEqual([
      'Invalid user <*> from <*>',
      'Invalid user <*> from <*>',
      'Accepted password for root from <*> port <*>',
      'Invalid user <*> from <*>',
      'Invalid user <*> from <*>',
    ]);
    expect(g.signatures).toBe(4);
  });
});
