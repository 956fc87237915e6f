/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { HomePage } from "../../views/home-page.tsx";
import { loadAssets } from "../http/assets.ts";
import { allow } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { paths } from "../http/paths.ts";
import { page, renderError } from "../http/respond.tsx";

export function publicRoutes() {
  const assets = loadAssets();
  return new Hono<AppEnv>()
    .get(paths.home, allow("public"), (c) => {
      const user = c.get("user");
      if (user) return c.redirect(user.role === "board" ? paths.board.home : paths.officer.home, 302);
      return page(c, "Trang chính", <HomePage campaign={c.get("deps").store.campaigns.current()} />);
    })

    .get(paths.health, allow("public"), (c) => {
      const db = c.get("deps").store.ping();
      return c.json(
        {
          status: db.ok ? "ok" : "error",
          database: db.ok ? "ok" : db.detail,
          time: c.get("deps").clock.now().toISOString(),
        },
        db.ok ? 200 : 503,
      );
    })

    .get("/assets/*", allow("public"), (c) => {
      const asset = assets.get(c.req.path);
      if (!asset) return renderError(c, 404, "Không tìm thấy tệp này.");
      if (c.req.header("If-None-Match") === asset.etag) return c.body(null, 304);
      c.header("Content-Type", asset.type);
      c.header("ETag", asset.etag);
      c.header("Cache-Control", "public, max-age=3600");
      return c.body(asset.body as Uint8Array<ArrayBuffer>);
    });
}
