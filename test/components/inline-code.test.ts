import { describe, expect, it } from 'vitest';
import { inlineCode } from '../../src/components/inline-code.ts';

describe('inline code in registry text', () => {
  it('splits code spans from the text around them and keeps everything else as text', () => {
    expect(inlineCode('returns `Result<T, BotError>`; see `<b>` and a lone ` tick')).toEqual([
      { text: 'returns ', code: false },
      { text: 'Result<T, BotError>', code: true },
      { text: '; see ', code: false },
      { text: '<b>', code: true },
      { text: ' and a lone ` tick', code: false },
    ]);
    expect(inlineCode('plain')).toEqual([{ text: 'plain', code: false }]);
  });
});
