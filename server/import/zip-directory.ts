/**
 * Reads a ZIP archive's central directory (names and declared sizes) without inflating anything, so
 * that an upload can be told apart (an Excel workbook, a Word document, a broken file) and a
 * workbook that would inflate to hundreds of megabytes can be refused before it is unpacked; and
 * inflates one entry as a stream of chunks, so that a sheet is read piece by piece and never held
 * whole in memory (issue #14 "Memory and stalls").
 */

export type ZipEntry = {
  name: string;
  uncompressedSize: number;
  compressedSize: number;
  /** 0 stored, 8 deflated; anything else is refused when the entry is read. */
  method: number;
  /** Offset of the entry's local header in the archive. */
  localHeaderOffset: number;
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
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
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    if (uncompressedSize === ZIP64_MARK || compressedSize === ZIP64_MARK || at + 46 + nameLength > eocd)
      return null;
    if (localHeaderOffset >= offset) return null;
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, uncompressedSize, compressedSize, method, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Why an entry could not be inflated: a damaged archive, or more bytes than the caller allows. */
export class ZipEntryError extends Error {
  constructor(readonly reason: "corrupt" | "too_large") {
    super(`zip entry: ${reason}`);
  }
}

/** Bytes per chunk handed to the decompressor: small enough that one chunk's parsing is a few ms. */
const INPUT_CHUNK = 16 * 1024;

/**
 * The entry's inflated bytes, chunk by chunk. At most `maxBytes` are produced whatever the archive
 * declares (a "zip bomb" that lies about its sizes is stopped too): past it, `ZipEntryError
 * ("too_large")` is thrown. A damaged entry throws `ZipEntryError("corrupt")`. The consumer may stop
 * early (a `break` in `for await`), which cancels the decompression.
 */
export async function* inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw new ZipEntryError("corrupt");
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipEntryError("corrupt");
  const data = bytes.subarray(start, end);

  if (entry.method === 0) {
    if (data.length > maxBytes) throw new ZipEntryError("too_large");
    for (let i = 0; i < data.length; i += INPUT_CHUNK) yield data.subarray(i, i + INPUT_CHUNK);
    return;
  }
  if (entry.method !== 8) throw new ZipEntryError("corrupt");

  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // The writes are not awaited one by one: the stream's back-pressure would otherwise stall them
  // until the reader below asks for output.
  const feeding = (async () => {
    for (let i = 0; i < data.length; i += INPUT_CHUNK) {
      await writer.write(data.slice(i, i + INPUT_CHUNK) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  feeding.catch(() => {});
  let produced = 0;
  let finished = false;
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        throw new ZipEntryError("corrupt");
      }
      if (chunk.done) break;
      produced += chunk.value.length;
      if (produced > maxBytes) throw new ZipEntryError("too_large");
      yield chunk.value;
    }
    try {
      await feeding;
    } catch {
      throw new ZipEntryError("corrupt");
    }
    finished = true;
  } finally {
    if (!finished) {
      await reader.cancel().catch(() => {});
      await writer.abort().catch(() => {});
    }
  }
}
