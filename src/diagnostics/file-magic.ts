/**
 * Kinds of file told by their first bytes (their "magic numbers"), with a name in both languages
 * and a family that says what a person should do with one: the log parser and the database
 * checker name a dropped file that is neither a log nor a database by what it is, and only tell
 * people to extract what can be extracted.
 */
import type { Localized } from '../registry/schema.ts';

export const MAGIC_KINDS = ['gzip', 'zip', 'bzip2', 'xz', 'zstd', '7z', 'tar', 'sqlite', 'png', 'jpeg', 'pdf', 'elf', 'pe', 'macho'] as const;
export type MagicKind = (typeof MAGIC_KINDS)[number];

/** `compressed`: one stream to decompress; `archive`: files inside to extract; the others are what they say. */
export type MagicFamily = 'compressed' | 'archive' | 'database' | 'image' | 'document' | 'executable';

export const FILE_KINDS: Record<MagicKind, { family: MagicFamily; name: Localized }> = {
  gzip: { family: 'compressed', name: { 'zh-TW': 'gzip 壓縮檔', en: 'a gzip file' } },
  zip: { family: 'archive', name: { 'zh-TW': 'ZIP 壓縮檔', en: 'a ZIP archive' } },
  bzip2: { family: 'compressed', name: { 'zh-TW': 'bzip2 壓縮檔', en: 'a bzip2 file' } },
  xz: { family: 'compressed', name: { 'zh-TW': 'xz 壓縮檔', en: 'an xz file' } },
  zstd: { family: 'compressed', name: { 'zh-TW': 'zstd 壓縮檔', en: 'a zstd file' } },
  '7z': { family: 'archive', name: { 'zh-TW': '7-Zip 壓縮檔', en: 'a 7-Zip archive' } },
  tar: { family: 'archive', name: { 'zh-TW': 'tar 封存檔', en: 'a tar archive' } },
  sqlite: { family: 'database', name: { 'zh-TW': 'SQLite 資料庫', en: 'a SQLite database' } },
  png: { family: 'image', name: { 'zh-TW': 'PNG 圖片', en: 'a PNG image' } },
  jpeg: { family: 'image', name: { 'zh-TW': 'JPEG 圖片', en: 'a JPEG image' } },
  pdf: { family: 'document', name: { 'zh-TW': 'PDF 文件', en: 'a PDF document' } },
  elf: { family: 'executable', name: { 'zh-TW': 'Linux／Unix 的執行檔或程式庫（ELF）', en: 'a Linux/Unix executable or library (ELF)' } },
  pe: { family: 'executable', name: { 'zh-TW': 'Windows 的執行檔或程式庫（PE：.exe、.dll）', en: 'a Windows executable or library (PE: .exe, .dll)' } },
  macho: { family: 'executable', name: { 'zh-TW': 'macOS 的執行檔或程式庫（Mach-O）', en: 'a macOS executable or library (Mach-O)' } },
};

const at = (bytes: Uint8Array, offset: number, magic: readonly number[]) =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

const u32le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** PE: the DOS header's `MZ`, and at the offset its field 0x3c names, the `PE\0\0` signature. */
function isPe(b: Uint8Array): boolean {
  if (!at(b, 0, [0x4d, 0x5a]) || b.length < 0x40) return false;
  const pe = u32le(b, 0x3c);
  return pe >= 0x40 && at(b, pe, [0x50, 0x45, 0x00, 0x00]);
}

/**
 * Mach-O: 32- or 64-bit, either byte order; or a universal ("fat") binary, whose `CA FE BA BE`
 * a Java class file shares: a fat header's next field is a small count of architectures, a class
 * file's is its version (major 45 or more).
 */
function isMachO(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  const head = [b[0], b[1], b[2], b[3]].map((x) => x!.toString(16).padStart(2, '0')).join('');
  if (['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe'].includes(head)) return true;
  return head === 'cafebabe' && b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7]! > 0 && b[7]! < 45;
}

const SIGNATURES: [MagicKind, (b: Uint8Array) => boolean][] = [
  ['gzip', (b) => at(b, 0, [0x1f, 0x8b])],
  ['zip', (b) => at(b, 0, [0x50, 0x4b, 0x03, 0x04]) || at(b, 0, [0x50, 0x4b, 0x05, 0x06])],
  ['bzip2', (b) => at(b, 0, [0x42, 0x5a, 0x68])],
  ['xz', (b) => at(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
  ['zstd', (b) => at(b, 0, [0x28, 0xb5, 0x2f, 0xfd])],
  ['7z', (b) => at(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['sqlite', (b) => at(b, 0, [...'SQLite format 3\0'].map((c) => c.charCodeAt(0)))],
  ['png', (b) => at(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['jpeg', (b) => at(b, 0, [0xff, 0xd8, 0xff])],
  ['pdf', (b) => at(b, 0, [0x25, 0x50, 0x44, 0x46, 0x2d])],
  ['elf', (b) => at(b, 0, [0x7f, 0x45, 0x4c, 0x46])],
  ['pe', isPe],
  ['macho', isMachO],
  ['tar', (b) => at(b, 257, [0x75, 0x73, 0x74, 0x61, 0x72])],
];

/** The kind of file the first bytes (at least the first 512 for tar) say, if any. */
export function magicKind(bytes: Uint8Array): MagicKind | undefined {
  return SIGNATURES.find(([, test]) => test(bytes))?.[0];
}
