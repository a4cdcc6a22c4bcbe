/** The language of the CLI's output, shared by every command. */
import type { Locale } from '../registry/codes.ts';

/**
 * `--locale` (zh-TW, zh or en), else the environment's language (ERRDEX_LANG, LC_ALL,
 * LC_MESSAGES, LANG): Chinese -> zh-TW, anything else -> en. Undefined for a flag it does not know.
 */
export function pickLocale(flag: string | undefined, env: Record<string, string | undefined> = {}): Locale | undefined {
  if (flag !== undefined) {
    const f = flag.toLowerCase();
    return f === 'zh-tw' || f === 'zh' ? 'zh-TW' : f === 'en' ? 'en' : undefined;
  }
  const value = (env.ERRDEX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '').toLowerCase();
  return value.startsWith('zh') ? 'zh-TW' : 'en';
}
