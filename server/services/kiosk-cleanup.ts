import type { Actor } from "../domain/audit.ts";
import { isSilentKiosk, KIOSK_SILENT_MINUTES } from "../domain/kiosk-silence.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import type { Point } from "../domain/setup.ts";
import { record, type ServiceDeps, wakingPoint } from "./deps.ts";

export type CleanUpKiosksError = Refusal<"none_silent">;

/**
 * "Dọn các máy im lặng" (issue #14): removes, in one transaction, every kiosk of the point — paired
 * or still awaiting a second officer — that has been silent for more than KIOSK_SILENT_AFTER_MS and
 * holds no ticket (`isSilentKiosk`, judged again here at the clock's now, so a kiosk that polled since
 * the page was drawn stays). Removed kiosks must be paired again, as after "Ngắt kết nối". One audit
 * entry `kiosk.cleanup` names them all (labels only). Refused with a message when none is silent.
 * `shown`: the kiosks the page named (their ids); only those are removed — one fallen silent since
 * the page was drawn is not removed unseen (found by an attack, 2026-12-01).
 * Returns the labels removed, in kiosk-number order.
 */
export function cleanUpSilentKiosks(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; shown?: readonly string[] },
): Result<string[], CleanUpKiosksError> {
  const { store, clock } = deps;
  const { point, shown } = input;
  const removed = store.withTransaction((): Result<string[], CleanUpKiosksError> => {
    const now = clock.now().getTime();
    const silent = store.voting
      .kiosksAt(point.id)
      .filter((k) => shown === undefined || shown.includes(k.id))
      .filter((k) => isSilentKiosk(k, store.tickets.forKiosk(k.id) !== null, now, store.kioskPollHeld(k.id)));
    if (silent.length === 0) {
      return fail(
        "none_silent",
        `Không còn máy nào im lặng quá ${KIOSK_SILENT_MINUTES} phút: các máy đều vừa liên lạc hoặc đang giữ phiếu.`,
      );
    }
    const labels = silent.map((k) => k.label ?? "máy chưa đánh số");
    for (const kiosk of silent) {
      store.voting.deleteKiosk(kiosk.id);
      store.tickets.forget(kiosk.id);
    }
    record(deps, actor, "kiosk.cleanup", point.code, {
      kiosks: labels,
      silentMinutes: KIOSK_SILENT_MINUTES,
    });
    return ok(labels);
  });
  return wakingPoint(store, point.id, removed);
}
