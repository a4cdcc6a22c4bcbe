/**
 * Message templates: grouping accuracy (GA, as the Loghub benchmark defines it) of the template
 * miner on the template corpus (`test/fixtures/logs/corpus`), each log beside the digit masking the
 * log parser used before, run on the same messages; with `LOGHUB_DIR` set, GA on each Loghub 2k
 * data set found there beside Drain's published figure; and the speed of `signature()` (messages
 * per second, beside the old masking in the same run) and of the miner on distinct signatures.
 */
import { readCorpus } from '../../test/fixtures/logs/corpus/corpus.ts';
import { digitMasking } from './digit-masking.ts';
import { groupingAccuracy, groupMessages, signature, TemplateMiner } from '../../src/diagnostics/logs/templates/index.ts';
import { DRAIN_PUBLISHED, LOGHUB_FORMATS, readLoghub } from './loghub.ts';
import type { Bench, BenchRow } from './types.ts';

const fixed = (n: number, digits = 3) => Number(n.toFixed(digits));

function corpusRows(): { rows: BenchRow[]; messages: string[] } {
  const rows: BenchRow[] = [];
  const all: string[] = [];
  let sum = 0;
  let before = 0;
  const logs = readCorpus();
  for (const log of logs) {
    all.push(...log.messages);
    const ga = groupingAccuracy(groupMessages(log.messages).templates, log.events).accuracy;
    const old = groupingAccuracy(log.messages.map(digitMasking), log.events).accuracy;
    sum += ga;
    before += old;
    rows.push({
      suite: 'templates',
      name: `grouping accuracy, corpus log ${log.name} (${log.messages.length} records)`,
      value: fixed(ga),
      unit: 'GA',
      reference: { name: 'digit masking', value: fixed(old) },
    });
  }
  const mean = sum / logs.length;
  const stable = stability(logs);
  rows.push({
    suite: 'templates',
    name: 'events with the same templates in both halves of each corpus log, mined apart',
    value: fixed(stable.same / stable.events),
    unit: 'share',
    note: `${stable.same} of ${stable.events} events seen in both halves; templates must be stable across files of the same program`,
  });
  rows.push({
    suite: 'templates',
    name: `grouping accuracy, template corpus (mean of ${logs.length} logs, ${all.length} records)`,
    value: fixed(mean),
    unit: 'GA',
    target: '>= 0.90',
    ok: mean >= 0.9,
    reference: { name: 'digit masking', value: fixed(before / logs.length) },
    ratio: fixed(mean / (before / logs.length), 2),
    note: 'each log counts once; a message is right when its group is exactly its ground-truth group; reference: the masking the log parser used before (a template per distinct masked text)',
  });
  return { rows, messages: all };
}

/** Each log cut in two halves, each mined on its own: events whose set of templates is the same in both. */
function stability(logs: ReturnType<typeof readCorpus>): { same: number; events: number } {
  let same = 0;
  let events = 0;
  for (const log of logs) {
    const half = Math.floor(log.messages.length / 2);
    const parts = [0, 1].map((k) => {
      const range = k === 0 ? [0, half] : [half, log.messages.length];
      const templates = groupMessages(log.messages.slice(range[0], range[1])).templates;
      const byEvent = new Map<string, Set<string>>();
      log.events.slice(range[0], range[1]).forEach((e, i) => {
        let set = byEvent.get(e);
        if (set === undefined) byEvent.set(e, (set = new Set()));
        set.add(templates[i]!);
      });
      return byEvent;
    });
    for (const [event, a] of parts[0]!) {
      const b = parts[1]!.get(event);
      if (b === undefined) continue;
      events++;
      if (a.size === b.size && [...a].every((t) => b.has(t))) same++;
    }
  }
  return { same, events };
}

function loghubRows(dir: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const missing: string[] = [];
  let sum = 0;
  let drain = 0;
  let n = 0;
  for (const name of Object.keys(LOGHUB_FORMATS)) {
    const set = readLoghub(dir, name);
    if (set === undefined) {
      missing.push(name);
      continue;
    }
    const score = groupingAccuracy(groupMessages(set.messages).templates, set.events);
    const unlabelled = set.events.filter((e) => e === undefined).length;
    sum += score.accuracy;
    drain += DRAIN_PUBLISHED[name]!;
    n++;
    rows.push({
      suite: 'templates',
      name: `grouping accuracy, Loghub ${name} (${score.messages} lines)`,
      value: fixed(score.accuracy),
      unit: 'GA',
      reference: { name: 'Drain (published)', value: DRAIN_PUBLISHED[name]! },
      note: `${score.groups} groups found, ${score.truthGroups} in the ground truth; events from the ${set.labelledBy === 'structured' ? 'structured CSV' : 'templates CSV'}${unlabelled ? `, ${unlabelled} lines matching no template left out` : ''}${set.skipped ? `, ${set.skipped} lines the log format does not match left out` : ''}`,
    });
  }
  if (n > 0) {
    rows.push({
      suite: 'templates',
      name: `grouping accuracy, Loghub 2k (mean of ${n} data sets)`,
      value: fixed(sum / n),
      unit: 'GA',
      target: `>= Drain (${fixed(drain / n)})`,
      ok: sum / n >= drain / n,
      reference: { name: 'Drain (published)', value: fixed(drain / n) },
      ratio: fixed(sum / n / (drain / n), 2),
      note: `one configuration for every data set (Drain's published figures use a tuned one per data set, Zhu et al. 2019)${missing.length ? `; not found in LOGHUB_DIR: ${missing.join(', ')}` : ''}`,
    });
  } else {
    rows.push({ suite: 'templates', name: 'grouping accuracy, Loghub 2k', value: Number.NaN, unit: 'GA', note: `no data set found in ${dir}` });
  }
  return rows;
}

/** Messages per second of `fn` over `messages`, cycled to `total` calls (after one warm-up pass). */
function rate(messages: string[], total: number, fn: (m: string) => string): number {
  let sink = 0;
  for (const m of messages) sink += fn(m).length;
  const started = performance.now();
  for (let i = 0; i < total; i++) sink += fn(messages[i % messages.length]!).length;
  const ms = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return (total / ms) * 1000;
}

/** Distinct signatures, all different in their words: the miner's worst case (no two merge easily). */
function distinctSignatures(count: number): string[] {
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}x`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 4 + (next() % 12);
    const words: string[] = [];
    for (let k = 0; k < n; k++) words.push(next() % 5 === 0 ? '<*>' : vocabulary[next() % vocabulary.length]!);
    out.push(words.join(' '));
  }
  return out;
}

function speedRows(messages: string[], quick: boolean): BenchRow[] {
  const total = quick ? 200_000 : 3_000_000;
  const ours = rate(messages, total, signature);
  const old = rate(messages, total, digitMasking);
  const signatures = distinctSignatures(quick ? 20_000 : 200_000);
  const miner = new TemplateMiner();
  const started = performance.now();
  for (const s of signatures) miner.add(s);
  const ms = performance.now() - started;
  return [
    {
      suite: 'templates',
      name: `signature() throughput, corpus messages (${(total / 1e6).toFixed(1)} M calls)`,
      value: Math.round(ours),
      unit: 'msg/s',
      reference: { name: 'digit masking', value: Math.round(old) },
      ratio: fixed(ours / old, 2),
      note: 'ratio = signature() / the masking the log parser used before, same messages, same run',
    },
    {
      suite: 'templates',
      name: `miner.add() on ${signatures.length.toLocaleString('en-US')} distinct signatures of random words (worst case)`,
      value: Math.round((signatures.length / ms) * 1000),
      unit: 'sig/s',
      note: `${miner.size.toLocaleString('en-US')} clusters, ${miner.overflowed.toLocaleString('en-US')} signatures in the overflow cluster (limit ${miner.maxClusters.toLocaleString('en-US')} clusters); the engine calls it once per distinct signature`,
    },
  ];
}

const bench: Bench = async ({ quick }) => {
  const { rows, messages } = corpusRows();
  const dir = process.env.LOGHUB_DIR;
  return [...rows, ...(dir ? loghubRows(dir) : []), ...speedRows(messages, quick)];
};

export default bench;
