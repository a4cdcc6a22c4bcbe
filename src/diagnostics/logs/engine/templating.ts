/**
 * Message templates for the engine (see ../templates): a signature per record on the hot path
 * (pure, so pieces on any thread agree), and template mining over the distinct signatures, fed in
 * the order of their first appearance in the file, so that the result is the same however the
 * file was split.
 */
export { signature, templateId, TemplateMiner as Miner, OVERFLOW_TEMPLATE } from '../templates/index.ts';
