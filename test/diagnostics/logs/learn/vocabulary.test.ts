import { describe, expect, it } from 'vitest';
import { LEVEL_WORDS, LEVELS, letterLevelIndex, levelIndex } from '../../../../src/diagnostics/logs/levels.ts';

describe('level words of the programs the learned formats read', () => {
  it.each([
    ['LOG', 'info'], ['DEBUG1', 'debug'], ['DEBUG5', 'debug'], // PostgreSQL
    ['CONFIG', 'debug'], ['FINE', 'debug'], ['FINEST', 'trace'], // java.util.logging
    ['SUCCESS', 'info'], // loguru
    ['FTL', 'critical'], // zerolog
    ['ERRO', 'error'], ['DEBG', 'debug'], ['TRAC', 'trace'], ['BLAT', 'trace'], ['CRIT', 'critical'], // supervisord
    ['DEBU', 'debug'], ['FATA', 'critical'], ['PANI', 'critical'], // logrus
    ['Info', 'info'], ['Warning', 'warning'], ['notice', 'notice'], ['emerg', 'critical'],
  ])('%s -> %s', (word, level) => {
    expect(LEVELS[levelIndex(word)]).toBe(level);
  });

  it('lists every word of the vocabulary', () => {
    for (const w of LEVEL_WORDS) expect(levelIndex(w)).toBeGreaterThanOrEqual(0);
    expect(LEVEL_WORDS).toContain('WARNING');
  });

  it('reads logcat letters', () => {
    expect([...'VDIWEFAX'].map((c) => LEVELS[letterLevelIndex(c)] ?? 'none')).toEqual(['trace', 'debug', 'info', 'warning', 'error', 'critical', 'critical', 'none']);
  });
});
