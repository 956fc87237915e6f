import type { Ticket } from "../../server/domain/voting.ts";

/** Ticket `t<n>` held by `kioskId`, for point 1 on 2026-10-27 (TicketBook and group-commit tests). */
export const ticket = (n: number, kioskId = "k1"): Ticket => ({
  id: `t${n}`,
  kioskId,
  pointId: 1,
  day: "2026-10-27",
  opened: false,
});
