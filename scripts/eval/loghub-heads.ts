/**
 * How well learned formats read the Loghub 2k data sets (16 systems): learn the head from the
 * first lines of each file, read every line with it, and compare the fields with the log format
 * Loghub's own benchmark uses for that data set (logpai/logparser, benchmark/Drain_benchmark.py).
 *
 *   LOGHUB_DIR=/path/to/loghub npm exec -- node scripts/eval/loghub-heads.ts [--sample 500] [--show NAME]
 *
 * The data sets are not part of this repository: `LOGHUB_DIR/<Name>/<Name>_2k.log`.
 * Per data set: lines read as heads, timestamps parsed, levels found (where Loghub's format has a
 * level), and lines whose message starts where Loghub's `Content` starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { letterLevelIndex, levelIndex } from '../../src/diagnostics/logs/levels.ts';
import { learnFormats, matchHead, parseTime } from '../../src/diagnostics/logs/learn/index.ts';
import { regexProblem } from '../../src/registry/validate.ts';

/** Loghub's log formats, as its benchmark writes them, and whether the `<Level>` field is a level. */
const LOGHUB: Record<string, { format: string; level: boolean }> = {
  HDFS: { format: '<Date> <Time> <Pid> <Level> <Component>: <Content>', level: true },
  Hadoop: { format: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>', level: true },
  Spark: { format: '<Date> <Time> <Level> <Component>: <Content>', level: true },
  Zookeeper: { format: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>', level: true },
  BGL: { format: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>', level: true },
  HPC: { format: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>', level: false },
  Thunderbird: { format: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>', level: false },
  Windows: { format: '<Date> <Time>, <Level>                  <Component>    <Content>', level: true },
  // Loghub calls the host field of this syslog `<Level>`; it is not a level.
  Linux: { format: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>', level: false },
  Android: { format: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>', level: true },
  HealthApp: { format: '<Time>\\|<Component>\\|<Pid>\\|<Content>', level: false },
  Apache: { format: '\\[<Time>\\] \\[<Level>\\] <Content>', level: true },
  Proxifier: { format: '\\[<Time>\\] <Program> - <Content>', level: false },
  OpenSSH: { format: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>', level: false },
  OpenStack: { format: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>', level: true },
  Mac: { format: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>', level: false },
};

/** Loghub's reading of a format (logparser's generate_logformat_regex), in JavaScript. */
function loghubRegex(format: string): RegExp {
  const parts = format.split(/(<[^<>]+>)/);
  let source = '';
  parts.forEach((part, k) => {
    if (k % 2 === 0) source += part.replace(/ +/g, '\\s+');
    else source += `(?<${part.slice(1, -1)}>.*?)`;
  });
  return new RegExp(`^${source}$`);
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = process.env.LOGHUB_DIR ?? '/work/loghub';
const sampleSize = Number(opt('--sample') ?? 500);
const show = opt('--show');

interface Row { name: string; lines: number; heads: number; time: number; level: number | null; message: number; loghub: number; formats: number; unsafe: number }
const rows: Row[] = [];
for (const [name, spec] of Object.entries(LOGHUB)) {
  const file = join(dir, name, `${name}_2k.log`);
  if (!existsSync(file)) {
    console.log(`${name}: missing (${file})`);
    continue;
  }
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  const formats = learnFormats(lines.slice(0, sampleSize));
  const compiled = formats.map((f) => ({ f, re: new RegExp(f.head), next: f.next ? new RegExp(f.next) : undefined }));
  const lh = loghubRegex(spec.format);
  let heads = 0, time = 0, level = 0, message = 0, loghub = 0;
  const misses: string[] = [];
  for (const line of lines) {
      let fmt: (typeof compiled)[number] | undefined;
    let g: Record<string, string | undefined> | undefined;
    for (const c of compiled) {
      g = matchHead(c.re, c.f, line);
      if (g) {
        fmt = c;
        break;
      }
    }
    if (!g || !fmt) {
      if (misses.length < 5) misses.push(`not a head: ${line.slice(0, 160)}`);
      continue;
    }
    heads++;
    if (g.timestamp !== undefined && fmt.f.timestamp && Number.isFinite(parseTime(fmt.f.timestamp, g.timestamp, 2020))) time++;
    else if (misses.length < 5) misses.push(`time not read: ${line.slice(0, 160)}`);
    if (g.level !== undefined && (fmt.f.level === 'letter' ? letterLevelIndex(g.level) : levelIndex(g.level)) >= 0) level++;
    // Lines Loghub's own format does not read have no Content to compare with.
    const expected = lh.exec(line.trim())?.groups?.Content;
    if (expected !== undefined) loghub++;
    if (expected !== undefined && expected.trim() === (g.message ?? '').trim()) message++;
    else if (expected === undefined && misses.length < 5) misses.push(`Loghub's format does not read: ${line.slice(0, 160)}`);
    else if (expected !== undefined && misses.length < 5) misses.push(`message differs: ours ${JSON.stringify((g.message ?? '').slice(0, 60))} Loghub ${JSON.stringify(expected?.slice(0, 60))}`);
  }
  const unsafe = formats.filter((f) => regexProblem(f.head) !== undefined).length;
  rows.push({ name, lines: lines.length, heads, time, level: spec.level ? level : null, message, loghub, formats: formats.length, unsafe });
  if (show === name || show === 'all') {
    for (const f of formats) console.log(`  ${f.id} ${f.matched}/${f.total}\n    ${f.head}\n    ${f.layout.en}\n    ${f.layout['zh-TW']}`);
    for (const miss of misses) console.log(`  ${miss}`);
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\nLearned from the first ${sampleSize} lines; every line read with the learned heads.`);
console.log(`${'data set'.padEnd(12)} ${pad('lines', 6)} ${pad('heads', 6)} ${pad('time', 6)} ${pad('level', 6)} ${pad('message', 14)} formats  ReDoS-safe`);
let perfect = 0;
for (const r of rows) {
  const ok = r.heads === r.lines && r.time === r.lines && (r.level === null || r.level === r.lines) && r.message === r.loghub && r.unsafe === 0;
  if (ok) perfect++;
  console.log(`${r.name.padEnd(12)} ${pad(r.lines, 6)} ${pad(r.heads, 6)} ${pad(r.time, 6)} ${pad(r.level ?? '-', 6)} ${pad(`${r.message}/${r.loghub}`, 14)} ${pad(r.formats, 7)} ${pad(r.unsafe === 0 ? 'yes' : `${r.unsafe} no`, 11)}${ok ? '' : '  <'}`);
}
console.log(`\n${perfect}/${rows.length} data sets: every line a head, its time parsed, its level found (where Loghub has one), its message where Loghub's Content starts (message: agreeing / lines Loghub's format reads), and every head ReDoS-safe.`);
