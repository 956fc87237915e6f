import type { Clock } from "../clock.ts";
import type { Store } from "../db/store.ts";
import type { Actor, AuditAction } from "../domain/audit.ts";
import type { AuditEntry } from "../domain/audit-chain.ts";

/** What every service needs: the store (one transaction per state change) and the clock. */
export type ServiceDeps = { readonly store: Store; readonly clock: Clock };

/**
 * Appends the audit entry of a state change, inside the caller's transaction (the change and its
 * entry commit or roll back together). details hold only what an auditor needs: never passwords,
 * ballot content or anything linking a ticket to a resident (DESIGN §5).
 */
export function record(
  deps: ServiceDeps,
  actor: Actor,
  action: AuditAction,
  subject: string,
  details: Record<string, unknown> = {},
): AuditEntry {
  return deps.store.audit.append({
    at: deps.clock.now().toISOString(),
    actor: actor.name,
    action,
    subject,
    details,
  });
}

/**
 * `result`, after waking the consoles of point `pointId` when it succeeded: their live panels'
 * held polls read the point again (server/db/changes.ts). Called after the transaction, so a
 * woken panel reads what was committed; a refusal changed nothing anyone sees.
 */
export function wakingPoint<R extends { ok: boolean }>(store: Store, pointId: number, result: R): R {
  if (result.ok) store.pointChanged(pointId);
  return result;
}
