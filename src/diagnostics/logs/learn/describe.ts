/**
 * A learned head in words, in both locales, as a person reads it:
 * "`yy/MM/dd HH:mm:ss` time, level, component ending in `:`, then the message".
 */
import type { FieldKind } from './fields.ts';

/** What the description needs to know of one column of a head. */
export interface HeadColumn {
  kind: FieldKind;
  /** Separator after the column, spaces collapsed. */
  sep: string;
  open?: string;
  /** Time layout pattern. */
  pattern?: string;
  /** A level written with a module (`[core:error]`) or a channel (`app.ERROR:`). */
  module?: ':' | '.';
  /** The group name a number, bracket or word got. */
  name?: string;
  /** A component written with an optional `[pid]`. */
  pid?: boolean;
  /** A word every head has, as written. */
  literal?: string;
  optional?: boolean;
}

type Words = [zh: string, en: string];

const CLOSE: Record<string, string> = { '[': ']', '(': ')', '<': '>', '{': '}' };

function columnWords(c: HeadColumn): Words {
  const inBrackets: Words = c.open ? [`（${c.open}${CLOSE[c.open]} 內）`, ` in \`${c.open}${CLOSE[c.open]}\``] : ['', ''];
  switch (c.kind) {
    case 'time':
      return [`\`${c.pattern}\` 時間${inBrackets[0]}`, `\`${c.pattern}\` time${inBrackets[1]}`];
    case 'level':
      if (c.module === ':') return ['`[模組:等級]`', '`[module:level]`'];
      if (c.module === '.') return ['`頻道.等級`', '`channel.LEVEL`'];
      return [`等級${inBrackets[0]}`, `level${inBrackets[1]}`];
    case 'letter':
      return ['單字母等級（V D I W E F A）', 'one-letter level (V D I W E F A)'];
    case 'int':
      if (c.name === 'pid') return [`行程 ID${inBrackets[0]}`, `process id${inBrackets[1]}`];
      if (c.name === 'thread') return [`執行緒 ID${inBrackets[0]}`, `thread id${inBrackets[1]}`];
      return [`數字${inBrackets[0]}`, `number${inBrackets[1]}`];
    case 'pidtid':
      return ['`行程#執行緒`', '`pid#thread`'];
    case 'bracket':
      return [`\`${c.open}…${CLOSE[c.open!]}\` 欄位`, `\`${c.open}…${CLOSE[c.open!]}\` field`];
    case 'tag':
      return c.pid ? ['以 `:` 結尾的元件（可帶 `[pid]`）', 'component ending in `:` (with an optional `[pid]`)'] : ['以 `:` 結尾的元件', 'component ending in `:`'];
    default:
      if (c.literal !== undefined) return [`\`${c.literal}\``, `\`${c.literal}\``];
      if (c.name === 'host') return ['主機名稱', 'host name'];
      if (c.name === 'logger') return ['元件', 'component'];
      return ['一個詞', 'a word'];
  }
}

/** The head in words. `next`: the line after the head holds the level and the message. */
export function describeHead(columns: readonly HeadColumn[], next = false): { 'zh-TW': string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  for (const c of columns) {
    const [z, e] = columnWords(c);
    zh.push(c.optional ? `可省略的${z}` : z);
    en.push(c.optional ? `optionally ${e}` : e);
    // Punctuation between fields other than a component's `:` is named too (`|`, `,`).
    const punct = c.sep.replace(/ /g, '');
    if (punct && !(c.kind === 'tag' && punct === ':') && !c.optional) {
      zh.push(`\`${punct}\``);
      en.push(`\`${punct}\``);
    }
  }
  const zhText = zh.length ? `${zh.join('、')}，然後是訊息` : '訊息';
  const enText = en.length ? `${en.join(', ')}, then the message` : 'the message';
  return next
    ? { 'zh-TW': `${zhText}；下一行是等級與訊息`, en: `${enText}; the next line holds the level and the message` }
    : { 'zh-TW': zhText, en: enText };
}
