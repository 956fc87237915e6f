/**
 * Reads a ZIP archive's central directory (names and declared sizes) without inflating anything, so
 * that an upload can be told apart (an Excel workbook, a Word document, a broken file) and a
 * workbook that would inflate to hundreds of megabytes can be refused before it is unpacked.
 */

export type ZipEntry = { name: string; uncompressedSize: number };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** ZIP64 archives mark their sizes and offsets with all-ones; a roster never needs them. */
const ZIP64_MARK = 0xffffffff;

/**
 * The entries of a ZIP archive, or null when the bytes are not a readable ZIP (no end-of-directory
 * record, a directory outside the file, or ZIP64). Sizes are as declared by the archive.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.length < EOCD_MIN_SIZE) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - EOCD_MIN_SIZE - MAX_COMMENT);
  let eocd = -1;
  for (let at = bytes.length - EOCD_MIN_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (size === ZIP64_MARK || offset === ZIP64_MARK || offset + size > eocd) return null;

  const decoder = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return null;
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (uncompressedSize === ZIP64_MARK || at + 46 + nameLength > eocd) return null;
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, uncompressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
