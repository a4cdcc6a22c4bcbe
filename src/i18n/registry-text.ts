/**
 * Sentences made of registry facts and the UI strings: a severity's name, a retry policy in
 * words, the "describes" line under a system's page titles. The generators, the components and
 * the CLI all say these the same way, from here.
 */
import type { Locale, RetryPolicy, Severity, System } from '../registry/schema.ts';
import { translator } from './index.ts';

export function severityLabel(severity: Severity, locale: Locale): string {
  return translator(locale)(`severity.${severity}`);
}

export function formatDelay(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${+(ms / 1000).toFixed(2)} s`;
  return `${ms} ms`;
}

const STRATEGY = {
  exponential: 'retry.strategy.exponential',
  linear: 'retry.strategy.linear',
  fixed: 'retry.strategy.fixed',
  'retry-after': 'retry.strategy.retryAfter',
  reconnect: 'retry.strategy.reconnect',
  manual: 'retry.strategy.manual',
} as const satisfies Record<RetryPolicy['strategy'], string>;

/** A retry policy in one line of words, e.g. "exponential backoff, first delay 1 s, factor ×2, at most 5 attempts". */
export function describeRetry(policy: RetryPolicy, locale: Locale): string {
  const t = translator(locale);
  const parts: string[] = [t(STRATEGY[policy.strategy])];
  // "Exponential" without a factor is only the source's word for it; say that the factor is unknown.
  if (policy.strategy === 'exponential' && policy.multiplier === undefined) parts[0] = `${parts[0]}${t('retry.factorUnknown')}`;
  if (policy.baseDelayMs !== undefined) parts.push(t('retry.base', { ms: formatDelay(policy.baseDelayMs) }));
  if (policy.multiplier !== undefined) parts.push(t('retry.multiplier', { x: policy.multiplier }));
  if (policy.maxDelayMs !== undefined) parts.push(t('retry.max', { ms: formatDelay(policy.maxDelayMs) }));
  if (policy.jitter !== undefined && policy.jitter !== 'none') parts.push(t('retry.jitter', { j: describeJitter(policy.jitter, locale) }));
  if (policy.maxAttempts !== undefined) parts.push(t('retry.attempts', { n: policy.maxAttempts }));
  const sentence = parts.join(locale === 'en' ? ', ' : '，');
  return policy.note ? `${sentence}${locale === 'en' ? '. ' : '。'}${policy.note[locale]}` : sentence;
}

function describeJitter(jitter: Exclude<RetryPolicy['jitter'], undefined>, locale: Locale): string {
  const dash = locale === 'en' ? '–' : '～';
  if (typeof jitter === 'string') return translator(locale)(`retry.jitterKind.${jitter}`);
  if ('upToMs' in jitter) return `+0${dash}${formatDelay(jitter.upToMs)}`;
  const percent = Math.round(jitter.ratio * 100);
  return jitter.direction === 'up' ? `+0${dash}${percent}%` : `±${percent}%`;
}

/**
 * The line under the title of a system's pages: "Describes roas-bot v2.4.1, as of its
 * troubleshooting guide of 2025-08-23"; undefined when the registry says nothing about it.
 */
export function describesLine(system: System, locale: Locale): string | undefined {
  if (!system.asOf) return undefined;
  const t = translator(locale);
  const version = system.version ? `${/^\d/.test(system.version) ? 'v' : ''}${system.version}` : undefined;
  // In Chinese text a Latin word or a number is set off by a space.
  const asOf = locale === 'zh-TW' && /^[\w]/.test(system.asOf[locale]) ? ` ${system.asOf[locale]}` : system.asOf[locale];
  return t(version ? 'label.describesVersion' : 'label.describes', { system: system.name, version: version ?? '', asOf });
}
