/**
 * Grouping accuracy (GA) as the Loghub benchmark defines it (Zhu et al., "Tools and Benchmarks for
 * Automated Log Parsing", ICSE-SEIP 2019; logpai/logparser's evaluator): a message is parsed
 * correctly when the set of messages grouped with it is exactly the set of messages of its
 * ground-truth template. GA is the share of messages parsed correctly.
 */
export interface GroupingScore {
  /** Share of messages whose group equals their ground-truth group (0 when there are none). */
  accuracy: number;
  /** Messages counted. */
  messages: number;
  /** Messages in groups that match a ground-truth group exactly. */
  correct: number;
  /** Groups found, and ground-truth groups. */
  groups: number;
  truthGroups: number;
}

/**
 * `found[i]` and `truth[i]` are the group of message i found by a parser and in the ground truth
 * (any values compared with `===`; a `null` or `undefined` truth leaves the message out, as the
 * Loghub evaluator drops messages without an event id).
 */
export function groupingAccuracy<F, T>(found: readonly F[], truth: readonly (T | null | undefined)[]): GroupingScore {
  if (found.length !== truth.length) throw new RangeError(`found has ${found.length} messages, truth ${truth.length}`);
  const truthSize = new Map<T, number>();
  // For each found group: the single truth group of its messages (or a marker of several), and its size.
  const MIXED = Symbol('mixed');
  const foundTruth = new Map<F, T | typeof MIXED>();
  const foundSize = new Map<F, number>();
  let messages = 0;
  for (let i = 0; i < found.length; i++) {
    const t = truth[i];
    if (t === null || t === undefined) continue;
    messages++;
    const f = found[i]!;
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
    foundSize.set(f, (foundSize.get(f) ?? 0) + 1);
    const seen = foundTruth.get(f);
    if (seen === undefined) foundTruth.set(f, t);
    else if (seen !== t) foundTruth.set(f, MIXED);
  }
  let correct = 0;
  for (const [f, t] of foundTruth) {
    if (t === MIXED) continue;
    const size = foundSize.get(f)!;
    if (size === truthSize.get(t)) correct += size;
  }
  return { accuracy: messages === 0 ? 0 : correct / messages, messages, correct, groups: foundSize.size, truthGroups: truthSize.size };
}
