import { Hono } from "hono";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { clipFileName } from "../speech/clips.ts";
import { pointClips } from "../speech/speech.ts";

/**
 * The kiosk's spoken guidance (issue #13 item 6): `GET /kiosk/am-thanh/<key>.wav`, for a paired
 * kiosk only. The key is looked up among the clips of the kiosk's own point's ballot and the file
 * name is built from that clip's text, never from the request, so no path can be reached but a
 * clip's. Kiosk requests are not logged (server/app.ts); the browser fetches the four choice words
 * together (kiosk/assets/speech.js), so no request tells which choice a resident made.
 */
export const KIOSK_AUDIO_PREFIX = "/kiosk/am-thanh/";

/** Keys are letters, digits and "-" plus an official's code ("official-HQ-02"; CodeSchema). */
const FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,79})\.wav$/;

const MISSING = "Không có đoạn âm thanh hướng dẫn này.";

export const kioskAudioRoutes = new Hono<AppEnv>().get(
  `${KIOSK_AUDIO_PREFIX}:file`,
  allow("kiosk"),
  async (c) => {
    const { store, speech } = c.get("deps");
    const key = FILE.exec(c.req.param("file"))?.[1];
    const campaign = store.campaigns.current();
    const pointId = c.get("kiosk")?.pointId;
    // Before the stamp the names may still change: no clip is made, none is served.
    if (!key || !speech || !campaign || campaign.state === "draft" || pointId == null) {
      return c.text(MISSING, 404);
    }
    const clip = pointClips(store, campaign, pointId)?.find((candidate) => candidate.key === key);
    if (!clip) return c.text(MISSING, 404);
    const name = clipFileName(clip, speech.settings);
    // The file name holds a digest of the voice and the text: it is the clip's version.
    const etag = `"${name.slice(0, -".wav".length)}"`;
    // The clips are the same for every resident (names and positions printed on the ballot), so
    // the browser may keep them, but asks each time whether they changed (a re-stamped campaign).
    c.header("Cache-Control", "private, no-cache");
    c.header("ETag", etag);
    if (c.req.header("If-None-Match") === etag) return c.body(null, 304);
    const file = Bun.file(speech.pathOf(campaign.code, clip));
    if (!(await file.exists())) {
      c.header("Cache-Control", "no-store");
      return c.text("Âm thanh hướng dẫn đang được chuẩn bị. Xin thử lại sau ít phút.", 404);
    }
    c.header("Content-Type", "audio/wav");
    return c.body(await file.bytes());
  },
);
