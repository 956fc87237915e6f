/** @jsxImportSource hono/jsx */

import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import {
  CheckIn,
  type ClosedDayModel,
  ConsoleHead,
  type ConsoleModel,
  type EarlierDay,
  KioskMessage,
  KioskTile,
  LiveCounts,
  type LiveModel,
  LivePanel,
  LiveRedraw,
  PairForm,
  type PairingModel,
  PairMessage,
  PointConsole,
  pairingLead,
  renderLive,
  SearchForm,
  type SearchModel,
  SearchResults,
  type ShownState,
  searchUnavailable,
  shownState,
} from "../../views/point-console-page.tsx";
import { pointTopic } from "../db/changes.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import { vietnamDate } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import { isSilentKiosk } from "../domain/kiosk-silence.ts";
import { isWindowOpen, type PairingWindow, pairedNews } from "../domain/pairing.ts";
import { fail, type Refusal, type Result } from "../domain/result.ts";
import { cardOf, cardQuery, wholeCccdOf } from "../domain/roster-search.ts";
import type { Point } from "../domain/setup.ts";
import { pageTooOld } from "../domain/text.ts";
import { type Kiosk, kioskName, kioskStatusOf, ticketRef } from "../domain/voting.ts";
import { allow, sessionPolicy } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { isHtmx } from "../http/htmx.ts";
import { type KioskAddress, kioskAddress, lanAddresses } from "../http/kiosk-address.ts";
import { paths } from "../http/paths.ts";
import { page, renderError } from "../http/respond.tsx";
import type { ServiceDeps } from "../services/deps.ts";
import { cleanUpSilentKiosks } from "../services/kiosk-cleanup.ts";
import {
  confirmKioskPairing,
  kioskIdleMs,
  kioskNeedsAttention,
  openPairingWindow,
  pairKiosk,
  pointHasVotingLeft,
  unpairKiosk,
} from "../services/kiosks.ts";
import { sessionStillValid } from "../services/sessions.ts";
import {
  canOpenPoint,
  issueBallot,
  lostTickets,
  noVotingOn,
  openPoint,
  type PointDayStanding,
  pauseOrResume,
  pointDayStandings,
  pointDayStatus,
  reissueTicket,
  voidTicket,
} from "../services/voting.ts";
import { NOT_YOURS, officerPoint } from "./officer-point.ts";

type Message = { kind: "ok" | "error"; text: string };

const SEARCH_ROWS = 20;

/** The point's kiosks as the console shows them, each with its ticket, pace and any alert. */
function kioskModels(c: Context<AppEnv>, point: Point): LiveModel["kiosks"] {
  const { store, clock } = c.get("deps");
  const now = clock.now().getTime();
  const idleMs = kioskIdleMs(store.campaigns.current(), c.get("deps").config.KIOSK_IDLE_SECONDS);
  return store.voting.kiosksAt(point.id).map((k) => {
    const ticket = store.tickets.forKiosk(k.id);
    const pollHeld = store.kioskPollHeld(k.id);
    return {
      ...k,
      status: kioskStatusOf(k, ticket, now, pollHeld),
      hasTicket: ticket !== null,
      ticketRef: ticket ? ticketRef(ticket.id) : null,
      pace: store.tickets.paceOf(k.id, vietnamDate(clock.now())),
      silent: isSilentKiosk(k, ticket !== null, now, pollHeld),
      // The resident at this kiosk neither touched it nor answered "Bạn còn đang ghi phiếu
      // không?" (issue #13 §7): an officer should go and look; nothing is voided by itself.
      attention: kioskNeedsAttention(store, k.id, now, idleMs),
      // Only a kiosk awaiting its second officer names who paired it (one indexed lookup each).
      pairedByName: k.awaitingPointId !== null && k.pairedBy ? store.users.displayName(k.pairedBy) : null,
    };
  });
}

function liveModel(c: Context<AppEnv>, point: Point): LiveModel {
  const { store, clock } = c.get("deps");
  const day = vietnamDate(clock.now());
  const status = pointDayStatus(store, point.id, day);
  const campaign = store.campaigns.current();
  const kiosks = kioskModels(c, point);
  const votingLeft = pointHasVotingLeft(store, point, day);
  return {
    point,
    status,
    record: store.voting.pointDay(point.id, day),
    lost: lostTickets(store, point.id, day),
    kiosks,
    me: c.get("actor").name,
    noVotingToday: campaign !== null && noVotingOn(store, campaign, point, day),
    votingLeft,
    // The pairing card, as the console shows it: while kiosks can still be paired for a day of the
    // point (openPairingWindow refuses once it has no voting left), and not on a closed day.
    pairing: status !== "closed" && votingLeft ? pairingModel(c, point, kiosks) : null,
    csrfToken: c.get("csrfToken"),
  };
}

/**
 * The point's pairing window while open, and the kiosks paired since it opened while that is news
 * (`pairedNews`), in the order they were paired (the kiosks come by number, which a point gives
 * in turn and never again): the last one is what the card leads with.
 */
function pairingModel(
  c: Context<AppEnv>,
  point: Point,
  kiosks: readonly LiveModel["kiosks"][number][],
): PairingModel {
  const { clock } = c.get("deps");
  const window = openWindow(c, point);
  const since = window
    ? kiosks
        .filter(
          (k): k is typeof k & { pairedAt: string } => k.pairedAt !== null && k.pairedAt >= window.openedAt,
        )
        .map((k) => ({ ...k, awaiting: k.status === "awaiting" }))
    : [];
  return {
    window,
    paired: pairedNews(since, clock.now().getTime()).map((k) => ({
      label: kioskName(k),
      awaiting: k.awaiting,
      byMe: k.pairedBy === c.get("actor").name,
    })),
    kiosks: kiosks.map(kioskName),
    lead: pairingLead(kiosks, window !== null),
  };
}

/** This machine's LAN addresses, read once: the interfaces of a polling point's laptop do not change during a day. */
let lan: string[] | null = null;

/**
 * Where the point's tablets must go (issue #14): PUBLIC_URL, else the host this officer used when it
 * is not loopback, else the machine's LAN addresses with the port this request came in on.
 */
function kioskAddressFor(c: Context<AppEnv>): KioskAddress {
  const { config } = c.get("deps");
  const url = new URL(c.req.url);
  lan ??= lanAddresses();
  return kioskAddress({
    publicUrl: config.PUBLIC_URL,
    listenHost: config.HOST,
    port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    requestUrl: c.req.url,
    lan,
  });
}

/** The point's pairing window, while it is open. */
function openWindow(c: Context<AppEnv>, point: Point): PairingWindow | null {
  const { store, clock } = c.get("deps");
  const window = store.voting.pairingWindow(point.id);
  return isWindowOpen(window, clock.now().getTime()) ? window : null;
}

/**
 * A whole CCCD (typed, or a scanned card) on no entry of this point. The list may hold the resident
 * without that number (left blank, or mistyped at the commune): a card's name and birth year find
 * them here, shown with a word to compare the card; else the point whose list holds the card's number
 * under the card's name. Never "on no list": a number is not how every list knows its people.
 */
function notOnListByNumber(
  store: Store,
  point: Point,
  query: string,
): { results: SearchModel["results"]; notHere: SearchModel["notHere"] } {
  const cccd = wholeCccdOf(query);
  if (cccd === null) return { results: [], notHere: undefined };
  const card = cardOf(query);
  const byName = card?.name
    ? store.rosters.search(point.id, `${card.name} ${card.birthYear ?? ""}`, SEARCH_ROWS + 1)
    : [];
  const elsewhere = card && byName.length === 0 ? store.rosters.pointOfCardElsewhere(point.id, card) : null;
  return { results: byName, notHere: { cccd, card: card !== null, elsewhere } };
}

function searchModel(
  c: Context<AppEnv>,
  campaign: Campaign,
  point: Point,
  query: string,
  message?: Message,
  // The search needs only which kiosks are free, not the day's counts (it runs on every keystroke).
  kiosks: LiveModel["kiosks"] = kioskModels(c, point),
  handed?: SearchModel["handed"],
): SearchModel {
  const { store, clock } = c.get("deps");
  const today = vietnamDate(clock.now());
  const status = pointDayStatus(store, point.id, today);
  // The roster is searched only while a ballot can be handed out (the page's box is disabled
  // otherwise): a search before opening, while paused or after the close leads nowhere.
  const unavailable = searchUnavailable(
    status,
    status !== "not_opened" || canOpenPoint(store, campaign, point, today).ok,
  );
  const byNumber =
    unavailable === null && query.trim() ? store.rosters.search(point.id, query, SEARCH_ROWS + 1) : [];
  const { results, notHere } =
    unavailable === null && byNumber.length === 0
      ? notOnListByNumber(store, point, query)
      : { results: byNumber, notHere: undefined };
  return {
    point,
    query,
    results: results.slice(0, SEARCH_ROWS),
    more: results.length > SEARCH_ROWS,
    idleKiosks: kiosks.filter((k) => k.status === "idle"),
    status,
    unavailable,
    notHere,
    onePer: campaign.onePer,
    csrfToken: c.get("csrfToken"),
    message,
    handed,
  };
}

/**
 * What the console's head shows: the point, its state today, whether it may be opened; the live
 * panel's model gives the state and whether the point votes at all today.
 */
function consoleHeadModel(
  c: Context<AppEnv>,
  campaign: Campaign,
  point: Point,
  live: Pick<LiveModel, "status" | "noVotingToday">,
): Parameters<typeof ConsoleHead>[0]["m"] {
  const { store, clock } = c.get("deps");
  const today = vietnamDate(clock.now());
  const canOpen = canOpenPoint(store, campaign, point, today);
  return {
    point,
    status: live.status,
    today,
    isSample: campaign.isSample,
    openRefusal: canOpen.ok ? null : canOpen.error.message,
    noVotingToday: live.noVotingToday,
    csrfToken: c.get("csrfToken"),
  };
}

/** Today's day once closed: when, its minutes' signatures, the point's next day. */
function closedDayModel(
  c: Context<AppEnv>,
  point: Point,
  today: string,
  standings: readonly PointDayStanding[],
): ClosedDayModel {
  return {
    day: today,
    closedAt: c.get("deps").store.voting.pointDay(point.id, today)?.closedAt ?? null,
    minutes: standings.find((d) => d.day === today)?.minutes ?? null,
    nextDay: point.days.filter((d) => d > today).sort()[0] ?? null,
    excused: standings.find((d) => d.day === today)?.excused ?? false,
  };
}

/** The point's earlier days still waiting for the team: left open, or minutes not signed enough. */
function earlierDays(standings: readonly PointDayStanding[], today: string): EarlierDay[] {
  return standings
    .filter((d) => d.day < today)
    .flatMap((d): EarlierDay[] => {
      if (d.status === "open" || d.status === "paused") return [{ day: d.day, state: "open" }];
      if (d.status !== "closed" || d.minutes?.complete) return [];
      return [{ day: d.day, state: "unsigned", minutes: d.minutes, excused: d.excused }];
    });
}

/**
 * What the search box sent, as it is searched and echoed: NFC, at most 100 characters, and a scanned
 * card cut to what is kept of it (`cardQuery`).
 */
const searchQuery = (sent: string | undefined): string =>
  cardQuery((sent ?? "").normalize("NFC").slice(0, 100));

/** What a plain "Phát phiếu" form lands on names (`?may=…&phieu=…`): a kiosk and its ticket's reference. */
const HandedQuerySchema = z.object({
  may: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  phieu: z.string().regex(/^[0-9a-f]{16}$/),
});

/**
 * The check-in's line after a "Phát phiếu" sent without script (finding of a user trial: the line
 * "Mời cử tri đến Máy 1" stayed true-looking after the resident had voted, as nothing on a page
 * without script puts it in the past): "Mời cử tri đến Máy 1" while that kiosk still holds that
 * ticket, "Lượt trước: …" once it does not — the page says which each time it is loaded. The
 * resident is not named: the address holds only the kiosk and the ticket's reference.
 */
function handedWithoutScript(
  c: Context<AppEnv>,
  kiosks: LiveModel["kiosks"],
): Pick<SearchModel, "message" | "handed" | "pastNotice"> {
  const q = HandedQuerySchema.safeParse({ may: c.req.query("may"), phieu: c.req.query("phieu") });
  const kiosk = q.success ? kiosks.find((k) => k.id === q.data.may) : undefined;
  if (!q.success || !kiosk) return {};
  const label = kiosk.label ?? "máy";
  const past = `Lượt trước: đã phát phiếu ở ${label}.`;
  if (kiosk.ticketRef !== q.data.phieu) {
    // Said only of the ticket the kiosk cast or had voided last: a made-up reference in a link sent
    // to an officer (attack) shows nothing, not a hand-out that never happened. After the kiosk's
    // next ticket the old address says nothing either; the officer's newer one says it.
    const { tickets } = c.get("deps").store;
    const last = [tickets.lastCastBy(kiosk.id), tickets.lastVoidedAt(kiosk.id)];
    return last.some((id) => id !== null && ticketRef(id) === q.data.phieu) ? { pastNotice: past } : {};
  }
  return {
    message: { kind: "ok", text: `Đã phát phiếu. Mời cử tri đến ${label}.` },
    handed: { kioskId: kiosk.id, ticketRef: q.data.phieu, past },
  };
}

function consolePage(
  c: Context<AppEnv>,
  campaign: Campaign,
  point: Point,
  message?: Message,
  status: ContentfulStatusCode = 200,
) {
  const { store, clock } = c.get("deps");
  const today = vietnamDate(clock.now());
  const standings = pointDayStandings(store, point, c.get("user")?.username ?? "");
  const live = liveModel(c, point);
  const dayStatus = live.status;
  const earlier = earlierDays(standings, today);
  const head = consoleHeadModel(c, campaign, point, live);
  const m: ConsoleModel = {
    ...head,
    live,
    // Without script the search box is a GET form to this page: its query comes back here, and so
    // does the ticket just handed out.
    search: {
      ...searchModel(c, campaign, point, searchQuery(c.req.query("q")), undefined, live.kiosks),
      ...handedWithoutScript(c, live.kiosks),
    },
    kioskAddress: kioskAddressFor(c),
    closedDay: dayStatus === "closed" ? closedDayModel(c, point, today, standings) : null,
    earlierDays: earlier,
    // No ballot today and none to come today (noVotingOn): not its day, or one of its days the
    // board left out or the campaign no longer votes on — no check-in, the days and why.
    offDay: live.noVotingToday
      ? {
          whyNot: point.days.includes(today) ? head.openRefusal : null,
          days: standings.map((d) => ({
            ...d,
            past: d.day < today,
            isToday: d.day === today,
            inEarlierDays: earlier.some((e) => e.day === d.day),
          })),
        }
      : null,
    message,
  };
  if (isHtmx(c)) return c.html(<PointConsole m={m} />, status);
  return page(c, point.name, <PointConsole m={m} />, status);
}

/**
 * The answer to "Phát phiếu": the whole check-in card (its search box fresh, with autofocus, so
 * htmx puts the cursor back in it) and the live counts at once, out of band (issue #14).
 */
function checkInAnswer(
  c: Context<AppEnv>,
  campaign: Campaign,
  point: Point,
  query: string,
  message: Message,
  status: ContentfulStatusCode = 200,
  handedToKiosk?: { kioskId: string; resident: string },
) {
  // A plain form (no script): the whole console page, the message at its top.
  if (!isHtmx(c)) return consolePage(c, campaign, point, message, status);
  // One reading of the kiosks for both parts: they must agree, and it is the costly part.
  const live = liveModel(c, point);
  // A ticket handed out changes the counts and that one kiosk: only they are sent again (a point
  // with many kiosks would otherwise re-draw every tile for each resident); the panel's own poll
  // redraws the rest.
  const handedTo = handedToKiosk ? live.kiosks.find((k) => k.id === handedToKiosk.kioskId) : undefined;
  // "Mời cử tri đến Máy 1" holds while Máy 1 holds this ticket: the notice names both, so that the
  // page puts it in the past once the resident has voted or the ticket was voided (console.js).
  const handed =
    handedTo?.ticketRef && handedToKiosk
      ? {
          kioskId: handedTo.id,
          ticketRef: handedTo.ticketRef,
          past: `Lượt trước: đã phát phiếu cho ${handedToKiosk.resident} ở ${handedTo.label ?? "máy"}.`,
        }
      : undefined;
  return c.html(
    <>
      <CheckIn m={searchModel(c, campaign, point, query, message, live.kiosks, handed)} />
      {handedTo ? (
        <>
          <LiveCounts m={live} oob />
          <KioskTile k={handedTo} m={live} oob />
          <PairMessage oob />
          <KioskMessage oob />
        </>
      ) : (
        <LiveRedraw m={live} oob />
      )}
    </>,
    status,
  );
}

/**
 * The day the console's page was drawn for (its forms send it): an action confirmed after midnight
 * on yesterday's page is refused. Absent from a form that does not send it: no check.
 */
async function shownDay(c: Context<AppEnv>): Promise<{ day?: string }> {
  const form = await readForm(c);
  return form["day"] === undefined ? {} : { day: form["day"] };
}

async function pauseOrResumeAnswer(c: Context<AppEnv>, action: "pause" | "resume", done: string) {
  const found = officerPoint(c);
  if (!found) return renderError(c, 404, NOT_YOURS);
  const r = pauseOrResume(
    c.get("deps"),
    { name: c.get("user")?.username ?? "khách", address: null },
    { point: found.point, action, ...(await shownDay(c)) },
  );
  if (!r.ok)
    return consolePage(c, found.campaign, found.point, { kind: "error", text: r.error.message }, 409);
  if (!isHtmx(c)) return c.redirect(paths.officer.point(found.point.id), 303);
  return consolePage(c, found.campaign, found.point, { kind: "ok", text: done });
}

/**
 * The answer to a kiosk action or a pairing: the message where the officer acted, and the live panel
 * refreshed at once (an out-of-band swap) rather than at its next poll.
 */
function kioskAnswer(
  c: Context<AppEnv>,
  found: { campaign: Campaign; point: Point },
  where: "message" | "pair",
  message: Message | null,
  status: ContentfulStatusCode = 200,
) {
  const { point } = found;
  if (!isHtmx(c)) {
    // Without script, as "Mở điểm" and "Tạm dừng": a refusal is the console with its reason (a bare
    // redirect showed the officer the console as if nothing had been asked; the fuzz test found it),
    // a success is post, redirect, get.
    if (status >= 400) return consolePage(c, found.campaign, point, message ?? undefined, status);
    return c.redirect(paths.officer.point(point.id), 303);
  }
  const live = liveModel(c, point);
  // The pairing card comes whole where the officer paired (its code box empty again), else its
  // changing part with the panel.
  return c.html(
    where === "pair" ? (
      <>
        <PairForm
          m={live}
          pairing={live.pairing ?? pairingModel(c, point, live.kiosks)}
          address={kioskAddressFor(c)}
          message={message ?? undefined}
        />
        <LivePanel m={live} oob />
      </>
    ) : (
      <>
        <KioskMessage message={message ?? undefined} />
        <LiveRedraw m={live} oob />
      </>
    ),
    status,
  );
}

/** The version a live panel shows (`renderLive`): a short hash, absent on a first request. */
const LiveVersionSchema = z.string().regex(/^[0-9a-z]{1,16}$/);

/** The point-day's state the console's head was drawn with (sent beside the version). */
const ShownStatusSchema = z.enum(["not_opened", "open", "paused", "closed", "off"]);

/** What the officer's page shows: the panel's version and the head's state (null when unknown). */
type Shown = { version: string | null; status: ShownState | null };

/**
 * How long a held live poll waits, with nothing notified, before it looks again: kiosk states that
 * follow the clock (offline after 15 s, silent, a resident not answering) show within this.
 */
const LIVE_RECHECK_MS = 5_000;

/**
 * The live panel's long poll (issue #12 §4): the panel at once when it differs from the version the
 * officer's page shows (`shown`), else the request is held up to POLL_HOLD_SECONDS, looking again
 * at each change of the point (server/db/changes.ts) and every LIVE_RECHECK_MS, then 204 (nothing
 * to redraw). With no hold configured it is a plain poll whose unchanged answer is 204. The login
 * and the officer's assignment are checked again at each look (`stillAllowed`): a login ended or an
 * officer taken off the point gets nothing more. At most LIVE_HELD_PER_LOGIN are held per login
 * (tabs). When the point-day's state differs from the one the head was drawn with, the redrawn
 * panel comes with the console's head, out of band: the state another officer changed (paused,
 * resumed, closed) shows with the button that now applies (and only then: a redrawn head would
 * take the keyboard focus off its buttons). A day closed meanwhile reloads the page (`HX-Refresh`):
 * the check-in and the pairing give way to what is left to do.
 */
async function heldLive(
  c: Context<AppEnv>,
  campaign: Campaign,
  point: Point,
  shown: Shown,
): Promise<Response> {
  const deps = c.get("deps");
  // A browser keeps at most six connections to a server: an officer with the console open in many
  // tabs must not have them all held. Beyond LIVE_HELD_PER_LOGIN held polls, a tab's poll is answered
  // at once (it simply polls every 2 s).
  const login = c.get("session")?.tokenHash ?? "";
  const held = heldByLogin.get(login) ?? 0;
  if (held >= LIVE_HELD_PER_LOGIN || deps.config.POLL_HOLD_SECONDS === 0) {
    return holdLive(c, campaign, point, shown, 0);
  }
  heldByLogin.set(login, held + 1);
  try {
    return await holdLive(c, campaign, point, shown, deps.config.POLL_HOLD_SECONDS);
  } finally {
    const now = (heldByLogin.get(login) ?? 1) - 1;
    if (now > 0) heldByLogin.set(login, now);
    else heldByLogin.delete(login);
  }
}

/**
 * The officer of a held poll may still see the point: their login still stands (not logged out,
 * not ended by the board or a password change, account not disabled) and the point is still theirs.
 */
function stillAllowed(c: Context<AppEnv>): boolean {
  const session = c.get("session");
  return !!session && sessionStillValid(c.get("deps"), session, sessionPolicy(c)) && officerPoint(c) !== null;
}

/** Live polls held now per login (session token hash): in memory, a count only. */
const heldByLogin = new Map<string, number>();

/** Held live polls one login may have at once (one console and a spare tab). */
export const LIVE_HELD_PER_LOGIN = 2;

async function holdLive(
  c: Context<AppEnv>,
  campaign: Campaign,
  point: Point,
  shown: Shown,
  holdSeconds: number,
): Promise<Response> {
  const deps = c.get("deps");
  // Wall time, not the app's clock: how long a connection stays open, not a voting rule.
  const deadline = performance.now() + holdSeconds * 1000;
  for (;;) {
    const m = liveModel(c, point);
    const rendered = renderLive(m);
    if (rendered.version !== shown.version) {
      // The day closed from another console (or the close page), or the point stopped or started
      // taking ballots today (the board left the day out; midnight on a page drawn the day before):
      // check-in, pairing and the head all change, so the officer's page loads again, once, rather
      // than keep offering a search and "Mở điểm" that lead nowhere, or hide the day that began.
      const now = shownState(m);
      const middleChanged =
        shown.status !== null &&
        now !== shown.status &&
        (now === "closed" || now === "off" || shown.status === "off");
      if (middleChanged) c.header("HX-Refresh", "true");
      // Opened, paused or resumed from another console: the search box becomes available or not,
      // with its reason, and results drawn before lead nowhere now (the check-in card stays, and
      // with it the last "Mời cử tri đến …" line).
      const checkInChanged =
        !middleChanged && shown.status !== null && shown.status !== "off" && now !== shown.status;
      const search = checkInChanged ? searchModel(c, campaign, point, "", undefined, m.kiosks) : null;
      return c.html(
        <>
          <LiveRedraw m={m} rendered={rendered} />
          {m.status === shown.status ? null : <ConsoleHead m={consoleHeadModel(c, campaign, point, m)} oob />}
          {search ? (
            <>
              <SearchForm m={search} oob />
              <SearchResults m={search} oob />
            </>
          ) : null}
        </>,
      );
    }
    const left = deadline - performance.now();
    if (left <= 0) return c.body(null, 204);
    const woke = await deps.store.changes.wait(
      pointTopic(point.id),
      Math.min(left, LIVE_RECHECK_MS),
      c.req.raw.signal,
    );
    if (woke === "aborted" || !stillAllowed(c)) return c.body(null, 204);
  }
}

export const pointConsoleRoutes = new Hono<AppEnv>()
  .get(paths.officer.point(":id"), allow("officer"), (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    return consolePage(c, found.campaign, found.point);
  })

  .post(paths.officer.open(":id"), allow("officer"), async (c) => {
    const { store } = c.get("deps");
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const opened = openPoint(
      c.get("deps"),
      { name: c.get("user")?.username ?? "khách", address: null },
      {
        campaignId: found.campaign.id,
        pointId: found.point.id,
        ...(await shownDay(c)),
      },
    );
    const campaign = store.campaigns.byId(found.campaign.id) ?? found.campaign;
    if (!opened.ok)
      return consolePage(c, campaign, found.point, { kind: "error", text: opened.error.message }, 409);
    // Without script: post, redirect, get — a reload of the page must not send the form again.
    if (!isHtmx(c)) return c.redirect(paths.officer.point(found.point.id), 303);
    // No message of its own: the head says "Đang lấy phiếu" and the live panel the zero report with
    // its time. A line above them said it a third time and pushed the pairing card, the next step,
    // below the first screen of a laptop (user trial).
    return consolePage(c, campaign, found.point);
  })

  .post(paths.officer.pause(":id"), allow("officer"), (c) =>
    pauseOrResumeAnswer(c, "pause", "Đã tạm dừng: các máy không nhận phiếu gửi cho đến khi tiếp tục."),
  )

  .post(paths.officer.resume(":id"), allow("officer"), (c) =>
    pauseOrResumeAnswer(c, "resume", "Đã tiếp tục lấy phiếu."),
  )

  .get(paths.officer.live(":id"), allow("officer"), (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const shown = LiveVersionSchema.safeParse(c.req.query("v"));
    const status = ShownStatusSchema.safeParse(c.req.query("s"));
    return heldLive(c, found.campaign, found.point, {
      version: shown.success ? shown.data : null,
      status: status.success ? status.data : null,
    });
  })

  .get(paths.officer.search(":id"), allow("officer"), (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const query = searchQuery(c.req.query("q"));
    const m = searchModel(c, found.campaign, found.point, query);
    // Refused, with the reason where the names would be, while no ballot can be handed out.
    return c.html(<SearchResults m={m} />, m.unavailable === null ? 200 : 409);
  })

  .post(paths.officer.issue(":id"), allow("officer"), async (c) => {
    const { store } = c.get("deps");
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const form = await readForm(c);
    const entryId = Number(form["entryId"] ?? "");
    const query = searchQuery(form["q"]);
    if (!Number.isSafeInteger(entryId) || entryId <= 0) {
      return checkInAnswer(
        c,
        found.campaign,
        found.point,
        query,
        {
          kind: "error",
          text: "Chưa chọn người nhận phiếu.",
        },
        422,
      );
    }
    // Check-ins from every console share one durable commit (group commit, server/db/group-commit.ts).
    const issued = await store.groupCommit("main", () =>
      issueBallot(
        c.get("deps"),
        { name: c.get("user")?.username ?? "khách", address: null },
        {
          campaign: found.campaign,
          point: found.point,
          rosterEntryId: entryId,
          kioskId: form["kioskId"] ?? "",
        },
      ),
    );
    if (!issued.ok) {
      return checkInAnswer(
        c,
        found.campaign,
        found.point,
        query,
        {
          kind: "error",
          text: issued.error.message,
        },
        409,
      );
    }
    if (!isHtmx(c)) {
      // Without script nothing moves "Mời cử tri đến Máy 1" into the past: the page it lands on
      // names the kiosk and its ticket, and says the line only while that kiosk still holds it
      // (`handedWithoutScript`). No resident in the address: it stays in the browser's history.
      const ticket = store.tickets.forKiosk(issued.value.kioskId);
      const handed = ticket ? `?may=${issued.value.kioskId}&phieu=${ticketRef(ticket.id)}` : "";
      return c.redirect(`${paths.officer.point(found.point.id)}${handed}`, 303);
    }
    const name = store.rosters.entry(entryId)?.fullName ?? "";
    // The next resident is already waiting: the search comes back empty and focused.
    return checkInAnswer(
      c,
      found.campaign,
      found.point,
      "",
      { kind: "ok", text: `Đã phát phiếu cho ${name}. Mời cử tri đến ${issued.value.kioskLabel}.` },
      200,
      { kioskId: issued.value.kioskId, resident: name },
    );
  })

  .post(paths.officer.cleanUpKiosks(":id"), allow("officer"), async (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    // The kiosks the page named: no other is removed unseen.
    const form = await readForm(c);
    const shown =
      form["may"] === undefined ? {} : { shown: form["may"].split(",").filter((id) => id !== "") };
    const cleaned = cleanUpSilentKiosks(c.get("deps"), c.get("actor"), { point: found.point, ...shown });
    if (!cleaned.ok)
      return kioskAnswer(c, found, "message", { kind: "error", text: cleaned.error.message }, 409);
    return kioskAnswer(c, found, "message", {
      kind: "ok",
      text: `Đã gỡ ${cleaned.value.join(", ")}. Máy nào cần dùng lại thì kết nối lại.`,
    });
  })

  .post(paths.officer.pairingWindow(":id"), allow("officer"), (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const opened = openPairingWindow(c.get("deps"), c.get("actor"), { point: found.point });
    if (!opened.ok) {
      return kioskAnswer(c, found, "pair", { kind: "error", text: opened.error.message }, 409);
    }
    // No message of its own: the card's status says the window is open until when and what to do,
    // and keeps saying it as that changes (PairStatus). A message beside it said the same twice.
    return kioskAnswer(c, found, "pair", null);
  })

  .post(paths.officer.pair(":id"), allow("officer"), async (c) => {
    const found = officerPoint(c);
    if (!found) return renderError(c, 404, NOT_YOURS);
    const form = await readForm(c);
    const paired = pairKiosk(c.get("deps"), c.get("actor"), {
      point: found.point,
      code: form["code"] ?? "",
      selfKioskId: c.get("kiosk")?.id ?? null,
    });
    if (!paired.ok) {
      const status = paired.error.code === "too_many_attempts" ? 429 : 422;
      return kioskAnswer(c, found, "pair", { kind: "error", text: paired.error.message }, status);
    }
    // No message of its own: the card's status says which kiosks were paired and whether one still
    // awaits a second officer, and keeps saying it as that changes (PairStatus, redrawn live).
    return kioskAnswer(c, found, "pair", null);
  })

  .post(`${paths.officer.point(":id")}/may/:kiosk/khong-thu-ve`, allow("officer"), async (c) => {
    // The ticket the officer saw at that kiosk (its tile's reference): no other is voided.
    const form = await readForm(c);
    const ref = form["phieu"] ?? "";
    return kioskAction(
      c,
      (deps, actor, input) =>
        /^[0-9a-f]{16}$/.test(ref)
          ? voidTicket(deps, actor, { ...input, ticketRef: ref })
          : fail("changed", pageTooOld("chưa hủy phiếu nào", "Xin xem lại máy rồi mới bấm “Không thu về”.")),
      // A voided ticket is final (the resident stays checked in: no new ballot), as the kiosk tells
      // the resident, who is asked to tell the team so that it goes into the minutes.
      (kiosk: Kiosk) =>
        `Đã hủy phiếu ở ${kiosk.label ?? "máy"}: tính là phát ra nhưng không thu về. ` +
        "Nếu cử tri đó quay lại bàn, ghi việc này vào ô “Sự cố trong ngày” khi kết thúc và kiểm phiếu.",
    );
  })

  .post(paths.officer.reissue(":id", ":kiosk"), allow("officer"), (c) =>
    kioskAction(
      c,
      reissueTicket,
      "Đã phát lại phiếu cho cử tri có phiếu bị mất; lần phát lại đã được ghi vào nhật ký như một sự cố.",
    ),
  )

  .post(`${paths.officer.point(":id")}/may/:kiosk/ngat`, allow("officer"), (c) =>
    kioskAction(c, unpairKiosk, "Đã ngắt kết nối máy."),
  )

  .post(paths.officer.confirmKiosk(":id", ":kiosk"), allow("officer"), (c) =>
    kioskAction(
      c,
      confirmKioskPairing,
      (kiosk: Kiosk) => `Đã xác nhận ${kiosk.label ?? "máy"}: máy đã sẵn sàng nhận phiếu.`,
    ),
  );

/** An officer's action on one kiosk of their point; the live panel answers with the outcome. */
function kioskAction<T>(
  c: Context<AppEnv>,
  action: (deps: ServiceDeps, actor: Actor, input: { point: Point; kioskId: string }) => Result<T, Refusal>,
  done: string | ((value: T) => string),
) {
  const found = officerPoint(c);
  if (!found) return renderError(c, 404, NOT_YOURS);
  const r = action(c.get("deps"), c.get("actor"), {
    point: found.point,
    kioskId: c.req.param("kiosk") ?? "",
  });
  if (!r.ok) return kioskAnswer(c, found, "message", { kind: "error", text: r.error.message }, 409);
  const text = typeof done === "string" ? done : done(r.value);
  return kioskAnswer(c, found, "message", { kind: "ok", text });
}
