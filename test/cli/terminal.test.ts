/** terminalSafe: control characters become visible escapes; JSON stays JSON. */
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal.ts';

describe('terminalSafe', () => {
  it.each([
    ['clear screen', 'a\u001b[H\u001b[Jb', 'a\\u001b[H\\u001b[Jb'],
    ['carriage return', 'ok\rFAILED', 'ok\\u000dFAILED'],
    ['bell and backspace', '\u0007x\u0008', '\\u0007x\\u0008'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['8-bit CSI (C1)', 'a\u009b2Jb', 'a\\u009b2Jb'],
    ['right-to-left override', 'evil\u202egnp.exe', 'evil\\u202egnp.exe'],
    ['isolates', '\u2066x\u2069', '\\u2066x\\u2069'],
    ['tab and line feed stay', 'a\tb\nc', 'a\tb\nc'],
    ['text of any script stays', '資料庫鎖定 — ok ✓', '資料庫鎖定 — ok ✓'],
  ])('%s', (_label, input, output) => {
    expect(terminalSafe(input)).toBe(output);
  });

  it('is idempotent', () => {
    const once = terminalSafe('\u001b[31mred\u009b\u202e');
    expect(terminalSafe(once)).toBe(once);
  });

  it('keeps JSON valid and its values equal', () => {
    const value = { line: 'x\u001b[Hy\u0085z\u202e\u007f', nested: ['\u009b'] };
    const safe = terminalSafe(JSON.stringify(value, null, 2));
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(safe)).toEqual(value);
  });
});
