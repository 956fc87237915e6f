import { expect } from "vitest";
import { sha256Hex } from "../server/crypto/digest.ts";
import { isWindowOpen } from "../server/domain/pairing.ts";
import { ticketRef } from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import { buildScenario, byCode } from "../server/scenario-builder.ts";
import {
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  dataAttr,
  PASSWORD,
  type TestApp,
  testPasswordHash,
  testScenario,
  unwrap,
} from "./helpers.ts";

export const RESIDENTS = [
  { fullName: "Võ Văn Dũng", birthYear: 1952, cccd: "059083016613", householdCode: "H1", relation: "Chủ hộ" },
  { fullName: "Lê Diệu Lan", birthYear: 1979, cccd: "082199351819", householdCode: "H1", relation: "Vợ" },
  {
    fullName: "Nguyễn Thị Hường",
    birthYear: 1980,
    cccd: "079754323194",
    householdCode: "H2",
    relation: "Chủ hộ",
  },
  {
    fullName: "Bùi Thế Hùng",
    birthYear: 1955,
    cccd: "039099603082",
    householdCode: "H3",
    relation: "Chủ hộ",
  },
];

/**
 * A stamped campaign whose point votes "today" (the test clock's Vietnam date, 27/10/2026), with a
 * small roster, two officers and a logged-in officer client.
 */
export async function votingDay(
  t: TestApp,
  options: { onePer?: "resident" | "household"; residents?: number; extraOfficials?: number } = {},
) {
  const extra = Array.from(
    { length: Math.max(0, (options.residents ?? RESIDENTS.length) - RESIDENTS.length) },
    (_, i) => ({
      fullName: `Cử Tri Số ${i + 1}`,
      birthYear: 1950 + (i % 50),
      cccd: `0011${String(i).padStart(8, "0")}`,
      householdCode: `X${i}`,
      relation: "Chủ hộ",
    }),
  );
  const scenario = testScenario({
    onePer: options.onePer,
    residents: [...RESIDENTS, ...extra],
    extraOfficials: options.extraOfficials,
    officers: true,
  });
  const built = unwrap(
    await buildScenario(t, BOARD_ACTOR, scenario, {
      officers: {
        password: PASSWORD,
        mustChangePassword: false,
        seal: CHEAP_SEAL,
        passwordHash: await testPasswordHash(PASSWORD),
      },
    }),
  );
  const officer = new Client(t, "192.0.2.21");
  await officer.login("hq-t1-1");
  return {
    campaign: built.campaign,
    hq: byCode(built.communes, "HQ"),
    ht: byCode(built.communes, "HT"),
    officials: built.officials,
    point: byCode(built.points, "HQ-T1"),
    officer,
    officers: built.officers,
  };
}

export const htmx = { "HX-Request": "true" };

/** The officer presses "Kết nối máy mới": the point's pairing window opens for a few minutes. */
export async function openPairingWindow(officer: Client, pointId: number): Promise<void> {
  const res = await officer.post(paths.officer.pairingWindow(pointId), {}, htmx);
  if (res.status !== 200)
    throw new Error(`opening the pairing window failed: ${res.status} ${await res.text()}`);
}

/** The point's pairing window is open now (opened by whoever, at any time before). */
const windowOpen = (t: TestApp, pointId: number) =>
  isWindowOpen(t.store.voting.pairingWindow(pointId), t.clock.now().getTime());

const secondOfficers = new WeakMap<object, Client>();

/**
 * The point's second officer (hq-t1-2) confirms a kiosk the first one paired (issue #9 §4), from
 * their own browser, logged in once per app (again when the clock has outrun the login).
 */
export async function confirmPairing(t: TestApp, pointId: number, kioskId: string): Promise<Response> {
  let second = secondOfficers.get(t.app);
  if (!second) {
    second = new Client(t, "192.0.2.29");
    secondOfficers.set(t.app, second);
  }
  const confirm = () => second.post(paths.officer.confirmKiosk(pointId, kioskId), {}, htmx);
  let res = await confirm();
  if (res.status === 401) {
    await second.login("hq-t1-2");
    res = await confirm();
  }
  return res;
}

/** The device row behind a browser's kiosk cookie. */
export const deviceOf = (t: TestApp, kiosk: Client) =>
  t.store.voting.kioskByToken(sha256Hex(kiosk.cookies.get("tn_kiosk") ?? ""));

/**
 * A browser opening /kiosk while the point's pairing window is open (the officer opens it first
 * when it is not), paired by the officer with the code it shows and, when the campaign asks for it
 * (the default), confirmed by the point's second officer.
 */
export async function pairedKiosk(
  t: TestApp,
  officer: Client,
  pointId: number,
  ip = "192.0.2.50",
): Promise<Client> {
  if (!windowOpen(t, pointId)) await openPairingWindow(officer, pointId);
  const kiosk = new Client(t, ip);
  const html = await (await kiosk.get(paths.kiosk.home)).text();
  const code = dataAttr(html, "pairing-code");
  if (!code) throw new Error("no pairing code on the kiosk screen");
  const res = await officer.post(paths.officer.pair(pointId), { code }, htmx);
  if (res.status !== 200) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  const device = deviceOf(t, kiosk);
  if (device?.awaitingPointId != null) {
    const confirmed = await confirmPairing(t, pointId, device.id);
    if (confirmed.status !== 200)
      throw new Error(`confirming failed: ${confirmed.status} ${await confirmed.text()}`);
  }
  return kiosk;
}

/** The form "Không thu về" sends for the ticket a kiosk holds now (its tile's reference). */
export const heldTicket = (t: TestApp, kioskId: string): { phieu: string } => ({
  phieu: ticketRef(t.store.tickets.forKiosk(kioskId)?.id ?? ""),
});

export const kioskIdOf = (t: TestApp, label = "Máy 1") => {
  const row = t.store.db.query<{ id: string }, [string]>("SELECT id FROM kiosks WHERE label = ?").get(label);
  if (!row) throw new Error(`no kiosk ${label}`);
  return row.id;
};

export const entryIdOf = (t: TestApp, fullName: string) => {
  const row = t.store.db
    .query<{ id: number }, [string]>("SELECT id FROM roster_entries WHERE full_name = ?")
    .get(fullName);
  if (!row) throw new Error(`no roster entry ${fullName}`);
  return row.id;
};

/** The ticket id the kiosk is showing (from the ballot form). */
export async function ballotOnKiosk(
  kiosk: Client,
): Promise<{ status: number; html: string; ticket: string | null }> {
  const res = await kiosk.get(paths.kiosk.wait, htmx);
  const html = res.status === 204 ? "" : await res.text();
  return { status: res.status, html, ticket: dataAttr(html, "ticket-id") };
}

/**
 * For each resident named (in turn): the officer hands them a ballot at the point's only kiosk and
 * the kiosk casts it at once (HQ-01 low, HQ-02 high), each cast answered 200.
 */
export async function castEach(
  t: TestApp,
  officer: Client,
  pointId: number,
  kiosk: Client,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    await officer.post(
      paths.officer.issue(pointId),
      { entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t) },
      htmx,
    );
    await castHeld(kiosk);
  }
}

/** The kiosk casts the ballot it shows now with `marks` (official code → level), answered 200. */
export async function castHeld(
  kiosk: Client,
  marks: Record<string, string> = { "HQ-01": "low", "HQ-02": "high" },
): Promise<void> {
  const { ticket } = await ballotOnKiosk(kiosk);
  const fields = Object.fromEntries(Object.entries(marks).map(([code, level]) => [`m.${code}`, level]));
  const cast = await kiosk.post(paths.kiosk.cast, { t: ticket ?? "", ...fields }, htmx);
  expect(cast.status).toBe(200);
}
