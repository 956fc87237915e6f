/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import { HtmlEscapedCallbackPhase, type HtmlEscapedString, resolveCallback } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import { KioskLayout } from "../../kiosk/kiosk-layout.tsx";
import {
  AwaitingConfirmationScreen,
  ChoosePointScreen,
  CurrentBallotScreen,
  IdleScreen,
  type IdleState,
  KioskMessage,
  PairingScreen,
  StillVotingScreen,
  ThanksScreen,
  VoidedScreen,
  WaitForWindowScreen,
} from "../../kiosk/screens.tsx";
import { kioskTopic } from "../db/changes.ts";
import { LevelSchema } from "../domain/ballot.ts";
import { vietnamDate } from "../domain/calendar.ts";
import { type BallotProgress, idleState, type KioskBallotAction } from "../domain/kiosk-ballot.ts";
import { type PairingStep, pairingStepKey } from "../domain/pairing.ts";
import type { Kiosk } from "../domain/voting.ts";
import { allow, setKioskCookie } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { isHtmx } from "../http/htmx.ts";
import { paths } from "../http/paths.ts";
import {
  KIOSK_TOUCH_EVERY_MS,
  kioskIdleMs,
  kioskPairingStep,
  kioskTouchDue,
  openWindowPointIds,
  requestPairingCode,
  touchKiosk,
} from "../services/kiosks.ts";
import {
  actOnKioskBallot,
  type BallotView,
  ballotForKiosk,
  castBallot,
  noVotingOn,
  pointDayStatus,
} from "../services/voting.ts";

type Screen = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * htmx swaps the screen into #kiosk; a plain request gets the whole kiosk page, drawn at the text
 * size and contrast of the ballot in progress (`display`; the default without one).
 */
function show(
  c: Context<AppEnv>,
  screen: Screen,
  status: ContentfulStatusCode = 200,
  display: BallotProgress | null = null,
) {
  return c.html(pageOf(isHtmx(c), c.get("csrfToken"), screen, display), status);
}

/** The screen alone for an htmx swap, else the whole kiosk page around it (`show`). */
const pageOf = (htmx: boolean, csrfToken: string, screen: Screen, display: BallotProgress | null): Screen =>
  htmx ? (
    screen
  ) : (
    <KioskLayout csrfToken={csrfToken} display={display}>
      {screen}
    </KioskLayout>
  );

/** What a ballot screen is drawn from besides the ballot's state: compared whole (sameDrawing). */
type DrawnBallot = {
  officials: readonly unknown[];
  label: string;
  error: string | undefined;
  whilePaused: boolean;
  htmx: boolean;
  csrfToken: string;
  bytes: Uint8Array<ArrayBuffer>;
};

const sameDrawing = (a: Omit<DrawnBallot, "bytes">, b: Omit<DrawnBallot, "bytes">): boolean =>
  a.officials === b.officials &&
  a.label === b.label &&
  a.error === b.error &&
  a.whilePaused === b.whilePaused &&
  a.htmx === b.htmx &&
  a.csrfToken === b.csrfToken;

/**
 * The ballot screen last drawn for each ballot state, as the bytes sent, so that asking again for a
 * screen that has not changed (a reload, a poll answered again) costs no drawing: issue #12 §3 asks
 * the ballot page to come close to a static answer of the same bytes. Exact, never stale: a state is
 * never changed (each step of the resident makes a new one, domain/kiosk-ballot.ts), and everything
 * else the screen is drawn from is compared whole (`sameDrawing`): the officials (the same array for
 * a ticket's life, TicketBook.keepSheet), the kiosk's label, the error line, the page's CSRF token,
 * and whether htmx swaps the screen or the whole page is drawn. Held weakly: gone with the state.
 */
const drawnBallots = new WeakMap<BallotProgress, DrawnBallot>();

const UTF8 = new TextEncoder();

/** The screen of the ballot in progress: where the resident is, with what they chose. */
async function showBallot(
  c: Context<AppEnv>,
  kiosk: { label: string | null },
  view: BallotView,
  error?: string,
  status: ContentfulStatusCode = 200,
  whilePaused = false,
): Promise<Response> {
  const inputs = {
    officials: view.officials,
    label: kiosk.label ?? "",
    error,
    whilePaused,
    htmx: isHtmx(c),
    csrfToken: c.get("csrfToken"),
  };
  let drawn = drawnBallots.get(view.progress);
  if (!drawn || !sameDrawing(drawn, inputs)) {
    const screen = (
      <CurrentBallotScreen
        ticketId={view.ticketId}
        csrfToken={inputs.csrfToken}
        officials={view.officials}
        progress={view.progress}
        kioskLabel={inputs.label}
        error={error}
        whilePaused={whilePaused}
      />
    );
    const page = pageOf(inputs.htmx, inputs.csrfToken, screen, view.progress);
    // As c.html() would send it: the same resolution of the JSX, then UTF-8.
    const html = await resolveCallback(await page, HtmlEscapedCallbackPhase.Stringify, false, {});
    drawn = { ...inputs, bytes: UTF8.encode(html) };
    drawnBallots.set(view.progress, drawn);
  }
  return c.body(drawn.bytes, status, { "Content-Type": "text/html; charset=UTF-8" });
}

/** Seconds without a touch before the kiosk asks whether the resident is still there (issue #13 §7). */
const idleMsOf = (c: Context<AppEnv>): number =>
  kioskIdleMs(c.get("deps").store.campaigns.current(), c.get("deps").config.KIOSK_IDLE_SECONDS);

function pairedKiosk(c: Context<AppEnv>) {
  const kiosk = c.get("kiosk");
  if (!kiosk || kiosk.pointId === null) throw new Error("allow('kiosk') let an unpaired device through");
  // Not awaited: a resident's step or cast must not wait for a presence write.
  void touchSoon(c, kiosk);
  return { ...kiosk, pointId: kiosk.pointId };
}

/** When a failed last-seen write was last logged (ms): at most one line a minute, however many kiosks. */
let touchFailureLoggedAt = Number.NEGATIVE_INFINITY;

/**
 * The kiosk is alive: when due (every few seconds), its last-seen time is written as one change of
 * the main file's next group commit, together with whatever else arrives meanwhile (1,200 kiosks
 * would otherwise be 240 synced commits a second, each stalling every request). Null when no write
 * is due; else the write, which never rejects: presence is a hint for the console, and a failed
 * write is logged (no kiosk, no time of a request: one neutral line a minute at most).
 */
function touchSoon(c: Context<AppEnv>, kiosk: Kiosk): Promise<boolean> | null {
  const deps = c.get("deps");
  if (!kioskTouchDue(kiosk, deps.clock.now().getTime())) return null;
  return deps.store
    .groupCommit("main", () => touchKiosk(deps, c.get("actor"), kiosk).value)
    .catch((e) => {
      const now = performance.now();
      if (now - touchFailureLoggedAt >= 60_000) {
        touchFailureLoggedAt = now;
        deps.logger.error("kiosk.presence_write_failed", {
          error: e instanceof Error ? e.message : String(e),
        });
      }
      return false;
    });
}

function idleScreen(
  c: Context<AppEnv>,
  kiosk: { pointId: number; label: string | null },
  state: IdleState = idleStateOf(c, kiosk.pointId),
): Screen {
  const { store } = c.get("deps");
  const campaign = store.campaigns.current();
  const point = campaign ? store.points.get(campaign.id, kiosk.pointId) : null;
  return <IdleScreen pointName={point?.name ?? ""} kioskLabel={kiosk.label ?? ""} state={state} />;
}

/**
 * Today at the kiosk's point: closed; "off" when the point cannot vote today (`noVotingOn`, as its console: not
 * one of its days — a kiosk kept paired overnight —, a day the board left out, a campaign no longer
 * voting); else voting (open, paused, or still to open today). On the idle poll's path, looked at
 * every few seconds by every idle kiosk: an open point costs one indexed read, the rest only when
 * not opened.
 */
function idleStateOf(c: Context<AppEnv>, pointId: number): IdleState {
  const { store, clock } = c.get("deps");
  const today = vietnamDate(clock.now());
  const status = pointDayStatus(store, pointId, today);
  if (status === "open" || status === "paused") return "voting";
  if (status === "closed") return "closed";
  // Not opened: "off" exactly when its console says the point does not vote today (noVotingOn);
  // lists not yet stamped on its own day still invite (the board may stamp them that morning).
  const campaign = store.campaigns.current();
  const point = campaign ? store.points.get(campaign.id, pointId) : null;
  return campaign && point && !noVotingOn(store, campaign, point, today) ? "voting" : "off";
}

/** The points with these ids, for a kiosk choosing the point it stands at. */
function pointsNamed(c: Context<AppEnv>, ids: number[]) {
  const { store } = c.get("deps");
  const campaign = store.campaigns.current();
  return ids.flatMap((id) => {
    const point = campaign ? store.points.get(campaign.id, id) : null;
    return point ? [{ id: point.id, code: point.code, name: point.name }] : [];
  });
}

/** The code screen, naming the point whose window the code was issued under. */
function pairingScreen(c: Context<AppEnv>, kiosk: Kiosk | null, step: PairingStep): Screen {
  const [point] = pointsNamed(c, kiosk?.pairingPointId != null ? [kiosk.pairingPointId] : []);
  return (
    <PairingScreen
      stepKey={pairingStepKey(step)}
      code={kiosk?.pairingCode ?? ""}
      pointName={point?.name ?? ""}
      choice={step.step === "code" && step.choice}
    />
  );
}

/**
 * The submitted form, one value per field. A field sent twice (two marks for one official) is not
 * "the last one wins": it makes the ballot unreadable, and the kiosk says so.
 */
async function readBallot(c: Context<AppEnv>): Promise<{ form: Record<string, string>; doubled: boolean }> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const form: Record<string, string> = {};
  let doubled = false;
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) doubled = true;
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (typeof last === "string") form[key] = last.normalize("NFC");
  }
  return { form, doubled };
}

const DOUBLED = "Có người được đánh dấu hai ô. Xin chọn lại một ô cho mỗi người.";

/**
 * A long poll (issue #12 §4): `answer()` now, and again each time this kiosk's ticket changes
 * (server/db/changes.ts), holding the request while it has nothing to say (null) for up to
 * POLL_HOLD_SECONDS, then 204. The page keeps its htmx `every` trigger: a tick while a request is in
 * flight queues one more, which goes out as soon as this one is answered, so a kiosk always has one
 * poll waiting, and without a hold (0, or an older server) it simply polls. The kiosk counts as seen
 * while it waits (its last-seen time refreshed as if it asked every few seconds), so the console
 * does not call it offline and "Phát phiếu" still reaches it. A notification with nothing new to
 * show (the kiosk was unpaired) ends the hold, so the next poll meets the access check again.
 */
async function held(
  c: Context<AppEnv>,
  kiosk: Kiosk & { pointId: number },
  answer: () => Response | Promise<Response> | null,
): Promise<Response> {
  const deps = c.get("deps");
  const first = answer();
  if (first) return first;
  // One held poll per kiosk, the newest: see heldByKiosk.
  const mine = new AbortController();
  heldByKiosk.get(kiosk.id)?.abort();
  heldByKiosk.set(kiosk.id, mine);
  const ended = AbortSignal.any([c.req.raw.signal, mine.signal]);
  try {
    // Wall time, not the app's clock: this is how long a connection stays open, not a voting rule.
    const deadline = performance.now() + deps.config.POLL_HOLD_SECONDS * 1000;
    let seen = { ...kiosk, lastSeenAt: deps.clock.now().toISOString() };
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return c.body(null, 204);
      const woke = await deps.store.changes.wait(
        kioskTopic(kiosk.id),
        Math.min(left, KIOSK_TOUCH_EVERY_MS),
        ended,
      );
      if (woke === "aborted") return c.body(null, 204);
      // The state first (a woken kiosk shows its ballot at once), then the presence write, not awaited.
      const next = answer();
      if (next) return next;
      if (woke === "changed") return c.body(null, 204);
      if (touchSoon(c, seen)) seen = { ...seen, lastSeenAt: deps.clock.now().toISOString() };
    }
  } finally {
    if (heldByKiosk.get(kiosk.id) === mine) heldByKiosk.delete(kiosk.id);
  }
}

/**
 * The held poll of each kiosk (kiosk id → what ends it). A kiosk shows one screen, and one screen
 * needs one question held; a poll still held when the same kiosk's next one arrives belongs to a
 * screen already gone, and is answered (204) at once. Without this a resident who read each screen
 * for a few seconds left one held request behind per screen (each screen asks "still valid?" 3 s
 * after it shows), and a browser opens only six connections to one server: their next press waited
 * in the browser behind the held polls, up to a whole hold ("Sửa" on the review did nothing, the
 * kiosk-press flake). kiosk.js also ends a screen's poll with its screen; this holds for any page.
 * In memory, per process, like the held polls themselves.
 */
const heldByKiosk = new Map<string, AbortController>();

const GONE = {
  title: "Phiếu không còn hiệu lực",
  message: "Phiếu này đã được gửi hoặc đã bị hủy. Xin báo tổ công tác nếu bà con chưa ghi phiếu.",
};

/** What each step of the ballot sends: always the ticket (`t`), then what the resident pressed. */
const TicketSchema = z.object({ t: z.string().max(64) });
const ChooseSchema = TicketSchema.extend({ o: z.string().max(64), level: LevelSchema });
const GoSchema = TicketSchema.extend({ den: z.coerce.number().int().min(1).max(1000) });
const EditSchema = TicketSchema.extend({ o: z.string().max(64) });
const DisplaySchema = TicketSchema.extend({ doi: z.enum(["chu", "tuong-phan"]) });

const UNREADABLE = "Máy chưa hiểu nút vừa bấm. Xin bấm lại.";

/**
 * A step of the resident's ballot (issue #13): decode the form with `decode`, apply it to the ballot
 * in progress (memory only), answer with the screen the resident is now on. Without htmx the
 * browser is sent back to /kiosk (post, redirect, get), which draws the same screen.
 */
async function ballotStep(
  c: Context<AppEnv>,
  decode: (form: Record<string, string>) => KioskBallotAction | null,
  answer?: (view: BallotView, kiosk: ReturnType<typeof pairedKiosk>) => Response | Promise<Response>,
) {
  const kiosk = pairedKiosk(c);
  const { form, doubled } = await readBallot(c);
  const ticketId = form["t"] ?? "";
  const action = doubled ? null : decode(form);
  if (!action) {
    const view = ballotForKiosk(c.get("deps"), kiosk.id);
    if (!view || view.ticketId !== ticketId) return show(c, <KioskMessage {...GONE} />, 409);
    return showBallot(c, kiosk, view, UNREADABLE, 422);
  }
  const done = actOnKioskBallot(c.get("deps"), c.get("actor"), { kioskId: kiosk.id, ticketId, action });
  if (!done.ok) {
    const view = ballotForKiosk(c.get("deps"), kiosk.id);
    if (done.error.code === "no_ticket" || !view) return show(c, <KioskMessage {...GONE} />, 409);
    return showBallot(c, kiosk, view, done.error.message, 422);
  }
  if (answer) return answer(done.value, kiosk);
  if (!isHtmx(c)) return c.redirect(paths.kiosk.home, 303);
  return showBallot(c, kiosk, done.value);
}

/** The form's fields, or null when they do not decode (a tampered or broken form). */
const decoded = <T,>(schema: z.ZodType<T>, form: Record<string, string>): T | null => {
  const parsed = schema.safeParse(form);
  return parsed.success ? parsed.data : null;
};

export const kioskRoutes = new Hono<AppEnv>()
  // Nothing a kiosk shows may be kept by the browser: the app sets no-store on every answer but the
  // assets and the clips (app.ts).
  .get(paths.kiosk.home, allow("public"), (c) => {
    const deps = c.get("deps");
    const kiosk = c.get("kiosk");
    const step = kioskPairingStep(deps.store, kiosk, deps.clock.now().getTime());
    if (step.step === "paired") {
      // A reload mid-ballot shows where the resident was, with their marks (issue #13 §7).
      const paired = pairedKiosk(c);
      const ballot = ballotForKiosk(deps, paired.id);
      if (ballot) return showBallot(c, paired, ballot);
      return show(c, idleScreen(c, paired));
    }
    const picked = Number(c.req.query("diem") ?? "");
    if (step.step === "code") {
      // Other points are pairing too: the officer may pick their own point again on this kiosk.
      const windows = step.choice ? openWindowPointIds(deps.store, deps.clock.now().getTime()) : [];
      if (c.req.query("chon") === "1" && windows.length > 1) {
        return show(c, <ChoosePointScreen stepKey={pairingStepKey(step)} points={pointsNamed(c, windows)} />);
      }
      if (!windows.includes(picked) || picked === step.pointId) return show(c, pairingScreen(c, kiosk, step));
    }
    if (step.step === "confirm") {
      const [point] = pointsNamed(c, kiosk?.awaitingPointId != null ? [kiosk.awaitingPointId] : []);
      return show(c, <AwaitingConfirmationScreen label={kiosk?.label ?? ""} pointName={point?.name ?? ""} />);
    }
    if (step.step === "wait") return show(c, <WaitForWindowScreen />);
    // A code is needed: under the one open window, or the one the officer picks on this screen.
    if (step.step === "choose" && !step.pointIds.includes(picked)) {
      return show(
        c,
        <ChoosePointScreen stepKey={pairingStepKey(step)} points={pointsNamed(c, step.pointIds)} />,
      );
    }
    const pointId = step.step === "register" ? step.pointId : picked;
    // (a "code" step here: the officer picked another point whose window is open.)
    const requested = requestPairingCode(deps, c.get("actor"), { kiosk, pointId });
    if (!requested.ok) {
      const refused = requested.error;
      if (refused.code === "no_window") return show(c, <WaitForWindowScreen />);
      // Too many registrations from this address just now: a few seconds, then it asks again by itself.
      const seconds = Math.max(2, Math.ceil(refused.waitMs / 1000));
      c.header("Retry-After", String(seconds));
      return show(
        c,
        <KioskMessage title="Chưa kết nối được" message={refused.message} resetAfter={seconds} />,
        429,
      );
    }
    if (requested.value.token) setKioskCookie(c, requested.value.token);
    const shown = kioskPairingStep(deps.store, requested.value.kiosk, deps.clock.now().getTime());
    return show(c, pairingScreen(c, requested.value.kiosk, shown));
  })

  // The pairing screens ask whether what they show still holds: a window opened or closed, the
  // code ran out, an officer paired or confirmed this kiosk. 204 while it does; else back to /kiosk.
  .get(paths.kiosk.pairing, allow("public"), async (c) => {
    const deps = c.get("deps");
    const kiosk = c.get("kiosk");
    // A device waiting with a code is alive: in a flood, the least recently seen codes go first.
    if (kiosk && kiosk.pointId === null) await touchSoon(c, kiosk);
    const step = kioskPairingStep(deps.store, kiosk, deps.clock.now().getTime());
    if (pairingStepKey(step) !== c.req.query("s")) {
      c.header("HX-Redirect", paths.kiosk.home);
      return c.body(null, 200);
    }
    return c.body(null, 204);
  })

  // Idle poll (htmx every 1 s): held until a ticket arrives (long poll, see held()), then the
  // ballot; 204 (nothing to swap) when the hold runs out.
  .get(paths.kiosk.wait, allow("kiosk"), (c) => {
    const kiosk = pairedKiosk(c);
    return held(c, kiosk, () => {
      const ballot = ballotForKiosk(c.get("deps"), kiosk.id);
      if (!ballot) {
        // After the close, or on a day the point cannot vote, the tablet stops inviting residents.
        // The screen says which it shows (`s`, none while inviting): the poll is held while that
        // still holds (a held poll looks again every few seconds and a ticket wakes it at once), and
        // answered with the new screen when it changes (the point's next day, a close).
        const shown =
          c.req.query("s") === "closed" || c.req.query("s") === "off" ? c.req.query("s") : "voting";
        const state = idleStateOf(c, kiosk.pointId);
        if (state === shown) return null;
        return show(c, idleScreen(c, kiosk, state));
      }
      return showBallot(c, kiosk, ballot);
    });
  })

  // While a ballot is on screen (htmx every 3 s, held while nothing changes): still valid (204),
  // already cast (thank you), voided by the officer (said so, then idle), or untouched for the idle
  // time: "Bà con còn đang ghi phiếu không?" (`q=1` when that question is the screen already). A held
  // poll looks again at least every KIOSK_TOUCH_EVERY_MS, so the question comes within seconds.
  .get(paths.kiosk.still, allow("kiosk"), (c) => {
    const kiosk = pairedKiosk(c);
    const { store, clock } = c.get("deps");
    const asked = c.req.query("t") ?? "";
    const asking = c.req.query("q") === "1";
    const whilePaused = c.req.query("s") === "paused";
    return held(c, kiosk, () => {
      const ticket = store.tickets.forKiosk(kiosk.id);
      if (ticket && ticket.id === asked) {
        const view = ballotForKiosk(c.get("deps"), kiosk.id);
        if (!view) return null;
        // The screen says the point is paused and it no longer is: the same screen, without that.
        if (whilePaused && pointDayStatus(store, kiosk.pointId, vietnamDate(clock.now())) !== "paused") {
          return showBallot(c, kiosk, view);
        }
        const idle = idleState(view.progress.lastActivityAt, clock.now().getTime(), idleMsOf(c));
        if (idle !== "active" && !asking) {
          return show(
            c,
            <StillVotingScreen
              ticketId={view.ticketId}
              csrfToken={c.get("csrfToken")}
              progress={view.progress}
            />,
          );
        }
        // Touched again (kiosk.js reports touches that reach no server route): back where they were.
        if (idle === "active" && asking) return showBallot(c, kiosk, view);
        return null;
      }
      if (asked === "") return show(c, idleScreen(c, kiosk));
      // The cast's own answer was lost (a dropped connection): the ballot was recorded, so say so —
      // and the thank-you screen then resets the kiosk for the next resident.
      if (!ticket && store.tickets.lastCastBy(kiosk.id) === asked) return show(c, <ThanksScreen />);
      if (store.tickets.lastVoidedAt(kiosk.id) === asked) return show(c, <VoidedScreen />);
      return show(c, idleScreen(c, kiosk));
    });
  })

  .post(paths.kiosk.choose, allow("kiosk"), (c) =>
    ballotStep(c, (form) => {
      const f = decoded(ChooseSchema, form);
      return f ? { kind: "choose", code: f.o, level: f.level } : null;
    }),
  )

  .post(paths.kiosk.go, allow("kiosk"), (c) =>
    ballotStep(c, (form) => {
      const f = decoded(GoSchema, form);
      return f ? { kind: "go", position: f.den } : null;
    }),
  )

  .post(paths.kiosk.review, allow("kiosk"), (c) =>
    ballotStep(c, (form) => (decoded(TicketSchema, form) ? { kind: "review" } : null)),
  )

  .post(paths.kiosk.edit, allow("kiosk"), (c) =>
    ballotStep(c, (form) => {
      const f = decoded(EditSchema, form);
      return f ? { kind: "edit", code: f.o } : null;
    }),
  )

  .post(paths.kiosk.display, allow("kiosk"), (c) =>
    ballotStep(c, (form) => {
      const f = decoded(DisplaySchema, form);
      if (!f) return null;
      return f.doi === "chu" ? { kind: "text-size" } : { kind: "contrast" };
    }),
  )

  // "Có, tôi đang ghi phiếu", or kiosk.js reporting a touch that reached no server route (`ping`).
  .post(paths.kiosk.present, allow("kiosk"), (c) =>
    ballotStep(
      c,
      (form) => (decoded(TicketSchema, form) ? { kind: "present" } : null),
      (view, kiosk) => {
        if (c.req.query("ping") === "1") return c.body(null, 204);
        if (!isHtmx(c)) return c.redirect(paths.kiosk.home, 303);
        return showBallot(c, kiosk, view);
      },
    ),
  )

  .post(paths.kiosk.cast, allow("kiosk"), async (c) => {
    // The hot path: one change of a group commit and nothing awaited before it; the ballot is re-read only to show a refusal.
    const kiosk = pairedKiosk(c);
    const { form, doubled } = await readBallot(c);
    const ticketId = form["t"] ?? "";
    const cast = doubled
      ? ({ ok: false, error: { code: "doubled", message: DOUBLED } } as const)
      : // Concurrent casts share one durable commit of the ballot file (group commit); the answer
        // waits for it, so "đã ghi nhận" still means on disk.
        await c
          .get("deps")
          .store.groupCommit("ballots", () =>
            castBallot(
              c.get("deps"),
              { name: c.get("user")?.username ?? "khách", address: null },
              { kioskId: kiosk.id, ticketId, form },
            ),
          );
    if (cast.ok) return show(c, <ThanksScreen />);
    // Blank rows not yet confirmed: the question, on the page, in large type (issue #13 §3). It is
    // the next screen of a ballot going as it should, not a refusal: 200 (user trial: sent as 422,
    // every "Gửi phiếu" with a blank row logged an error in the kiosk browser's console and fired
    // htmx's response-error event). 4xx stays for what is refused: an unreadable or doubled mark,
    // a ticket gone, a paused point.
    if (cast.error.code === "blank_not_confirmed") {
      const asked = actOnKioskBallot(c.get("deps"), c.get("actor"), {
        kioskId: kiosk.id,
        ticketId,
        action: { kind: "blanks" },
      });
      if (asked.ok) return showBallot(c, kiosk, asked.value);
    }
    // While the ticket stands (a pause, an unreadable mark), the resident keeps their marks on the
    // review screen and sees what to do; only a ticket that is gone ends the ballot.
    const view = ballotForKiosk(c.get("deps"), kiosk.id);
    if (view && view.ticketId === ticketId) {
      const review = actOnKioskBallot(c.get("deps"), c.get("actor"), {
        kioskId: kiosk.id,
        ticketId,
        action: { kind: "review" },
      });
      const shown = review.ok ? review.value : view;
      const status = cast.error.code === "doubled" || cast.error.code === "blank_not_confirmed" ? 422 : 409;
      // Paused: the screen's poll brings the review back without the message once the team resumes.
      return showBallot(c, kiosk, shown, cast.error.message, status, cast.error.code === "paused");
    }
    const title = cast.error.code === "no_ticket" ? GONE.title : "Phiếu chưa được ghi nhận";
    return show(c, <KioskMessage title={title} message={cast.error.message} />, 409);
  });
