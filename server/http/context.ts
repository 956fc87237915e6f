import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { SessionRow } from "../db/session-repo.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import type { User } from "../domain/users.ts";
import type { Kiosk } from "../domain/voting.ts";
import type { Logger } from "../logger.ts";
import type { Speech } from "../speech/speech.ts";

export type Deps = {
  store: Store;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** The kiosk's audio clips; absent when speech is off (and in most tests). */
  speech?: Speech | undefined;
};

/** Hono's environment for every route: what middleware puts on the context. */
export type AppEnv = {
  Bindings: { ip?: string };
  Variables: {
    deps: Deps;
    requestId: string;
    user: User | null;
    session: SessionRow | null;
    csrfToken: string;
    /** Who this request acts as: the logged-in account or "khách", with the client address. */
    actor: Actor;
    /** The kiosk device behind the tn_kiosk cookie, paired or not. */
    kiosk: Kiosk | null;
    /** The host name the request was for, normalized, once the host check let it in (hosts.ts). */
    host: string;
    /** The request's Cookie header, parsed once (auth.ts `readCookie`): name → value. */
    cookies: Record<string, string>;
  };
};
