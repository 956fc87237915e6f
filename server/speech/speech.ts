import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import type { Campaign } from "../domain/campaign.ts";
import { ballotFor } from "../domain/setup.ts";
import type { Logger } from "../logger.ts";
import { type Clip, clipFileName, clipsForBallot, uniqueClips, type VoiceSettings } from "./clips.ts";
import { type SynthesisJob, type SynthesisReport, SynthesisReportSchema } from "./job.ts";

/**
 * The kiosk's spoken guidance on disk (issue #13 item 6): which clips a campaign needs, where their
 * files are, and the synthesizer process that makes the missing ones. Clips are made once per
 * campaign — after the stamp, and at start-up for a stamped campaign whose files are missing —
 * never per ballot or per resident; the files are the cache (one eSpeak instance's repeated calls
 * differ slightly, so the same text is never made twice).
 */

export type SpeechSettings = VoiceSettings & {
  /** The cache folder; each campaign's clips go in a sub-folder named by its code. */
  dir: string;
};

const WORKER = fileURLToPath(new URL("./synthesize-worker.ts", import.meta.url));

/** A run that has not finished in this long is stuck (a whole campaign takes seconds): it is killed. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

/** The clip cache of one server: where files are, and a queue of synthesizer runs (one at a time). */
export class Speech {
  private queue: Promise<unknown> = Promise.resolve();
  /** Synthesizer processes started so far (a test checks none starts per ballot). */
  runs = 0;

  constructor(
    readonly settings: SpeechSettings,
    private readonly logger: Logger,
  ) {}

  /** The campaign's folder. Campaign codes are file-safe (CodeSchema). */
  campaignDir(campaignCode: string): string {
    return join(this.settings.dir, campaignCode);
  }

  /** Where a clip's file is (whether or not it exists yet). */
  pathOf(campaignCode: string, clip: Clip): string {
    return join(this.campaignDir(campaignCode), clipFileName(clip, this.settings));
  }

  /** The clips whose file is not there (or is empty). */
  missing(campaignCode: string, clips: readonly Clip[]): Clip[] {
    return clips.filter((clip) => {
      const path = this.pathOf(campaignCode, clip);
      return !existsSync(path) || statSync(path).size === 0;
    });
  }

  /**
   * Makes the missing clips in a child process, after any run already queued. Resolves with that
   * process's report, or null when nothing was missing (no process started). Never rejects: a
   * failure is logged and reported, and the kiosk simply has no sound for those keys.
   */
  synthesize(campaignCode: string, clips: readonly Clip[]): Promise<SynthesisReport | null> {
    const run = this.queue.then(() => this.run(campaignCode, clips));
    this.queue = run;
    return run;
  }

  /** Resolves once every run queued so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async run(campaignCode: string, clips: readonly Clip[]): Promise<SynthesisReport | null> {
    const missing = this.missing(campaignCode, clips);
    if (missing.length === 0) return null;
    const started = performance.now();
    try {
      mkdirSync(this.campaignDir(campaignCode), { recursive: true });
      const job: SynthesisJob = {
        voice: this.settings.voice,
        rate: this.settings.rate,
        clips: missing.map((clip) => ({ path: this.pathOf(campaignCode, clip), text: clip.text })),
      };
      this.runs++;
      const child = Bun.spawn([process.execPath, WORKER], {
        stdin: new Blob([JSON.stringify(job)]),
        stdout: "pipe",
        stderr: "pipe",
      });
      const timer = setTimeout(() => child.kill(), WORKER_TIMEOUT_MS);
      const [out, errText, code] = await Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
        child.exited,
      ]);
      clearTimeout(timer);
      const parsed = code === 0 ? SynthesisReportSchema.safeParse(parseJson(out)) : null;
      if (!parsed?.success) throw new Error(`exit ${code}: ${errText.slice(-2000)}`);
      const report = parsed.data;
      const log = report.failed.length > 0 ? this.logger.error : this.logger.info;
      log("speech.synthesized", {
        campaign: campaignCode,
        written: report.written,
        failed: report.failed,
        foreign: report.foreign,
        peakRssMb: report.peakRssMb,
        ms: report.ms,
      });
      return report;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.logger.error("speech.failed", { campaign: campaignCode, error: reason });
      return {
        written: 0,
        failed: missing.map((c) => ({ path: this.pathOf(campaignCode, c), reason })),
        foreign: [],
        peakRssMb: 0,
        ms: Math.round(performance.now() - started),
      };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The clips of one point's ballot (its officials in ballot order), or null for an unknown point. */
export function pointClips(store: Store, campaign: Campaign, pointId: number): Clip[] | null {
  const point = store.points.get(campaign.id, pointId);
  if (!point) return null;
  return clipsForBallot(store.campaigns.ballotOfficials(campaign.id, point));
}

/** Every clip the campaign's kiosks can ask for: each point's ballot, each file once. */
export function campaignClips(store: Store, campaign: Campaign, settings: VoiceSettings): Clip[] {
  const officials = store.campaigns.officials(campaign.id);
  const ballots = store.points.list(campaign.id).map((p) => clipsForBallot(ballotFor(p, officials)));
  return uniqueClips(ballots, settings);
}

/**
 * Starts making the current campaign's missing clips, if it is stamped (names and ballots are
 * final then; a draft's texts may still change). Called after the stamp's transaction has
 * committed and at start-up; the caller does not wait for it (the stamp never waits for audio).
 */
export function prepareCampaignSpeech(deps: {
  store: Store;
  speech?: Speech | undefined;
}): Promise<SynthesisReport | null> {
  const campaign = deps.store.campaigns.current();
  if (!deps.speech || !campaign || campaign.state === "draft") return Promise.resolve(null);
  return deps.speech.synthesize(campaign.code, campaignClips(deps.store, campaign, deps.speech.settings));
}

/** The server's clip cache from its configuration, or undefined when SPEECH=0. */
export function speechFromConfig(config: Config, logger: Logger): Speech | undefined {
  if (!config.SPEECH) return undefined;
  return new Speech(
    {
      dir: config.SPEECH_DIR ?? `${config.DATABASE_PATH}-speech`,
      voice: config.SPEECH_VOICE,
      rate: config.SPEECH_RATE,
    },
    logger,
  );
}
