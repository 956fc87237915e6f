import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ManualClock } from "../../server/clock.ts";
import { defaultConfig } from "../../server/config.ts";
import { Store } from "../../server/db/store.ts";
import { paths } from "../../server/http/paths.ts";
import type { Logger } from "../../server/logger.ts";
import { buildScenario } from "../../server/scenario-builder.ts";
import { clipFileName, GENERIC_TEXTS } from "../../server/speech/clips.ts";
import type { SynthesisReport } from "../../server/speech/job.ts";
import { pointClips, prepareCampaignSpeech, Speech } from "../../server/speech/speech.ts";
import { readWav } from "../../server/speech/wav.ts";
import {
  addUser,
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  PASSWORD,
  stampForm,
  T0,
  type TestApp,
  testPasswordHash,
  testScenario,
  unwrap,
} from "../helpers.ts";
import {
  ballotOnKiosk,
  entryIdOf,
  htmx,
  kioskIdOf,
  pairedKiosk,
  RESIDENTS,
  votingDay,
} from "../voting-helpers.ts";

/**
 * Issue #13 item 6: the kiosk's audio is made once, after the stamp, in another process, from the
 * stamped names; served to the paired kiosk only; never made per ballot. One small campaign (three
 * officials on the point's ballot) is synthesized for real, once, and shared by the tests.
 */
const SETTINGS = { voice: "vi", rate: 150 };
const OFFICIALS = ["HQ-01", "HQ-02", "HQ-03"];

let dir: string;
const logged: { event: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = {
  info: (event, fields) => logged.push({ event, fields }),
  error: (event, fields) => logged.push({ event, fields }),
};

function appWith(speech: Speech | undefined): TestApp {
  const store = Store.memory();
  const clock = new ManualClock(T0);
  return { store, clock, app: createApp({ store, clock, config: defaultConfig(), logger, speech }) };
}

/** The test campaign, stamp-ready but still a draft: three officials of HQ on point HQ-T1's ballot. */
async function readyDraft(t: TestApp) {
  unwrap(
    await buildScenario(
      t,
      BOARD_ACTOR,
      testScenario({ residents: RESIDENTS, officers: true, extraOfficials: 1 }),
      {
        until: "draft",
        officers: {
          password: PASSWORD,
          mustChangePassword: false,
          seal: CHEAP_SEAL,
          passwordHash: await testPasswordHash(PASSWORD),
        },
      },
    ),
  );
  await addUser(t, "bantochuc", "board");
  const board = new Client(t, "192.0.2.5");
  await board.login("bantochuc");
  return board;
}

const syllables = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

let stamped: { t: TestApp; speech: Speech; report: SynthesisReport | null; stampStatus: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tn-speech-"));
  const speech = new Speech({ dir, ...SETTINGS }, logger);
  const t = appWith(speech);
  const board = await readyDraft(t);
  const res = await board.post(paths.board.stamp, await stampForm(board), htmx);
  // The synthesizer was started by the stamp; its report is what the queue resolves to.
  const report = await speech.synthesize("VQ-TEST", []); // queued behind the stamp's run
  await speech.idle();
  stamped = { t, speech, report, stampStatus: res.status };
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("speech after the stamp", () => {
  it("stamp - starts one synthesizer run; every clip of the point's ballot exists with a plausible length", () => {
    const { t, speech, stampStatus } = stamped;
    expect(stampStatus).toBe(200);
    const campaign = t.store.campaigns.current();
    expect(campaign?.state).toBe("stamped");
    expect(speech.runs).toBe(1);
    const point = t.store.points.list(campaign?.id ?? 0)[0];
    const clips = pointClips(t.store, campaign ?? ({} as never), point?.id ?? 0) ?? [];
    expect(clips.map((c) => c.key).sort()).toEqual(
      [
        ...Object.keys(GENERIC_TEXTS),
        // The blank-row question for 1, 2 and 3 rows left blank: the number said, as on the screen.
        ...OFFICIALS.map((_, i) => `blank-count-${i + 1}`),
        ...OFFICIALS.flatMap((c) => [`official-${c}`, `name-${c}`]),
      ].sort(),
    );
    const measured = clips.map((clip) => {
      const info = readWav(readFileSync(speech.pathOf("VQ-TEST", clip)));
      if (!info.ok) throw new Error(`${clip.key}: ${info.error}`);
      return { key: clip.key, ...info.value, perSyllable: info.value.seconds / syllables(clip.text) };
    });
    for (const m of measured) {
      expect(m, m.key).toMatchObject({ sampleRate: 22_050, channels: 1, bitsPerSample: 16 });
      expect(m.seconds, m.key).toBeGreaterThan(0.4);
      expect(m.seconds, m.key).toBeLessThan(15);
      // Vietnamese is one syllable a word: ~0.3 s each at this rate. English letter names or a
      // silent clip would fall outside.
      expect(m.perSyllable, m.key).toBeGreaterThan(0.15);
      expect(m.perSyllable, m.key).toBeLessThan(0.6);
    }
    // "Người thứ hai trong ba người. Đặng Quang Long, Chủ tịch Ủy ban nhân dân xã." is 16 syllables.
    const official = measured.find((m) => m.key === "official-HQ-02");
    expect(official?.seconds).toBeGreaterThan(2.5);
  });

  it("stamp - eSpeak read every clip with its Vietnamese rules (no switch to English)", () => {
    const done = logged.filter((l) => l.event === "speech.synthesized");
    expect(done).toHaveLength(1);
    expect(done[0]?.fields).toMatchObject({ campaign: "VQ-TEST", failed: [], foreign: [] });
    expect(done[0]?.fields?.["written"]).toBe(Object.keys(GENERIC_TEXTS).length + 3 * OFFICIALS.length);
    // The one call queued after the stamp's found nothing missing: no second process.
    expect(stamped.report).toBeNull();
  });

  it("start-up - a stamped campaign whose files exist starts no process; a missing file is made again", async () => {
    const again = new Speech({ dir, ...SETTINGS }, logger);
    expect(await prepareCampaignSpeech({ store: stamped.t.store, speech: again })).toBeNull();
    expect(again.runs).toBe(0);
    const campaign = stamped.t.store.campaigns.current();
    const clip = pointClips(stamped.t.store, campaign ?? ({} as never), 1)?.find((c) => c.key === "done");
    if (!clip) throw new Error("no done clip");
    const path = again.pathOf("VQ-TEST", clip);
    const before = readFileSync(path);
    rmSync(path);
    const report = await prepareCampaignSpeech({ store: stamped.t.store, speech: again });
    expect(report).toMatchObject({ written: 1, failed: [], foreign: [] });
    expect(again.runs).toBe(1);
    expect(readWav(readFileSync(path)).ok).toBe(true);
    expect(Math.abs(readFileSync(path).length - before.length)).toBeLessThan(before.length / 5);
  }, 60_000);

  it("stamp - a synthesizer that cannot write leaves the stamp done and reports the failure", async () => {
    const blocked = join(dir, "not-a-folder");
    writeFileSync(blocked, "x");
    const failing = new Speech({ dir: blocked, ...SETTINGS }, logger);
    const t = appWith(failing);
    const board = await readyDraft(t);
    const res = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(res.status).toBe(200);
    expect(t.store.campaigns.current()?.state).toBe("stamped");
    const report = await failing.synthesize("VQ-TEST", []);
    await failing.idle();
    expect(report).toBeNull();
    const failure = logged.find((l) => l.event === "speech.failed");
    expect(failure?.fields?.["campaign"]).toBe("VQ-TEST");
  }, 60_000);
});

describe("the audio route", () => {
  it("serves a clip of its own ballot to the paired kiosk (cached, revalidated), 404s anything else, refuses others", async () => {
    // A campaign stamped by the services (as the scenario loader does), with the files already made.
    const speech = new Speech({ dir, ...SETTINGS }, logger);
    const t = appWith(speech);
    const day = await votingDay(t, { extraOfficials: 1 });
    expect(await prepareCampaignSpeech({ store: t.store, speech })).toBeNull(); // same texts: cached
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    const url = (key: string) => `/kiosk/am-thanh/${key}.wav`;

    const res = await kiosk.get(url("official-HQ-02"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("audio/wav");
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"official-HQ-02\.[0-9a-f]{16}"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const campaign = t.store.campaigns.current();
    const clip = pointClips(t.store, campaign ?? ({} as never), day.point.id)?.find(
      (c) => c.key === "official-HQ-02",
    );
    if (!clip) throw new Error("no clip");
    expect(etag).toBe(`"${clipFileName(clip, SETTINGS).replace(/\.wav$/, "")}"`);
    expect(bytes).toEqual(new Uint8Array(readFileSync(speech.pathOf("VQ-TEST", clip))));
    expect((await kiosk.get(url("official-HQ-02"), { "If-None-Match": etag })).status).toBe(304);

    for (const key of ["level-blank", "instruction", "name-HQ-03", "blank-count-3", "blank-meaning-many"]) {
      expect((await kiosk.get(url(key))).status, key).toBe(200);
    }
    for (const bad of [
      url("blank-count-4"), // more rows than this ballot has: no such clip
      url("blank-count-0"),
      url("official-HT-01"), // another commune's official: not on this point's ballot
      url("nothing"),
      url("official-HQ-02").replace(".wav", ".mp3"),
      "/kiosk/am-thanh/..%2F..%2F..%2Fetc%2Fpasswd.wav",
      "/kiosk/am-thanh/%2e%2e.wav",
      "/kiosk/am-thanh/.wav",
    ]) {
      const answer = await kiosk.get(bad);
      expect(answer.status, bad).toBe(404);
      expect(await answer.text(), bad).toMatch(/âm thanh/);
    }
    const anonymous = await new Client(t, "192.0.2.77").get(url("official-HQ-02"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/kiosk");
    expect((await day.officer.get(url("official-HQ-02"))).status).toBe(403);

    // A ballot issued and cast makes nothing: no process, no file, no change to any file.
    const listing = () =>
      readdirSync(speech.campaignDir("VQ-TEST"))
        .map((f) => `${f}:${statSync(join(speech.campaignDir("VQ-TEST"), f)).mtimeMs}`)
        .sort();
    const filesBefore = listing();
    const issued = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(issued.status).toBe(200);
    const { ticket } = await ballotOnKiosk(kiosk);
    const cast = await kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "low", "m.HQ-03": "medium" },
      htmx,
    );
    expect(cast.status).toBe(200);
    expect(t.store.ballots.collectedTotal()).toBe(1);
    await speech.idle();
    expect(speech.runs).toBe(0);
    expect(listing()).toEqual(filesBefore);
  }, 60_000);

  it("a kiosk of an app without speech gets 404 for every clip", async () => {
    const t = appWith(undefined);
    const day = await votingDay(t);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    expect((await kiosk.get("/kiosk/am-thanh/instruction.wav")).status).toBe(404);
  });
});
