import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, draftCampaign, makeApp } from "../helpers.ts";

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
    const headers = Object.fromEntries(
      Object.entries(answers).map(([what, res]) => [
        what,
        `${res.status} ${res.headers.get("Cache-Control")}`,
      ]),
    );
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
});
