import { err, ok, type Result } from "../domain/result.ts";

/**
 * RIFF/WAVE for eSpeak NG's output: PCM, 16-bit little-endian, mono, 22,050 Hz. Twelve lines of
 * header are not worth a dependency; the reader is what the tests and the route use to check a
 * file before trusting it.
 */
export const ESPEAK_SAMPLE_RATE = 22_050;

const HEADER_BYTES = 44;

/** A WAV file (44-byte header + samples) holding `samples` as 16-bit mono PCM at `sampleRate` Hz. */
export function wavFile(samples: Int16Array, sampleRate: number = ESPEAK_SAMPLE_RATE): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size for PCM
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(HEADER_BYTES + i * 2, samples[i] ?? 0, true);
  return bytes;
}

export type WavInfo = {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Bytes of sample data. */
  dataBytes: number;
  /** Length in seconds. */
  seconds: number;
};

/**
 * Reads the header of a PCM WAV file as wavFile writes it (fmt chunk first, then data); anything
 * else — another format, a truncated file, a data size past the end — is refused with the reason.
 */
export function readWav(bytes: Uint8Array): Result<WavInfo, string> {
  if (bytes.length < HEADER_BYTES) return err("shorter than a WAV header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4).values());
  if (ascii(0) !== "RIFF" || ascii(8) !== "WAVE") return err("not RIFF/WAVE");
  if (ascii(12) !== "fmt " || ascii(36) !== "data") return err("unexpected chunk layout");
  if (view.getUint16(20, true) !== 1) return err("not PCM");
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const bitsPerSample = view.getUint16(34, true);
  const dataBytes = view.getUint32(40, true);
  if (channels === 0 || sampleRate === 0 || bitsPerSample === 0) return err("empty format");
  if (HEADER_BYTES + dataBytes > bytes.length) return err("data runs past the end of the file");
  if (view.getUint32(4, true) !== 36 + dataBytes) return err("RIFF size does not match the data");
  const seconds = dataBytes / (sampleRate * channels * (bitsPerSample / 8));
  return ok({ sampleRate, channels, bitsPerSample, dataBytes, seconds });
}

/** The 16-bit samples of a file wavFile wrote (for measuring loudness in tests and the README). */
export function wavSamples(bytes: Uint8Array): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Math.floor((bytes.length - HEADER_BYTES) / 2);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(HEADER_BYTES + i * 2, true);
  return out;
}
