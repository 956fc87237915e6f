import type { Context } from "hono";
import type { AuditAction } from "../domain/audit.ts";
import type { AuditEntry } from "../domain/audit-chain.ts";
import type { AppEnv } from "./context.ts";

/**
 * Records a state change in the hash-chained audit log, attributed to the logged-in account.
 * Callers pass only what an auditor needs: never passwords, ballot content, or a ticket–resident link.
 */
export function audit(
  c: Context<AppEnv>,
  action: AuditAction,
  subject: string,
  details: Record<string, unknown> = {},
  actor?: string,
): AuditEntry {
  const { store, clock } = c.var.deps;
  return store.audit.append({
    at: clock.now().toISOString(),
    actor: actor ?? c.var.user?.username ?? "khách",
    action,
    subject,
    details,
  });
}

/**
 * The client's address, for per-address limits. Behind the reverse proxy that PUBLIC_URL declares,
 * every request comes from the proxy, so the first address of X-Forwarded-For (set by that proxy)
 * is the client's; otherwise Bun.serve's own view (main.ts passes it in).
 */
export const clientAddress = (c: Context<AppEnv>): string => {
  const forwarded = c.var.deps?.config.PUBLIC_URL
    ? c.req.header("X-Forwarded-For")?.split(",")[0]?.trim()
    : undefined;
  return forwarded || c.env?.ip || "không rõ";
};
