/** Files told by their first bytes; what only looks like a signature is not taken for one. */
import { describe, expect, it } from 'vitest';
import { FILE_KINDS, MAGIC_KINDS, magicKind } from '../../src/diagnostics/file-magic.ts';
import { binarySamples, ownExecutable } from '../fixtures/binary-samples.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('magicKind', () => {
  const samples = binarySamples();

  it.each(MAGIC_KINDS.map((k) => [k]))('knows %s', (kind) => {
    expect(magicKind(samples[kind])).toBe(kind);
    expect(FILE_KINDS[kind].name.en.length).toBeGreaterThan(0);
  });

  it('knows the program running these tests', () => {
    const own = ownExecutable();
    expect(magicKind(own.bytes)).toBe(own.kind);
    expect(FILE_KINDS[own.kind].family).toBe('executable');
  });

  it('takes no text for a program, and a Java class for no Mach-O', () => {
    expect(magicKind(ascii('MZ: 2025-08-23 10:30:15 worker started, PE\0\0 later'))).toBeUndefined();
    expect(magicKind(ascii('2025-08-23 10:30:15 ERROR database is locked\n'))).toBeUndefined();
    // CA FE BA BE, then minor 0 and major 61 (Java 17): a class file.
    expect(magicKind(new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61, 0, 20]))).toBeUndefined();
    // The same four bytes, then two architectures: a universal macOS binary.
    expect(magicKind(new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2, 0, 0, 0, 7]))).toBe('macho');
    expect(magicKind(new Uint8Array([0x4d, 0x5a]))).toBeUndefined();
  });
});
