import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { type Clock, systemClock } from "./clock.ts";
import { type Config, defaultConfig } from "./config.ts";
import { randomHex } from "./crypto/digest.ts";
import type { Store } from "./db/store.ts";
import { isHttps, loadKiosk, loadSession } from "./http/auth.ts";
import type { AppEnv } from "./http/context.ts";
import { csrf } from "./http/csrf.ts";
import { formBodiesOnly } from "./http/forms.ts";
import { allowedHosts, hostGuard, trustworthyOrigin } from "./http/hosts.ts";
import { renderError } from "./http/respond.tsx";
import { ROSTER_MAX_BYTES } from "./import/roster-file.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { authRoutes } from "./routes/auth.tsx";
import { boardRoutes } from "./routes/board.tsx";
import { kioskRoutes } from "./routes/kiosk.tsx";
import { KIOSK_AUDIO_PREFIX, kioskAudioRoutes } from "./routes/kiosk-audio.ts";
import { minutesRoutes } from "./routes/minutes.tsx";
import { officerRoutes } from "./routes/officer.tsx";
import { pointConsoleRoutes } from "./routes/point-console.tsx";
import { progressRoutes } from "./routes/progress.tsx";
import { publicRoutes } from "./routes/public.tsx";
import { resultsRoutes } from "./routes/results.tsx";
import { campaignRoutes } from "./routes/setup-campaign.tsx";
import { communeRoutes } from "./routes/setup-communes.tsx";
import { officerAdminRoutes } from "./routes/setup-officers.tsx";
import { officialRoutes } from "./routes/setup-officials.tsx";
import { pointRoutes } from "./routes/setup-points.tsx";
import { ROSTER_UPLOAD_PATH, rosterRoutes } from "./routes/setup-rosters.tsx";
import { stampRoutes } from "./routes/setup-stamp.tsx";
import type { Speech } from "./speech/speech.ts";

/** `speech`: the kiosk's audio clips (issue #13 item 6); without it the kiosk has no sound. */
export type AppDeps = { store: Store; clock?: Clock; config?: Config; logger?: Logger; speech?: Speech };

/** Forms and htmx requests are small; roster uploads (issue #4) get their own larger limit. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export function createApp({
  store,
  clock = systemClock,
  config = defaultConfig(),
  logger = silentLogger,
  speech,
}: AppDeps) {
  const deps = { store, clock, config, logger, speech };
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    c.set("deps", deps);
    c.set("requestId", randomHex(6));
    const started = performance.now();
    await next();
    // Kiosk requests are not logged at all: even a status ("422 on /kiosk/phieu" means blank rows
    // not yet confirmed) could be lined up with a resident's check-in. Assets are noise.
    if (c.req.path.startsWith("/kiosk") || c.req.path.startsWith("/assets/")) return;
    // Path only: query strings may carry a resident's name typed in a roster search (DESIGN §5).
    logger.info("request", {
      id: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "same-origin",
      // Set below, only where a browser applies them.
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
    }),
  );

  // Officer and board pages hold names, CCCD digits and who has voted; kiosk screens a ballot; every
  // page a CSRF token. Nothing but the static assets may be kept by a browser, its back/forward
  // cache or a proxy (issue #9 §3), whatever the route set.
  app.use("*", async (c, next) => {
    await next();
    // The kiosk's audio clips (the same for every resident) set their own revalidating policy; an
    // answer there without one (a refusal before the clip route: an officer, an unpaired device) is
    // no-store like any other.
    const path = c.req.path;
    const clip = path.startsWith(KIOSK_AUDIO_PREFIX) && c.res.headers.has("Cache-Control");
    if (!path.startsWith("/assets/") && !clip) c.res.headers.set("Cache-Control", "no-store");
    // Cross-Origin-Opener-Policy and Origin-Agent-Cluster apply on an origin the browser trusts
    // (HTTPS, loopback). Over plain HTTP on the room's network a browser ignores both, and Chromium
    // logs an error for the first on every page a kiosk or console opens (newcomer trial).
    if (trustworthyOrigin(isHttps(c), c.get("host"))) {
      c.res.headers.set("Cross-Origin-Opener-Policy", "same-origin");
      c.res.headers.set("Origin-Agent-Cluster", "?1");
    }
  });

  // Before anything else reads a cookie or writes a row: a request for a host name that is not ours
  // (DNS rebinding on the LAN) gets 421 (with the security headers above).
  app.use("*", hostGuard(allowedHosts(config)));

  const formLimit = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) =>
      renderError(
        c,
        413,
        "Dữ liệu gửi lên quá lớn. Không có gì được lưu; vui lòng kiểm tra lại rồi gửi lại.",
      ),
  });
  // The roster upload carries a file: its limit is the file's plus room for the form around it.
  const uploadLimit = bodyLimit({
    maxSize: ROSTER_MAX_BYTES + BODY_LIMIT_BYTES,
    onError: (c) => renderError(c, 413, "Tệp quá lớn: tối đa 10 MB. Không có gì được lưu."),
  });
  app.use("*", loadSession);
  app.use("*", loadKiosk);
  // Only a logged-in board member may send the large upload body: anyone else gets the form limit,
  // before the CSRF check reads the body.
  app.use("*", (c, next) =>
    ROSTER_UPLOAD_PATH.test(c.req.path) && c.get("user")?.role === "board"
      ? uploadLimit(c, next)
      : formLimit(c, next),
  );
  app.use("*", formBodiesOnly);
  app.use("*", csrf);

  app.route("/", publicRoutes());
  app.route("/", authRoutes);
  app.route("/", boardRoutes);
  app.route("/", officerRoutes);
  app.route("/", campaignRoutes);
  app.route("/", communeRoutes);
  app.route("/", officialRoutes);
  app.route("/", pointRoutes);
  app.route("/", officerAdminRoutes);
  app.route("/", rosterRoutes());
  app.route("/", stampRoutes);
  app.route("/", kioskAudioRoutes);
  app.route("/", kioskRoutes);
  app.route("/", pointConsoleRoutes);
  app.route("/", minutesRoutes);
  app.route("/", progressRoutes);
  app.route("/", resultsRoutes);

  app.notFound((c) =>
    renderError(c, 404, "Không tìm thấy trang bạn cần. Có thể đường dẫn đã sai hoặc đã cũ."),
  );

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return renderError(c, error.status, "Yêu cầu không hợp lệ. Vui lòng thử lại.");
    }
    // Unexpected: log it with the request id the page shows, never show the stack to the user.
    const requestId = c.get("requestId") ?? randomHex(6);
    logger.error("unhandled", {
      id: requestId,
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return renderError(c, 500, "Hệ thống gặp sự cố ngoài dự kiến. Thao tác chưa được thực hiện.", requestId);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
