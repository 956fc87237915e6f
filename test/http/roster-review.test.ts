/**
 * The board's decisions on possible duplicates (issue #14 "Duplicates"), through the pages: at import
 * an in-page step lists each group and nothing is stored until every group is decided; at amendment
 * a look-alike is named and needs "Là hai người khác nhau".
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { createOfficer } from "../../server/services/officers.ts";
import { storeImportedRoster } from "../../server/services/rosters.ts";
import {
  addUser,
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  dataAttr,
  draftCampaign,
  makeApp,
  stampForm,
  type TestApp,
  unwrap,
} from "../helpers.ts";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))));

let t: TestApp;
let board: Client;
let setup: Awaited<ReturnType<typeof draftCampaign>>;
const htmx = { "HX-Request": "true" };

beforeEach(async () => {
  t = makeApp();
  setup = await draftCampaign(t);
  await addUser(t, "bantochuc", "board");
  board = new Client(t);
  await board.login("bantochuc");
});

async function uploadAndWait(name: string, bytes: Uint8Array, headers: Record<string, string> = htmx) {
  const token = await board.csrf();
  const form = new FormData();
  form.set("_csrf", token);
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
  const first = await board.request(paths.board.rosterImport(setup.point.id), {
    method: "POST",
    body: form,
    headers,
  });
  let html = await first.text();
  let status = first.status;
  for (let i = 0; i < 200 && html.includes('hx-trigger="load delay:500ms"'); i++) {
    const job = dataAttr(html, "job-id");
    if (!job) break;
    await new Promise((r) => setTimeout(r, 20));
    const res = await board.get(paths.board.rosterJob(setup.point.id, job), htmx);
    status = res.status;
    html = await res.text();
  }
  return { status, html };
}

const confirmPath = (html: string) => {
  const action = /action="([^"]*\/xac-nhan)"/.exec(html)?.[1];
  if (!action) throw new Error("no review form");
  return action;
};
const names = () => t.store.rosters.list(setup.point.id).map((e) => [e.sourceRow, e.fullName]);

describe("import review of look-alikes", () => {
  it("13a-duplicates-no-cccd.csv - each group listed, nothing stored until every group is decided", async () => {
    const review = await uploadAndWait("13a.csv", fixture("real-world/13a-duplicates-no-cccd.csv"));
    expect(review.status).toBe(200);
    expect(review.html).toContain("2 nhóm có thể là cùng một người");
    expect(review.html).toContain("Nhóm 1: dòng 2, 3");
    expect(review.html).toContain("Nhóm 2: dòng 4, 5");
    expect(review.html).toContain("Là hai người khác nhau: giữ cả hai dòng");
    expect(review.html).not.toMatch(/hx-confirm|confirm\(/);
    expect(t.store.rosters.count(setup.point.id)).toBe(0);

    // One group decided: refused, the choice kept, still nothing stored.
    const action = confirmPath(review.html);
    const partial = await board.post(action, { "nhom-1": "all" }, htmx);
    expect(partial.status).toBe(422);
    const partialHtml = await partial.text();
    expect(partialHtml).toContain("Còn 1 nhóm người có thể trùng nhau chưa được xác nhận (dòng 4, 5)");
    expect(partialHtml).toContain("Chưa chọn cho nhóm này.");
    expect(partialHtml).toMatch(/name="nhom-1" value="all" checked/);
    expect(t.store.rosters.count(setup.point.id)).toBe(0);

    // A row that is not in its group is no decision.
    const wrong = await board.post(action, { "nhom-1": "all", "nhom-2": "2" }, htmx);
    expect(wrong.status).toBe(422);
    expect(t.store.rosters.count(setup.point.id)).toBe(0);

    const done = await board.post(action, { "nhom-1": "all", "nhom-2": "4" }, htmx);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Đã bỏ dòng 5 (trùng người)");
    expect(names()).toEqual([
      [2, "Nguyễn Thị Thuý"],
      [3, "Nguyễn Thị Thúy"],
      [4, "Lê Văn Hoà"],
      [6, "Trần Thị Khỏe"],
    ]);
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "roster.import",
      details: {
        entries: 4,
        lookAlikes: [
          { rows: [2, 3], keep: "all" },
          { rows: [4, 5], keep: 4 },
        ],
        droppedRows: [5],
      },
    });
    // The job is over: a second confirmation finds nothing to confirm.
    expect((await board.post(action, { "nhom-1": "all", "nhom-2": "4" }, htmx)).status).toBe(404);
  });

  it("a review left for more than 30 minutes is gone: its confirmation is refused and stores nothing", async () => {
    const review = await uploadAndWait("13a.csv", fixture("real-world/13a-duplicates-no-cccd.csv"));
    const action = confirmPath(review.html);
    t.clock.advance(31 * 60_000);
    const late = await board.post(action, { "nhom-1": "all", "nhom-2": "4" }, htmx);
    expect(late.status).toBe(404);
    expect(await late.text()).toContain("Không còn thông tin về lần nhập này. Vui lòng nhập lại tệp.");
    expect(t.store.rosters.count(setup.point.id)).toBe(0);
    const job = /\/nhap\/([0-9a-f]+)\/xac-nhan/.exec(action)?.[1] ?? "";
    expect((await board.get(paths.board.rosterJob(setup.point.id, job), htmx)).status).toBe(404);
  });

  it("a new file for the point replaces the review of the earlier one: one job held per point", async () => {
    const first = await uploadAndWait("13a.csv", fixture("real-world/13a-duplicates-no-cccd.csv"));
    const second = await uploadAndWait("13a-lan-2.csv", fixture("real-world/13a-duplicates-no-cccd.csv"));
    const earlier = await board.post(confirmPath(first.html), { "nhom-1": "all", "nhom-2": "4" }, htmx);
    expect(earlier.status).toBe(404);
    expect(t.store.rosters.count(setup.point.id)).toBe(0);
    expect(confirmPath(second.html)).not.toBe(confirmPath(first.html));
  });

  it("a confirmation sent twice at once (a double click) stores the file once, with one audit entry", async () => {
    const review = await uploadAndWait("13a.csv", fixture("real-world/13a-duplicates-no-cccd.csv"));
    const action = confirmPath(review.html);
    const before = t.store.audit.list().length;
    const answers = await Promise.all(
      [0, 1].map(() => board.post(action, { "nhom-1": "all", "nhom-2": "4" }, htmx)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404]);
    expect(t.store.audit.list().length - before).toBe(1);
    expect(t.store.rosters.count(setup.point.id)).toBe(4);
  });

  it("without JavaScript - the review page comes back and the confirmation stores", async () => {
    const review = await uploadAndWait("13a.csv", fixture("real-world/13a-duplicates-no-cccd.csv"), {});
    expect(review.status).toBe(200);
    const done = await board.post(confirmPath(review.html), { "nhom-1": "2", "nhom-2": "5" });
    expect(done.status).toBe(200);
    expect(names().map(([row]) => row)).toEqual([2, 5, 6]);
  });

  it("a file without look-alikes imports at once and names its sheet and its converted rows", async () => {
    const done = await uploadAndWait("21.xlsx", fixture("real-world/21-legacy-font-tcvn3-vni.xlsx"));
    expect(done.status).toBe(200);
    expect(done.html).toContain("Đã nhập 4 người từ tệp <strong>21.xlsx</strong>, trang “DS”");
    expect(done.html).toContain("Các dòng gõ bằng bảng mã cũ, đã chuyển sang Unicode (4)");
    expect(done.html).toContain("TCVN3 (ABC)");
    expect(done.html).toContain("NguyÔn ThÞ Thóy");
    expect(names().map(([, name]) => name)).toEqual([
      "Nguyễn Thị Thúy",
      "Lê Văn Hoà",
      "Đỗ Đức Đạt",
      "Nguyễn Thị Thúy",
    ]);
  });

  it("storeImportedRoster - the service itself refuses undecided look-alikes", () => {
    const person = { fullName: "Lê Văn Hoà", birthYear: 1975, birthDate: null, gender: null, cccd: null };
    const rest = { householdCode: "H02", relation: null, village: null };
    const refused = storeImportedRoster(t, BOARD_ACTOR, {
      campaignId: setup.campaign.id,
      pointId: setup.point.id,
      fileName: "x.csv",
      entries: [
        { row: 2, ...person, ...rest },
        { row: 3, ...person, fullName: "LÊ VĂN HÒA", ...rest },
      ],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "look_alikes" } });
    expect(t.store.rosters.count(setup.point.id)).toBe(0);
  });
});

describe("amendment look-alikes", () => {
  beforeEach(async () => {
    const review = await uploadAndWait("13a.csv", fixture("real-world/13a-duplicates-no-cccd.csv"));
    await board.post(confirmPath(review.html), { "nhom-1": "2", "nhom-2": "4" }, htmx);
    for (const [username, teamRole] of [
      ["hq-t1-1", "Tổ trưởng"],
      ["hq-t1-2", "Thư ký"],
    ] as const) {
      unwrap(
        await createOfficer(
          t,
          BOARD_ACTOR,
          { username, displayName: username, teamRole, pointIds: [setup.point.id] },
          { seal: CHEAP_SEAL },
        ),
      );
    }
    const stamped = await board.post(paths.board.stamp, await stampForm(board), htmx);
    expect(t.store.campaigns.current()?.state, await stamped.text()).toBe("stamped");
  });

  const amend = (fields: Record<string, string>) =>
    board.post(
      paths.board.rosterAmend(setup.point.id),
      { birthYear: "1980", householdCode: "H01", reason: "Bị sót khi lập danh sách", ...fields },
      htmx,
    );

  it("an added look-alike is named and needs 'Là hai người khác nhau'", async () => {
    const before = t.store.rosters.count(setup.point.id);
    const refused = await amend({ fullName: "Nguyễn Thị Thuy" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(
      "Danh sách đã có người có thể là người này: Nguyễn Thị Thuý (1980, hộ H01, dòng 2)",
    );
    expect(html).toContain('name="distinct"');
    expect(t.store.rosters.count(setup.point.id)).toBe(before);

    const confirmed = await amend({ fullName: "Nguyễn Thị Thuy", distinct: "1" });
    expect(confirmed.status).toBe(200);
    expect(t.store.rosters.count(setup.point.id)).toBe(before + 1);
    const entry = t.store.audit.list().at(-1);
    expect(entry?.action).toBe("roster.amend.add");
    expect(entry?.details).toMatchObject({ confirmedDistinctFrom: [expect.any(Number)] });
  });

  it("someone else (another birth year) is added without a question; form text loses invisible characters", async () => {
    const res = await amend({ fullName: "Nguyễn\u00ad Thị\u200b Thuý", birthYear: "1981" });
    expect(res.status).toBe(200);
    expect(t.store.rosters.list(setup.point.id).at(-1)?.fullName).toBe("Nguyễn Thị Thuý");
  });
});
