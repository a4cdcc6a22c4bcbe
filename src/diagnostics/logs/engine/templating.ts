/**
 * Message templates for the engine: a signature per record on the hot path (pure, so pieces on
 * any thread agree), and template mining over the distinct signatures, fed in the order of their
 * first appearance in the file, so that the result is the same however the file was split.
 */
import { template as mask, templateId } from '../template.ts';

export { templateId };

/** The message with its variable parts masked. */
export function signature(message: string): string {
  return mask(message);
}

/** Groups signatures into templates; deterministic for a given sequence of distinct signatures. */
export class Miner {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  add(sig: string): number {
    let c = this.ids.get(sig);
    if (c === undefined) {
      c = this.texts.length;
      this.ids.set(sig, c);
      this.texts.push(sig);
    }
    return c;
  }

  template(cluster: number): string {
    return this.texts[cluster]!;
  }

  get size(): number {
    return this.texts.length;
  }
}
