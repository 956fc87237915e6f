import type { Database } from "bun:sqlite";
import { describe, expect, it } from "vitest";
import { answerWindowMs, DEFAULT_KIOSK_IDLE_SECONDS } from "../../server/domain/kiosk-ballot.ts";
import { paths } from "../../server/http/paths.ts";
import { dataAttr, makeApp, type TestApp } from "../helpers.ts";
import { ballotOnKiosk, entryIdOf, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

/**
 * The resident's ballot on the kiosk, step by step (issue #13), in process with a controlled clock:
 * the ballot in progress lives in memory under the ticket, a reload shows where the resident was,
 * text size and contrast belong to the ballot, the idle question and the console's alert, and the
 * refusals of anything a kiosk should not send.
 */

async function ballotDay(t: TestApp) {
  const day = await votingDay(t);
  const open = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
  if (open.status !== 200) throw new Error(`open failed ${open.status}`);
  const kiosk = await pairedKiosk(t, day.officer, day.point.id);
  const issue = async (name: string) => {
    const res = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t) },
      htmx,
    );
    if (res.status !== 200) throw new Error(`issue failed ${res.status}`);
    const { ticket } = await ballotOnKiosk(kiosk);
    if (!ticket) throw new Error("no ballot on the kiosk");
    return ticket;
  };
  /** One step on the kiosk: its answer's status and the screen it shows. */
  const step = async (path: string, fields: Record<string, string>, query = "") => {
    const res = await kiosk.post(`${path}${query}`, fields, htmx);
    return { status: res.status, html: await res.text() };
  };
  return { ...day, kiosk, issue, step };
}

const screenOf = (html: string) => dataAttr(html, "screen");
const positionOf = (html: string) =>
  html
    .match(/Người thứ (\d+) \/ (\d+)/)
    ?.slice(1)
    .map(Number) ?? null;

/** Every row of every table of a database, as text (for "nothing changed" comparisons). */
function dump(db: Database, skip: (table: string, column: string) => boolean = () => false): string {
  const tables = db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
  return JSON.stringify(
    tables.map((table) => {
      const rows = db.query<Record<string, unknown>, []>(`SELECT * FROM "${table}"`).all();
      return [table, rows.map((row) => Object.entries(row).filter(([column]) => !skip(table, column)))];
    }),
  );
}

describe("the ballot in progress", () => {
  it("memory only - choosing, moving, reviewing and the display settings write nothing to the database, the ballot file or the audit; a reload shows where the resident was, with the marks", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    // A kiosk's "last seen" is written by its polls anyway (at most every 5 s): not the ballot's.
    const skip = (table: string, column: string) => table === "kiosks" && column === "last_seen_at";
    const before = {
      main: dump(t.store.db, skip),
      ballots: dump(t.store.ballots.db),
      audit: t.store.audit.list().length,
    };

    const first = await day.step(paths.kiosk.choose, { t: ticket, o: "HQ-01", level: "low" });
    expect(first.status).toBe(200);
    expect(positionOf(first.html)).toEqual([2, 2]);
    await day.step(paths.kiosk.display, { t: ticket, doi: "chu" });
    await day.step(paths.kiosk.display, { t: ticket, doi: "tuong-phan" });
    const back = await day.step(paths.kiosk.go, { t: ticket, den: "1" });
    expect(positionOf(back.html)).toEqual([1, 2]);
    // The choice is shown as chosen when the resident comes back to it.
    expect(back.html).toMatch(/value="low" class="choice choice-low" aria-pressed="true"/);
    expect(back.html).toMatch(/value="high" class="choice choice-high" aria-pressed="false"/);
    await day.step(paths.kiosk.go, { t: ticket, den: "2" });

    const after = {
      main: dump(t.store.db, skip),
      ballots: dump(t.store.ballots.db),
      audit: t.store.audit.list().length,
    };
    expect(after).toEqual(before);

    // A reload (a plain GET of the page): the second official, at the chosen size and contrast.
    const page = await (await day.kiosk.get(paths.kiosk.home)).text();
    expect(positionOf(page)).toEqual([2, 2]);
    expect(page).toContain('<html lang="vi" class="text-1 contrast">');
    expect(page).toContain("Cỡ chữ: <strong>Lớn</strong>");
    expect(page).toContain("Tương phản: <strong>Cao</strong>");
    // The review shows the mark from memory; what it would cast is exactly that.
    const review = await day.step(paths.kiosk.review, { t: ticket });
    expect(screenOf(review.html)).toBe("review");
    expect(review.html).toContain('name="m.HQ-01" value="low"');
    expect(review.html).not.toContain('name="m.HQ-02"');
    expect(review.html).toContain(
      'data-speak="review name-HQ-01 level-low name-HQ-02 level-blank review-send"',
    );
  });

  it("steps - 'Tiếp' past the last official is the review; 'Sửa' goes to that official and choosing returns to the review; the first official's screen speaks the instruction", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    const start = (await ballotOnKiosk(day.kiosk)).html;
    expect(start).toContain('data-speak="instruction official-HQ-01 choices hint-next"');
    // "Quay lại" is there but cannot be pressed on the first official.
    expect(start).toMatch(/<button type="submit" name="den" value="0" class="big-button quiet" disabled/);
    // Nothing chosen: moving on leaves the official blank, and the (quiet) button says so.
    expect(start).toMatch(/name="den" value="2" class="big-button next-button quiet"[^>]*>Để trống ▶</);
    expect(start).not.toContain(">Tiếp ▶<");
    const second = await day.step(paths.kiosk.go, { t: ticket, den: "2" });
    expect(second.html).toContain('data-speak="official-HQ-02 choices hint-review"');
    expect(second.html).toContain("Xem lại phiếu ▶"); // the last official: "Tiếp" becomes the review
    const review = await day.step(paths.kiosk.go, { t: ticket, den: "3" });
    expect(screenOf(review.html)).toBe("review");
    const edit = await day.step(paths.kiosk.edit, { t: ticket, o: "HQ-01" });
    expect(positionOf(edit.html)).toEqual([1, 2]);
    expect(edit.html).toContain("Xem lại phiếu ▶");
    const chosen = await day.step(paths.kiosk.choose, { t: ticket, o: "HQ-01", level: "high" });
    expect(screenOf(chosen.html)).toBe("review");
    expect(chosen.html).toContain('name="m.HQ-01" value="high"');
    // Back on an official already chosen, outside an edit from the review: "Tiếp", the main button.
    const again = await day.step(paths.kiosk.go, { t: ticket, den: "1" });
    expect(again.html).toMatch(/class="big-button next-button primary"[^>]*>Tiếp ▶</);
  });

  it("what a choice does - the line under the choices and the spoken guidance say where a choice goes (the next official; the review, from the last official; back to the review, from 'Sửa'), and on an official already chosen how to change it; the button forward is quiet before a choice and the main button after, on the last official too", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    /** The screen's line under the choices (without its keyboard half), its spoken keys, its button forward. */
    const official = (html: string) => ({
      position: positionOf(html),
      hint: html.match(/<p class="choice-hint">(.*?)<span class="keys-only">/)?.[1]?.replace(/<[^>]+>/g, ""),
      speak: html.match(/class="speak" data-speak="([^"]*)"/)?.[1],
      next: html.match(/class="big-button next-button (\w+)"[^>]*>([^<]*)</)?.slice(1),
    });
    expect(official((await ballotOnKiosk(day.kiosk)).html)).toEqual({
      position: [1, 2],
      hint: "Chạm vào một ô để chọn: máy tự sang người tiếp theo.",
      speak: "instruction official-HQ-01 choices hint-next",
      next: ["quiet", "Để trống ▶"],
    });
    // The last official: a choice goes to the review (as "Xem lại phiếu ▶" does), and that button is
    // quiet until something is chosen, as "Để trống ▶" is on the others.
    const last = await day.step(paths.kiosk.go, { t: ticket, den: "2" });
    expect(official(last.html)).toEqual({
      position: [2, 2],
      hint: "Chạm vào một ô để chọn: máy tự sang trang xem lại phiếu.",
      speak: "official-HQ-02 choices hint-review",
      next: ["quiet", "Xem lại phiếu ▶"],
    });
    expect(screenOf((await day.step(paths.kiosk.go, { t: ticket, den: "3" })).html)).toBe("review");
    // "Sửa" from the review: a choice goes back there, whichever official it is.
    const editBlank = await day.step(paths.kiosk.edit, { t: ticket, o: "HQ-01" });
    expect(official(editBlank.html)).toEqual({
      position: [1, 2],
      hint: "Chạm vào một ô để chọn: máy tự quay về trang xem lại phiếu.",
      speak: "instruction official-HQ-01 choices hint-back",
      next: ["quiet", "Xem lại phiếu ▶"],
    });
    const choose = (o: string, level: string) => day.step(paths.kiosk.choose, { t: ticket, o, level });
    expect(screenOf((await choose("HQ-01", "high")).html)).toBe("review");
    expect(screenOf((await choose("HQ-02", "low")).html)).toBe("review");
    // Back on an official already chosen: a touch changes the choice, and moves on as before.
    const lastChosen = await day.step(paths.kiosk.go, { t: ticket, den: "2" });
    expect(official(lastChosen.html)).toEqual({
      position: [2, 2],
      hint: "Đã chọn: Tín nhiệm thấp. Muốn đổi, chạm vào ô khác: máy tự sang trang xem lại phiếu.",
      speak: "official-HQ-02 choices chosen level-low change-review",
      next: ["primary", "Xem lại phiếu ▶"],
    });
    const firstChosen = await day.step(paths.kiosk.go, { t: ticket, den: "1" });
    expect(official(firstChosen.html)).toEqual({
      position: [1, 2],
      hint: "Đã chọn: Tín nhiệm cao. Muốn đổi, chạm vào ô khác: máy tự sang người tiếp theo.",
      speak: "instruction official-HQ-01 choices chosen level-high change-next",
      next: ["primary", "Tiếp ▶"],
    });
    expect(positionOf((await choose("HQ-01", "medium")).html)).toEqual([2, 2]);
    await day.step(paths.kiosk.review, { t: ticket });
    const edit = await day.step(paths.kiosk.edit, { t: ticket, o: "HQ-01" });
    expect(official(edit.html)).toEqual({
      position: [1, 2],
      hint: "Đã chọn: Tín nhiệm. Muốn đổi, chạm vào ô khác: máy tự quay về trang xem lại phiếu.",
      speak: "instruction official-HQ-01 choices chosen level-medium change-back",
      next: ["primary", "Xem lại phiếu ▶"],
    });
  });

  it("refusals - a level outside the three, an official not on the ballot, a page that does not exist, two levels at once, a ticket the kiosk no longer holds: a Vietnamese message, nothing changed", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    await day.step(paths.kiosk.choose, { t: ticket, o: "HQ-01", level: "medium" });
    const held = t.store.tickets.currentProgress(kioskIdOf(t));
    for (const [path, fields] of [
      [paths.kiosk.choose, { t: ticket, o: "HQ-02", level: "maybe" }],
      [paths.kiosk.choose, { t: ticket, o: "HT-01", level: "high" }],
      [paths.kiosk.go, { t: ticket, den: "9" }],
      [paths.kiosk.go, { t: ticket, den: "-1" }],
      [paths.kiosk.edit, { t: ticket, o: "nobody" }],
      [paths.kiosk.display, { t: ticket, doi: "mau" }],
    ] as const) {
      const refused = await day.step(path, fields);
      expect(refused.status, `${path} ${JSON.stringify(fields)}`).toBe(422);
      expect(refused.html).toContain('class="kiosk-alert" role="alert"');
      expect(refused.html).not.toMatch(/Error|stack|undefined/);
    }
    const doubled = await day.kiosk.request(paths.kiosk.choose, {
      method: "POST",
      headers: {
        ...htmx,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRF-Token": await day.kiosk.csrf(),
      },
      body: `t=${ticket}&o=HQ-02&level=high&level=low`,
    });
    expect(doubled.status).toBe(422);
    expect(await doubled.text()).toContain("Máy chưa hiểu nút vừa bấm. Xin bấm lại.");
    expect(t.store.tickets.currentProgress(kioskIdOf(t))).toEqual(held);
    const stale = await day.step(paths.kiosk.choose, { t: "f".repeat(32), o: "HQ-02", level: "high" });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("Phiếu không còn hiệu lực");
    expect(t.store.tickets.currentProgress(kioskIdOf(t))).toEqual(held);
    // On the blank-rows question too, a press it does not have is refused in words, on that question.
    const asked = await day.step(paths.kiosk.cast, { t: ticket, "m.HQ-01": "medium" });
    expect(asked.html).toContain("data-blank-question");
    const onQuestion = t.store.tickets.currentProgress(kioskIdOf(t));
    const refused = await day.step(paths.kiosk.edit, { t: ticket, o: "nobody" });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("data-blank-question");
    expect(refused.html).toContain('class="kiosk-alert" role="alert"');
    expect(t.store.tickets.currentProgress(kioskIdOf(t))).toEqual(onQuestion);
  });

  it("drawn once per state - asking again for an unchanged ballot sends the same bytes; an error line, a whole page instead of a swap, a new CSRF token or a step draws anew, and the error is not kept for the next answer", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    const page = async () => {
      const res = await day.kiosk.get(paths.kiosk.home);
      return { status: res.status, html: await res.text() };
    };
    const swap = async () => (await day.kiosk.get(paths.kiosk.home, htmx)).text();

    const first = await page();
    expect(first.status).toBe(200);
    expect(first.html).toMatch(/^<!doctype html>/i);
    expect(positionOf(first.html)).toEqual([1, 2]);
    // A reload of the same state: the very same page, token and all.
    expect(await page()).toEqual(first);
    // The same state as an htmx swap: the screen alone, not the page kept for the reload.
    const swapped = await swap();
    expect(swapped).not.toMatch(/<!doctype|<html/i);
    expect(swapped).toContain('data-screen="official"');
    expect(first.html).toContain(swapped);

    // A refused step leaves the state as it was: its answer carries the error line...
    const refused = await day.step(paths.kiosk.choose, { t: ticket, o: "HQ-01", level: "maybe" });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("kiosk-alert");
    // ...and the next answer for the same state does not.
    expect(await swap()).toBe(swapped);
    expect(await page()).toEqual(first);

    // A new CSRF token (the cookie lost): the page carries the new one, not the kept one.
    const oldToken = day.kiosk.cookies.get("tn_csrf") ?? "";
    expect(first.html).toContain(oldToken);
    day.kiosk.cookies.delete("tn_csrf");
    const renewed = await page();
    const newToken = day.kiosk.cookies.get("tn_csrf") ?? "";
    expect(newToken).not.toBe(oldToken);
    expect(renewed.html).toContain(newToken);
    expect(renewed.html).not.toContain(oldToken);

    // A step is a new state: the next page shows the choice made.
    await day.step(paths.kiosk.choose, { t: ticket, o: "HQ-01", level: "low" });
    const after = await page();
    expect(positionOf(after.html)).toEqual([2, 2]);
    await day.step(paths.kiosk.go, { t: ticket, den: "1" });
    expect((await page()).html).toMatch(/value="low"\s+class="choice choice-low"\s+aria-pressed="true"/);
  });

  it("no script - every form of a ballot screen carries the page's CSRF token as a field: a kiosk browser without script posts the form as it is and is sent back to /kiosk, on the next screen (newcomer trial: it was refused)", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    await day.issue("Võ Văn Dũng");
    const page = await (await day.kiosk.get(paths.kiosk.home)).text();
    const token = day.kiosk.cookies.get("tn_csrf") ?? "";
    const forms = [...page.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
    expect(forms.length).toBeGreaterThan(2);
    for (const form of forms) expect(form).toContain(`name="_csrf" value="${token}"`);
    // The choice form, submitted by its "Tín nhiệm thấp" button as a browser does: its fields only.
    const choice = forms.find((f) => f.includes(`action="${paths.kiosk.choose}"`)) ?? "";
    const fields = new URLSearchParams(
      [...choice.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1] ?? "",
        m[2] ?? "",
      ]),
    );
    fields.set("level", "low");
    const res = await day.kiosk.request(paths.kiosk.choose, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: fields.toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(paths.kiosk.home);
    expect(positionOf(await (await day.kiosk.get(paths.kiosk.home)).text())).toEqual([2, 2]);
  });

  it("display - the text size goes Vừa → Lớn → Rất lớn → Vừa, the contrast Thường ↔ Cao, for this ballot only: the next resident starts at the defaults", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    const labels: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { html } = await day.step(paths.kiosk.display, { t: ticket, doi: "chu" });
      labels.push(html.match(/Cỡ chữ: <strong>([^<]+)<\/strong>/)?.[1] ?? "?");
      expect(dataAttr(html, "text-size")).toBe(String((i + 1) % 3));
    }
    expect(labels).toEqual(["Lớn", "Rất lớn", "Vừa"]);
    await day.step(paths.kiosk.display, { t: ticket, doi: "chu" });
    const contrast = await day.step(paths.kiosk.display, { t: ticket, doi: "tuong-phan" });
    expect(dataAttr(contrast.html, "contrast")).toBe("1");
    await day.kiosk.post(paths.kiosk.cast, { t: ticket, confirmBlank: "1" }, htmx);
    const next = await day.issue("Lê Diệu Lan");
    expect(next).not.toBe(ticket);
    const page = await (await day.kiosk.get(paths.kiosk.home)).text();
    expect(page).toContain('<html lang="vi" class="text-0">');
    expect(page).toContain("Cỡ chữ: <strong>Vừa</strong>");
    expect(positionOf(page)).toEqual([1, 2]);
  });
});

describe("an idle ballot", () => {
  const idleMs = DEFAULT_KIOSK_IDLE_SECONDS * 1000;
  const attentionOnConsole = async (day: Awaited<ReturnType<typeof ballotDay>>) =>
    (await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text()).includes("data-attention");

  it("idle - no touch for two minutes: the kiosk asks; unanswered for 30 s more, the console shows the kiosk needs attention; a touch (kiosk.js's report) or the answer brings the resident back where they were and ends the alert; nothing is cast or voided", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const ticket = await day.issue("Võ Văn Dũng");
    await day.step(paths.kiosk.choose, { t: ticket, o: "HQ-01", level: "high" });
    const still = () => day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx);
    const asking = () => day.kiosk.get(`${paths.kiosk.still}?t=${ticket}&q=1`, htmx);

    t.clock.advance(idleMs - 1_000);
    expect((await still()).status).toBe(204);
    t.clock.advance(1_000);
    const question = await still();
    expect(question.status).toBe(200);
    const html = await question.text();
    expect(screenOf(html)).toBe("idle-question");
    expect(html).toContain("Bà con còn đang ghi phiếu không?");
    expect(html).toContain('data-speak="idle"');
    // The question screen's own poll does not ask again; the console is not told yet.
    expect((await asking()).status).toBe(204);
    expect(await attentionOnConsole(day)).toBe(false);

    t.clock.advance(answerWindowMs(idleMs));
    expect(answerWindowMs(idleMs)).toBe(30_000);
    expect(await attentionOnConsole(day)).toBe(true);
    // Nothing cast, nothing voided: the ticket is still the kiosk's, the counts unchanged.
    expect(t.store.tickets.forKiosk(kioskIdOf(t))?.id).toBe(ticket);
    expect(t.store.voting.pointDay(day.point.id, "2026-10-27")).toMatchObject({
      issued: 1,
      collected: 0,
      voided: 0,
    });

    // A touch reported by kiosk.js (no screen in the answer): the question's poll brings the screen back.
    const ping = await day.kiosk.post(`${paths.kiosk.present}?ping=1`, { t: ticket }, htmx);
    expect(ping.status).toBe(204);
    expect(await attentionOnConsole(day)).toBe(false);
    const back = await asking();
    expect(back.status).toBe(200);
    expect(positionOf(await back.text())).toEqual([2, 2]);

    // Idle again, then the answer "Có, tôi đang ghi phiếu": the same screen, the alert gone.
    t.clock.advance(idleMs + answerWindowMs(idleMs));
    expect(await attentionOnConsole(day)).toBe(true);
    const answer = await day.step(paths.kiosk.present, { t: ticket });
    expect(answer.status).toBe(200);
    expect(positionOf(answer.html)).toEqual([2, 2]);
    expect(await attentionOnConsole(day)).toBe(false);
  });

  it("idle - the campaign's own setting (5 minutes) is what the kiosk waits before asking", async () => {
    const t = makeApp();
    const day = await ballotDay(t);
    const campaign = t.store.campaigns.current();
    if (!campaign) throw new Error("fixture");
    t.store.campaigns.update(campaign.id, { ...campaign, kioskIdleMinutes: 5 });
    const ticket = await day.issue("Võ Văn Dũng");
    const still = () => day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx);
    t.clock.advance(idleMs);
    expect((await still()).status).toBe(204);
    t.clock.advance(5 * 60_000 - idleMs);
    expect(await (await still()).text()).toContain("Bà con còn đang ghi phiếu không?");
  });

  it("idle - KIOSK_IDLE_SECONDS overrides the campaign's two minutes (for trying it out, and for the browser tests)", async () => {
    const { createApp } = await import("../../server/app.ts");
    const { loadConfig } = await import("../../server/config.ts");
    const t = makeApp();
    const config = loadConfig({ KIOSK_IDLE_SECONDS: "5" });
    if (!config.ok) throw new Error(config.error);
    const t5 = { ...t, app: createApp({ store: t.store, clock: t.clock, config: config.value }) };
    const day = await ballotDay(t5);
    const ticket = await day.issue("Võ Văn Dũng");
    t.clock.advance(5_000);
    const question = await day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx);
    expect(await question.text()).toContain("Bà con còn đang ghi phiếu không?");
    expect(loadConfig({ KIOSK_IDLE_SECONDS: "0" }).ok).toBe(false);
  });
});
