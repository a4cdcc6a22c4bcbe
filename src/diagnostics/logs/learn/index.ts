/**
 * Learned log formats: the head-line shape of a log no registry format reads, learned from a
 * sample of its lines, and the time layouts its timestamps are written in. Pure: no DOM, no `node:`.
 */
export { asLogFormat, learnFormats, levelOf, matchHead, type LearnedFormat, type LearnOptions } from './learn.ts';
export { mergeLayouts, parseTime, recognizeTimestamp, scanTimestamp, type TimeLayout, type TimePart } from './time-layout.ts';
export { readFields, type Field, type FieldKind } from './fields.ts';
