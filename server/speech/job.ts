import * as z from "zod";

/**
 * The one message between the server and the synthesizer process (synthesize-worker.ts): texts
 * and the file paths to write them to, in; a count and the failures, out. Nothing else crosses.
 */
export const SynthesisJobSchema = z.object({
  voice: z.string().regex(/^[a-z-]+$/),
  /** Words per minute, eSpeak's own unit (its default is 175). */
  rate: z.number().int().min(80).max(450),
  clips: z.array(z.object({ path: z.string().min(1), text: z.string().min(1).max(2000) })),
});
export type SynthesisJob = z.infer<typeof SynthesisJobSchema>;

export const SynthesisReportSchema = z.object({
  written: z.number().int(),
  failed: z.array(z.object({ path: z.string(), reason: z.string() })),
  /**
   * Clips (written all the same) in which eSpeak switched to another language's rules — an
   * abbreviation or a spelling it does not know as Vietnamese; the phonemes show where.
   */
  foreign: z.array(z.object({ path: z.string(), phonemes: z.string() })),
  /** The process's peak resident memory, in MB (10^6 bytes). */
  peakRssMb: z.number(),
  /** Wall time of the whole job, start-up included, in milliseconds. */
  ms: z.number(),
});
export type SynthesisReport = z.infer<typeof SynthesisReportSchema>;
