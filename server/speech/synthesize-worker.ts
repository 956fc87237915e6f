/**
 * The speech synthesizer as a program of its own (issue #13 item 6): `bun synthesize-worker.ts`
 * reads one JSON job on stdin, `{ voice, rate, clips: [{ path, text }] }`, writes each clip as a WAV
 * file at its path, and prints one JSON line `{ written, failed, peakRssMb, ms }` on stdout.
 *
 * Why a separate process: eSpeak NG compiled to WebAssembly loads 24 MB of voice data and peaks
 * near 200 MB, which the server should not keep for a once-per-campaign job; and the GPL-3.0
 * synthesizer then runs as a separate program, talked to over a pipe (see the README's licence
 * note). It knows nothing of the database: it is given texts and file paths, nothing else.
 *
 * Each file is written to a temporary name and renamed, so a reader never sees half a clip and a
 * killed run leaves no truncated file under a real name.
 */
import { renameSync, writeFileSync } from "node:fs";
import { SynthesisJobSchema, type SynthesisReport } from "./job.ts";
import { wavFile } from "./wav.ts";

type EspeakWorker = {
  set_voice(voice: string): unknown;
  set_rate(rate: number): unknown;
  synthesize(text: string, onChunk: (samples: Int16Array | undefined) => void): unknown;
  synthesize_ipa(text: string): { ipa: string };
};

/**
 * eSpeak marks a stretch it reads with another language's rules as "(en)…(vi)" in its phoneme
 * output: a Vietnamese name read that way comes out as English letter names or English vowels.
 */
const FOREIGN = /\((?!vi\))[a-z-]+\)/;

async function main(): Promise<void> {
  const started = performance.now();
  const job = SynthesisJobSchema.parse(JSON.parse(await new Response(Bun.stdin.stream()).text()));
  // Loaded here, not at the top: only this process ever pulls in the synthesizer.
  const { default: initialize } = await import("@echogarden/espeak-ng-emscripten");
  const espeak = (await initialize()) as { eSpeakNGWorker: new () => EspeakWorker };
  const worker = new espeak.eSpeakNGWorker();
  worker.set_voice(job.voice);
  worker.set_rate(job.rate);
  let peak = process.memoryUsage().rss;
  const report: SynthesisReport = { written: 0, failed: [], foreign: [], peakRssMb: 0, ms: 0 };
  for (const clip of job.clips) {
    try {
      const chunks: Int16Array[] = [];
      // NFC, always: in NFD eSpeak switches to English and spells the combining marks.
      const text = clip.text.normalize("NFC");
      worker.synthesize(text, (samples) => {
        if (samples && samples.length > 0) chunks.push(samples);
      });
      const samples = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        samples.set(chunk, at);
        at += chunk.length;
      }
      if (samples.length === 0) throw new Error("no audio");
      const temporary = `${clip.path}.${process.pid}.tmp`;
      writeFileSync(temporary, wavFile(samples));
      renameSync(temporary, clip.path);
      report.written++;
      const phonemes = worker.synthesize_ipa(text).ipa;
      if (FOREIGN.test(phonemes)) report.foreign.push({ path: clip.path, phonemes: phonemes.trim() });
    } catch (e) {
      report.failed.push({ path: clip.path, reason: e instanceof Error ? e.message : String(e) });
    }
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  report.peakRssMb = Math.round(peak / 1e6);
  report.ms = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
