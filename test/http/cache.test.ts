import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { KIOSK_AUDIO_PREFIX } from "../../server/routes/kiosk-audio.ts";
import { addUser, Client, draftCampaign, makeApp } from "../helpers.ts";
import { ballotOnKiosk, entryIdOf, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

/** Each answer's status and Cache-Control, as "200 no-store", by what it is. */
const cachingOf = (answers: Record<string, Response>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(answers).map(([what, res]) => [what, `${res.status} ${res.headers.get("Cache-Control")}`]),
  );

describe("caching (issue #9 §3)", () => {
  it("no-store - board pages, officer pages and htmx fragments are never kept by a browser or proxy", async () => {
    const t = makeApp();
    draftCampaign(t);
    await addUser(t, "bantochuc", "board");
    await addUser(t, "hq-t1-1", "officer");
    const board = new Client(t, "192.0.2.20");
    await board.login("bantochuc");
    const officer = new Client(t, "192.0.2.21");
    await officer.login("hq-t1-1");
    const answers = {
      "board page": await board.get(paths.board.home),
      "board audit page": await board.get(paths.board.audit),
      "officer page": await officer.get(paths.officer.home),
      "htmx fragment": await board.get(paths.board.officials, { "HX-Request": "true" }),
      "refused page of a logged-in user": await officer.get(paths.board.home),
      "kiosk page": await new Client(t, "192.0.2.22").get(paths.kiosk.home),
    };
    const headers = cachingOf(answers);
    expect(headers).toEqual({
      "board page": "200 no-store",
      "board audit page": "200 no-store",
      "officer page": "200 no-store",
      "htmx fragment": "200 no-store",
      "refused page of a logged-in user": "403 no-store",
      "kiosk page": "200 no-store",
    });
  });

  it("no-store - the login page (it carries a CSRF token) is not cached either; assets are", async () => {
    const t = makeApp();
    expect((await new Client(t).get(paths.login)).headers.get("Cache-Control")).toBe("no-store");
    expect((await t.app.request(paths.assets.htmx)).headers.get("Cache-Control")).toBe(
      "public, max-age=3600",
    );
  });

  it("no-store - a kiosk's ballot page, its steps (answered or refused) and its polls; a refusal on the clips' path too (only a clip served sets its own policy)", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    const idlePoll = await kiosk.get(paths.kiosk.wait, htmx);
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    const { ticket } = await ballotOnKiosk(kiosk);
    const answers = {
      "idle poll": idlePoll,
      "ballot page": await kiosk.get(paths.kiosk.home),
      "ballot page again": await kiosk.get(paths.kiosk.home),
      step: await kiosk.post(paths.kiosk.choose, { t: ticket ?? "", o: "HQ-01", level: "low" }, htmx),
      "refused step": await kiosk.post(paths.kiosk.choose, { t: ticket ?? "", o: "HQ-01", level: "x" }, htmx),
      "clip refused to an officer": await day.officer.get(`${KIOSK_AUDIO_PREFIX}choices.wav`),
      "clip not on this ballot": await kiosk.get(`${KIOSK_AUDIO_PREFIX}official-XX-99.wav`),
    };
    const headers = cachingOf(answers);
    expect(headers).toEqual({
      "idle poll": "204 no-store",
      "ballot page": "200 no-store",
      "ballot page again": "200 no-store",
      step: "200 no-store",
      "refused step": "422 no-store",
      "clip refused to an officer": "403 no-store",
      "clip not on this ballot": "404 no-store",
    });
  });
});
