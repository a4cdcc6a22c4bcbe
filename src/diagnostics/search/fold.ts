/**
 * Folding Simplified Chinese to Traditional (Taiwan), so that a query written in Simplified
 * characters (BotRS's own documents are: 认证错误, 数据库锁定) finds the entries written in
 * Traditional ones. The index and the queries are folded alike: the registry's texts are
 * Traditional, but BotRS's example messages are Simplified, and a character with several
 * Traditional forms (后, 台) lands on the same form on both sides.
 *
 * opencc-js is the maintained JavaScript port of OpenCC. Its ready-made `cn -> tw` converter
 * carries the Simplified phrase dictionary (about 1 MB, 400 KB gzip); here the converter is
 * assembled from its core and the character dictionary plus the Taiwan phrase and variant
 * dictionaries (about 33 KB gzip). Over the whole BotRS document the two differ in 2 of
 * 1,200 Han characters.
 */
import { ConverterFactory } from 'opencc-js/core';
import STCharacters from 'opencc-js/dict/STCharacters';
import TWPhrases from 'opencc-js/dict/TWPhrases';
import TWVariants from 'opencc-js/dict/TWVariants';
import TWVariantsPhrases from 'opencc-js/dict/TWVariantsPhrases';

export type ScriptFolder = (text: string) => string;

let converter: ScriptFolder | undefined;

/** The Simplified -> Traditional (Taiwan, with Taiwan terms: 数据库 -> 資料庫) converter, built once. */
export function simplifiedToTraditional(): ScriptFolder {
  converter ??= ConverterFactory([[STCharacters]], [[TWPhrases], [TWVariantsPhrases, TWVariants]]);
  return converter;
}
