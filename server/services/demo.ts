import { SettingsRepo } from "../db/settings-repo.ts";
import type { ServiceDeps } from "./deps.ts";

/** The settings row that says the database was made as a demo (migration 0010). */
const DEMO_KEY = "demo";

/**
 * Decides at start-up whether the sample campaign (accounts with a published password) may be
 * loaded (issue #9 §3). Only into a database made as a demo: one created just now (`fresh`) with
 * DEMO on is marked so, and only a marked database ever gets the sample, once, while it has no
 * accounts. An existing database that was not made as a demo is never seeded, even when empty, so
 * `npm start` on a production database cannot create the published accounts. (DEMO with
 * NODE_ENV=production is refused by the configuration before this runs.)
 */
export function prepareDemo(
  deps: ServiceDeps,
  input: { demo: boolean; fresh: boolean },
): { seed: boolean; demoDatabase: boolean } {
  const { store } = deps;
  const settings = new SettingsRepo(store.db);
  return store.withTransaction(() => {
    if (input.demo && input.fresh && settings.get(DEMO_KEY) === null) settings.set(DEMO_KEY, "1");
    const demoDatabase = settings.get(DEMO_KEY) === "1";
    return { seed: input.demo && demoDatabase && store.users.count() === 0, demoDatabase };
  });
}
