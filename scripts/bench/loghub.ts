/**
 * The Loghub 2k data sets (logpai/loghub: 16 systems, 2,000 lines each, with their event
 * templates), read from a folder that holds `<Name>/<Name>_2k.log` and
 * `<Name>/<Name>_2k.log_templates.csv` (and, where present, `<Name>_2k.log_structured.csv`).
 * They are never part of this repository: the benchmark reads them from `$LOGHUB_DIR`.
 *
 * Each line's content (its message) is cut out with the data set's log format, as in the
 * benchmark settings of logpai/logparser (`benchmark/Drain_benchmark.py`); this is for evaluation
 * only. Each line's event is its EventId in the structured CSV, or else the template of the
 * templates CSV it matches (the most specific one when several do), as Loghub labelled them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The log formats of logpai/logparser's benchmark settings. */
export const LOGHUB_FORMATS: Record<string, string> = {
  HDFS: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
  Hadoop: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>',
  Spark: '<Date> <Time> <Level> <Component>: <Content>',
  Zookeeper: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
  BGL: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
  HPC: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>',
  Thunderbird: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>',
  Windows: '<Date> <Time>, <Level>                  <Component>    <Content>',
  Linux: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>',
  Android: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
  HealthApp: '<Time>\\|<Component>\\|<Pid>\\|<Content>',
  Apache: '\\[<Time>\\] \\[<Level>\\] <Content>',
  Proxifier: '\\[<Time>\\] <Program> - <Content>',
  OpenSSH: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>',
  OpenStack: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>',
  Mac: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>',
};

/**
 * Drain's grouping accuracy on each data set as published (Zhu et al., "Tools and Benchmarks for
 * Automated Log Parsing", ICSE-SEIP 2019, Table III), with its tuned per-data-set settings; not
 * measured here.
 */
export const DRAIN_PUBLISHED: Record<string, number> = {
  HDFS: 0.998, Hadoop: 0.948, Spark: 0.92, Zookeeper: 0.967, BGL: 0.963, HPC: 0.887, Thunderbird: 0.955, Windows: 0.997,
  Linux: 0.69, Android: 0.911, HealthApp: 0.78, Apache: 1, Proxifier: 0.527, OpenSSH: 0.788, OpenStack: 0.733, Mac: 0.787,
};

export interface LoghubSet {
  name: string;
  messages: string[];
  /** Each message's event; undefined where no template matched (left out of the score). */
  events: (string | undefined)[];
  labelledBy: 'structured' | 'templates';
  /** Lines the log format did not match (left out, as the Loghub benchmark skips them). */
  skipped: number;
}

/** The Loghub format as a regular expression with a named group per field (logparser's method). */
function formatRegex(format: string): { re: RegExp; fields: string[] } {
  const fields: string[] = [];
  const parts = format.split(/(<[^<>]+>)/);
  let source = '';
  parts.forEach((part, k) => {
    if (k % 2 === 1) {
      const field = part.slice(1, -1);
      fields.push(field);
      source += `(?<${field}>.*?)`;
    } else {
      source += part.replace(/ +/g, '\\s+');
    }
  });
  return { re: new RegExp(`^${source}$`), fields };
}

/** RFC 4180 rows (quoted fields with doubled quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const spaces = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Templates as anchored regular expressions, most specific (most literal characters) first. */
function templateMatchers(templates: string[][]): { id: string; re: RegExp; literal: number }[] {
  return templates
    .map(([id, template]) => {
      const t = spaces(template!);
      const parts = t.split('<*>');
      const source = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?');
      return { id: id!, re: new RegExp(`^${source}$`, 's'), literal: parts.join('').length };
    })
    .sort((a, b) => b.literal - a.literal);
}

export function readLoghub(dir: string, name: string): LoghubSet | undefined {
  const base = join(dir, name, `${name}_2k.log`);
  if (!existsSync(base) || !existsSync(`${base}_templates.csv`)) return undefined;
  const { re } = formatRegex(LOGHUB_FORMATS[name]!);
  const messages: string[] = [];
  let skipped = 0;
  for (const line of readFileSync(base, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const m = re.exec(line.trim());
    if (m?.groups?.Content === undefined) {
      skipped++;
      continue;
    }
    messages.push(m.groups.Content);
  }
  const structured = `${base}_structured.csv`;
  if (existsSync(structured)) {
    const rows = parseCsv(readFileSync(structured, 'utf8'));
    const header = rows[0]!;
    const eventCol = header.indexOf('EventId');
    const events = rows.slice(1).filter((r) => r.length >= header.length).map((r) => r[eventCol] || undefined);
    if (events.length === messages.length) return { name, messages, events, labelledBy: 'structured', skipped };
  }
  const matchers = templateMatchers(parseCsv(readFileSync(`${base}_templates.csv`, 'utf8')).slice(1).filter((r) => r.length >= 2));
  const events = messages.map((m) => {
    const text = spaces(m);
    return matchers.find((t) => t.re.test(text))?.id;
  });
  return { name, messages, events, labelledBy: 'templates', skipped };
}
