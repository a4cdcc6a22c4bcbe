/** Message templates: signatures of messages, template mining over them, template ids, grouping accuracy. */
export { SIGNATURE_INPUT, VAR, signature } from './signature.ts';
export { OVERFLOW_TEMPLATE, TemplateMiner, type MinerOptions } from './miner.ts';
export { groupMessages, type Grouped } from './group.ts';
export { templateId } from './template-id.ts';
export { groupingAccuracy, type GroupingScore } from './accuracy.ts';
