/**
 * The whole of template mining for a list of messages, done the way the log engine does it: a
 * signature per message, each distinct signature given to one miner in order of first
 * appearance, and each message's template read once all are in (templates only generalise, so
 * the last word on a cluster is the one to show).
 */
import { type MinerOptions, TemplateMiner } from './miner.ts';
import { signature } from './signature.ts';

export interface Grouped {
  /** The template of each message, in order. */
  templates: string[];
  /** The cluster of each message (clusters merged later share their template). */
  clusters: Int32Array;
  miner: TemplateMiner;
  /** Distinct signatures. */
  signatures: number;
}

export function groupMessages(messages: readonly string[], options?: MinerOptions): Grouped {
  const miner = new TemplateMiner(options);
  const bySignature = new Map<string, number>();
  const clusters = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const s = signature(messages[i]!);
    let c = bySignature.get(s);
    if (c === undefined) {
      c = miner.add(s);
      bySignature.set(s, c);
    }
    clusters[i] = c;
  }
  const text = new Map<number, string>();
  const templates = Array.from(clusters, (c) => {
    let t = text.get(c);
    if (t === undefined) {
      t = miner.template(c);
      text.set(c, t);
    }
    return t;
  });
  return { templates, clusters, miner, signatures: bySignature.size };
}
