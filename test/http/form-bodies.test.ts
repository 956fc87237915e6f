import { describe, expect, it } from "vitest";
import { MISSING_FIELD } from "../../server/domain/zod-vi.ts";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, draftCampaign, makeApp, type TestApp } from "../helpers.ts";
import { htmx, votingDay } from "../voting-helpers.ts";

/** Rows of every table, to show a refused request changed nothing. */
function snapshot(t: TestApp): string {
  const tables = t.store.db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
  return JSON.stringify(tables.map((n) => [n, t.store.db.query(`SELECT * FROM "${n}"`).all()]));
}

/** A state-changing request with the client's CSRF token in the header and a body of any kind. */
async function send(client: Client, path: string, type: string, body: string): Promise<Response> {
  const token = await client.csrf();
  return client.request(path, {
    method: "POST",
    headers: { "Content-Type": type, "X-CSRF-Token": token, ...htmx },
    body,
  });
}

describe("request bodies that are not our forms (attack trial 2026-12-01)", () => {
  it("a close sent as JSON is refused with a Vietnamese 415 and changes nothing: the incidents it carried are not silently dropped", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    expect((await day.officer.post(paths.officer.open(day.point.id), {}, htmx)).status).toBe(200);
    const before = snapshot(t);
    for (const [type, body] of [
      ["application/json", JSON.stringify({ incidents: "Máy 2 hỏng lúc 9 giờ" })],
      ["text/plain", "incidents=Máy 2 hỏng"],
      ["application/xml", "<incidents>Máy 2 hỏng</incidents>"],
    ] as const) {
      const res = await send(day.officer, paths.officer.close(day.point.id), type, body);
      expect(res.status).toBe(415);
      expect(await res.text()).toContain("Dữ liệu gửi lên không phải biểu mẫu của trang");
    }
    expect(snapshot(t)).toBe(before);
    expect(t.store.voting.pointDay(day.point.id, "2026-10-27")?.status).toBe("open");
  });

  it("a form body that cannot be read is a 400 before anything changes", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    expect((await day.officer.post(paths.officer.open(day.point.id), {}, htmx)).status).toBe(200);
    const before = snapshot(t);
    const res = await send(
      day.officer,
      paths.officer.close(day.point.id),
      "multipart/form-data; boundary=xyz",
      '--xyz\r\nContent-Disposition: form-data; name="incidents"\r\n\r\nMáy 2',
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Yêu cầu không hợp lệ");
    expect(snapshot(t)).toBe(before);
  });

  it("a point's ballot form sent without its choice (empty, or another form) keeps the ballot as it was", async () => {
    const t = makeApp();
    const { campaign, point, officials } = await draftCampaign(t);
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.30");
    expect((await board.login("bantochuc")).status).toBe(303);
    const chosen = officials[1]?.id ?? 0;
    const path = `${paths.board.point(point.id)}/phieu`;
    expect((await board.post(path, { mode: "custom", officialIds: String(chosen) }, htmx)).status).toBe(200);
    const before = snapshot(t);
    const empty = await board.post(path, {}, htmx);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Chọn loại phiếu của điểm");
    expect((await board.post(path, { mode: "bất kỳ" }, htmx)).status).toBe(422);
    expect(snapshot(t)).toBe(before);
    expect(t.store.points.get(campaign.id, point.id)?.customOfficialIds).toEqual([chosen]);
  });

  it("board forms sent without their fields say so in words, not as zod's type error", async () => {
    const t = makeApp();
    await draftCampaign(t);
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.30");
    expect((await board.login("bantochuc")).status).toBe(303);
    for (const path of [
      paths.board.communes,
      paths.board.officials,
      paths.board.officers,
      paths.board.points,
    ]) {
      const res = await board.post(path, {}, htmx);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(MISSING_FIELD);
      expect(html).not.toContain("mong đợi");
      expect(html).not.toContain("undefined");
    }
  });
});
